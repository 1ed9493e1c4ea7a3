// Blob and File per the File API. A Blob holds its bytes in one Uint8Array.
import { defineGlobal, tag } from '../host.js';
import { bytesOf } from '../encoding/encoding.js';
import { kBytes } from './body.js';

export { kBytes };

const encoder = new TextEncoder();

function normalizeType(type) {
  const t = String(type ?? '');
  return /^[\x20-\x7E]*$/.test(t) ? t.toLowerCase() : '';
}

function partBytes(part, endings) {
  if (part instanceof Blob) return part[kBytes];
  if (part instanceof ArrayBuffer || ArrayBuffer.isView(part)) return bytesOf(part).slice();
  let s = String(part);
  if (endings === 'native') s = s.replace(/\r\n|\r/g, '\n');
  return encoder.encode(s);
}

// checkBag throws for an options argument WebIDL cannot read as a
// dictionary (undefined and null are an empty one).
function checkBag(options, what) {
  if (options != null && typeof options !== 'object' && typeof options !== 'function') {
    throw new TypeError(`Failed to construct '${what}': The provided value is not of type '${what}PropertyBag'.`);
  }
}

export class Blob {
  #bytes;
  #type;

  constructor(parts = [], options = {}) {
    checkBag(options, 'Blob');
    if (parts === null || typeof parts !== 'object' || typeof parts[Symbol.iterator] !== 'function') {
      throw new TypeError("Failed to construct 'Blob': The provided value cannot be converted to a sequence.");
    }
    const endings = options?.endings ?? 'transparent';
    if (endings !== 'transparent' && endings !== 'native') {
      throw new TypeError(`Failed to construct 'Blob': The provided value '${endings}' is not a valid enum value of type EndingType.`);
    }
    const chunks = [...parts].map((p) => partBytes(p, endings));
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const bytes = chunks.length === 1 ? chunks[0] : new Uint8Array(size);
    if (chunks.length !== 1) {
      let off = 0;
      for (const c of chunks) { bytes.set(c, off); off += c.length; }
    }
    this.#bytes = bytes;
    this.#type = normalizeType(options?.type);
  }

  // Internal: the bytes, shared, never handed out to user code.
  get [kBytes]() { return this.#bytes; }

  get size() { return this.#bytes.length; }
  get type() { return this.#type; }

  slice(start = 0, end = this.size, contentType = '') {
    const size = this.size;
    const rel = (n) => (n < 0 ? Math.max(size + n, 0) : Math.min(n, size));
    const from = rel(Math.trunc(Number(start)) || 0);
    const to = rel(end === undefined ? size : Math.trunc(Number(end)) || 0);
    const out = new Blob([], { type: contentType });
    out.#bytes = this.#bytes.slice(from, Math.max(from, to));
    return out;
  }

  async text() { return new TextDecoder().decode(this.#bytes); }
  async arrayBuffer() { return this.#bytes.slice().buffer; }
  async bytes() { return this.#bytes.slice(); }
  stream() {
    const bytes = this.#bytes.slice();
    return new ReadableStream({
      type: 'bytes',
      start(controller) {
        if (bytes.length) controller.enqueue(bytes);
        controller.close();
      },
    });
  }
}
tag(Blob, 'Blob');

export class File extends Blob {
  #name;
  #lastModified;
  constructor(parts, name, options = {}) {
    if (arguments.length < 2) throw new TypeError(`Failed to construct 'File': 2 arguments required, but only ${arguments.length} present.`);
    checkBag(options, 'File');
    super(parts, options);
    this.#name = String(name);
    this.#lastModified = options?.lastModified === undefined ? Date.now() : Number(options.lastModified);
  }
  get name() { return this.#name; }
  get lastModified() { return this.#lastModified; }
  get webkitRelativePath() { return ''; }
}
tag(File, 'File');

defineGlobal('Blob', Blob);
defineGlobal('File', File);

// Object URLs (URL.createObjectURL): blob:nodedata:<uuid>, Node's form,
// resolved by fetch() and node:buffer's resolveObjectURL. They live in
// the worker that made them, until revoked (as in Node's process: a URL
// made while one request is handled may be fetched by a later request
// only on the same worker).
const objectURLs = new Map();

export function createObjectURL(obj) {
  if (!(obj instanceof Blob)) throw new TypeError(`The "obj" argument must be an instance of Blob. Received ${obj === null ? 'null' : typeof obj}`);
  const url = `blob:nodedata:${crypto.randomUUID()}`;
  objectURLs.set(url, obj);
  return url;
}

export function revokeObjectURL(url) {
  objectURLs.delete(String(url));
}

export function resolveObjectURL(url) {
  return objectURLs.get(String(url).split('#')[0]);
}

