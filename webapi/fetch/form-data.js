// FormData per the XHR standard, and its multipart/form-data encoding.
import { defineGlobal, definePairIterable, host, tag } from '../host.js';
import { Blob, File, kBytes } from './blob.js';
import { toUSV } from '../url/url-search-params.js';

function entryValue(value, filename) {
  if (!(value instanceof Blob)) return toUSV(value);
  if (value instanceof File && filename === undefined) return value;
  return new File([value], filename === undefined ? 'blob' : toUSV(filename), {
    type: value.type,
    lastModified: value instanceof File ? value.lastModified : undefined,
  });
}

// listOf reads what the iterators walk (see definePairIterable).
let listOf;
export class FormData {
  #list = [];

  constructor(form = undefined, submitter = undefined) {
    if (form !== undefined) {
      throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    }
  }

  append(name, value, filename = undefined) {
    if (arguments.length < 2) throw new TypeError(`Failed to execute 'append' on 'FormData': 2 arguments required, but only ${arguments.length} present.`);
    if (arguments.length === 3 && !(value instanceof Blob)) throw new TypeError("Failed to execute 'append' on 'FormData': parameter 2 is not of type 'Blob'.");
    this.#list.push([toUSV(name), entryValue(value, filename)]);
  }
  delete(name) {
    name = toUSV(name);
    this.#list = this.#list.filter(([k]) => k !== name);
  }
  get(name) {
    name = toUSV(name);
    return this.#list.find(([k]) => k === name)?.[1] ?? null;
  }
  getAll(name) {
    name = toUSV(name);
    return this.#list.filter(([k]) => k === name).map(([, v]) => v);
  }
  has(name) {
    name = toUSV(name);
    return this.#list.some(([k]) => k === name);
  }
  set(name, value, filename = undefined) {
    if (arguments.length < 2) throw new TypeError(`Failed to execute 'set' on 'FormData': 2 arguments required, but only ${arguments.length} present.`);
    if (arguments.length === 3 && !(value instanceof Blob)) throw new TypeError("Failed to execute 'set' on 'FormData': parameter 2 is not of type 'Blob'.");
    name = toUSV(name);
    const entry = [name, entryValue(value, filename)];
    const i = this.#list.findIndex(([k]) => k === name);
    if (i < 0) this.#list.push(entry);
    else this.#list = [...this.#list.slice(0, i), entry, ...this.#list.slice(i + 1).filter(([k]) => k !== name)];
  }
  forEach(callback, thisArg) {
    for (const [k, v] of this.#list) callback.call(thisArg, v, k, this);
  }
  static { listOf = (f) => f.#list; }
}
tag(FormData, 'FormData');
definePairIterable(FormData, 'FormData', listOf);

const escapeName = (s) => s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');

// encodeMultipart serialises a FormData as multipart/form-data and returns the
// bytes and the Content-Type with its boundary.
export function encodeMultipart(form) {
  const boundary = `----formdata-jsroutes-${crypto.randomUUID().replace(/-/g, '')}`;
  const encoder = new TextEncoder();
  const chunks = [];
  for (const [name, value] of form) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"`;
    if (typeof value === 'string') {
      chunks.push(encoder.encode(`${head}\r\n\r\n${value.replace(/\r\n|\r|\n/g, '\r\n')}\r\n`));
    } else {
      head += `; filename="${escapeName(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
      chunks.push(encoder.encode(head), value[kBytes], encoder.encode('\r\n'));
    }
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) { bytes.set(c, off); off += c.length; }
  return { bytes, contentType: `multipart/form-data; boundary=${boundary}` };
}

// decodeMultipart parses a multipart/form-data body (Go's mime/multipart does
// the parsing) into a FormData.
export function decodeMultipart(bytes, contentType) {
  const parts = host.parseMultipart(bytes.buffer, bytes.byteOffset, bytes.byteLength, contentType);
  const form = new FormData();
  for (const p of parts) {
    if (p.length === 2) form.append(p[0], p[1]);
    else form.append(p[0], new File([p[1]], p[2], { type: p[3] }));
  }
  return form;
}

defineGlobal('FormData', FormData);
