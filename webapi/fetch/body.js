// The Body mixin shared by Request and Response: extracting a body from a
// BodyInit with its default Content-Type, and consuming it exactly once.
// Bodies keep their original form (string, bytes, Blob, stream, or the
// incoming request in Go) until read, so the common cases never touch a stream.
import { bytesOf } from '../encoding/encoding.js';
import { lazyLoaded, lazyModule } from '../lazy-globals.js';
import { URLSearchParams, parseUrlencoded } from '../url/url-search-params.js';
import { streamsLoaded } from '../streams/streams.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// Forms are decoded "without BOM": a leading U+FEFF is part of the first name.
const formDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

export const kBody = Symbol('body');
// kBytes reads a Blob's bytes (blob.js, a lazy module, defines Blob).
export const kBytes = Symbol('bytes');

// Body is the state behind one request's or response's body.
export class Body {
  constructor(kind, value, length = null, type = null) {
    this.kind = kind; // 'string' | 'bytes' | 'blob' | 'stream' | 'source'
    // string | Uint8Array | Blob | ReadableStream | a Source: bytes held by Go
    // (an incoming request, a fetch response), read on demand.
    this.value = value;
    // The rest default on the prototype: own properties are costly in goja,
    // and most bodies never change them.
    if (type !== null) this.type = type; // the Content-Type the body implies
    if (length !== null) this.length = length; // byte length when known
    if (kind === 'stream') this.stream = value;
  }

  get disturbed() {
    return this.used || (this.stream !== null && this.stream._disturbed === true);
  }
}
Body.prototype.type = null;
Body.prototype.length = null;
Body.prototype.used = false;
Body.prototype.stream = null;

const textType = 'text/plain;charset=UTF-8';

// extractBody implements the Fetch standard's "extract a body": the Body,
// with the Content-Type it implies in .type.
export function extractBody(init, keepalive = false) {
  if (typeof init === 'string') return new Body('string', init, null, textType);
  if (init instanceof URLSearchParams) {
    return new Body('string', init.toString(), null, 'application/x-www-form-urlencoded;charset=UTF-8');
  }
  if (init instanceof ArrayBuffer || ArrayBuffer.isView(init)) {
    const bytes = bytesOf(init).slice();
    return new Body('bytes', bytes, bytes.length);
  }
  if (lazyLoaded('blob') && init instanceof Blob) return new Body('blob', init, init.size, init.type || null);
  if (lazyLoaded('form-data') && init instanceof FormData) {
    const { bytes, contentType } = lazyModule('form-data').encodeMultipart(init);
    return new Body('bytes', bytes, bytes.length, contentType);
  }
  if (streamsLoaded() && init instanceof ReadableStream) {
    if (keepalive) throw new TypeError('keepalive cannot be used with a ReadableStream body');
    if (init.locked || init._disturbed) throw new TypeError('Response body object should not be disturbed or locked');
    return new Body('stream', init);
  }
  if (init !== null && typeof init === 'object' && typeof init[Symbol.asyncIterator] === 'function') {
    return new Body('stream', ReadableStream.from(init));
  }
  return new Body('string', String(init), null, textType);
}

// A 'source' body's value is an object whose bytes Go holds: read()
// resolves with the next chunk (an ArrayBuffer) or null at the end; all()
// with everything left; text() with everything left decoded as UTF-8 and
// json() with that text parsed (in Go: the fast paths of text() and
// json()); cancel() lets go of it.

// sourceStream exposes a Source as a byte stream that pulls from Go one
// chunk at a time, so nothing is buffered unless it is read.
function sourceStream(source) {
  return new ReadableStream({
    type: 'bytes',
    async pull(controller) {
      const chunk = await source.read();
      if (chunk === null) {
        controller.close();
        controller.byobRequest?.respond(0);
      } else if (chunk.byteLength > 0) {
        controller.enqueue(new Uint8Array(chunk));
      }
    },
    cancel() { source.cancel(); },
  }, { highWaterMark: 0 });
}

// streamOf returns the body as a ReadableStream, switching the body to
// stream form (what reading `.body` does).
export function streamOf(body) {
  if (body === null) return null;
  if (body.stream === null && body.used) {
    // Read by text(), json() and the rest without a stream: the stream is
    // one already read and locked, as the Fetch standard's would be.
    body.stream = new ReadableStream({ start(controller) { controller.close(); } });
    body.stream.getReader().read();
    return body.stream;
  }
  if (body.stream === null) {
    const { kind, value } = body;
    if (kind === 'source') body.stream = sourceStream(value);
    else if (kind === 'blob') body.stream = value.stream();
    else {
      const bytes = kind === 'string' ? encoder.encode(value) : value;
      body.stream = new ReadableStream({
        type: 'bytes',
        start(controller) {
          if (bytes.length) controller.enqueue(bytes.slice());
          controller.close();
        },
      });
    }
    body.kind = 'stream';
    body.value = body.stream;
  }
  return body.stream;
}

async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) throw new TypeError('Received non-Uint8Array chunk');
    chunks.push(value);
    size += value.length;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) { out.set(c, off); off += c.length; }
  return out;
}

function claim(body) {
  if (body !== null && body.disturbed) throw new TypeError('Body is unusable: Body has already been read');
  if (body !== null && body.stream?.locked) throw new TypeError('Body is unusable: Body has already been read');
  if (body !== null) body.used = true;
}

// consumeBytes resolves with all of a body's bytes (empty for no body), in a
// Uint8Array that the caller owns.
async function consumeBytes(body) {
  if (body === null) return new Uint8Array(0);
  switch (body.kind) {
    case 'string': return encoder.encode(body.value);
    case 'bytes': return body.value.slice();
    case 'blob': return body.value[kBytes].slice();
    case 'source': return new Uint8Array(await body.value.all());
    default: return readAll(body.stream);
  }
}

async function consumeText(body) {
  if (body !== null && body.kind === 'string') return body.value;
  return decoder.decode(await consumeBytes(body));
}

function mimeEssence(type) {
  return (type ?? '').split(';')[0].trim().toLowerCase();
}

// The methods of the Body mixin, in terms of `this[kBody]` and `this.headers`.
// The methods of the Body mixin. text() and json() avoid async functions,
// which goja runs as costly generators, on their common paths.
export const bodyMixin = {
  get body() { return streamOf(this[kBody]); },
  get bodyUsed() { return this[kBody] !== null && this[kBody].disturbed; },
  text() {
    const body = this[kBody];
    try { claim(body); } catch (e) { return Promise.reject(e); }
    if (body === null) return Promise.resolve('');
    if (body.kind === 'string') return Promise.resolve(body.value);
    if (body.kind === 'source') return body.value.text();
    return consumeText(body);
  },
  json() {
    const body = this[kBody];
    if (body === null || body.kind !== 'source') return this.text().then(JSON.parse);
    // Bytes held by Go: decoded and parsed there, with no JS continuation.
    try { claim(body); } catch (e) { return Promise.reject(e); }
    return body.value.json();
  },
  async arrayBuffer() {
    claim(this[kBody]);
    const bytes = await consumeBytes(this[kBody]);
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  },
  async bytes() {
    claim(this[kBody]);
    return consumeBytes(this[kBody]);
  },
  async blob() {
    claim(this[kBody]);
    const bytes = await consumeBytes(this[kBody]);
    return new Blob([bytes], { type: this.headers.get('content-type') ?? '' });
  },
  async formData() {
    claim(this[kBody]);
    // The body is read before its type is looked at: a stream's error is
    // what the promise rejects with, whatever the Content-Type.
    const bytes = await consumeBytes(this[kBody]);
    const type = this.headers.get('content-type');
    const essence = mimeEssence(type);
    if (essence === 'multipart/form-data') return lazyModule('form-data').decodeMultipart(bytes, type);
    if (essence === 'application/x-www-form-urlencoded') {
      const form = new FormData();
      const list = parseUrlencoded(formDecoder.decode(bytes));
      for (let i = 0; i < list.length; i += 2) form.append(list[i], list[i + 1]);
      return form;
    }
    throw new TypeError(`Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".`);
  },
};

// mixBody copies the Body mixin's members onto a class's prototype.
export function mixBody(cls) {
  for (const [name, desc] of Object.entries(Object.getOwnPropertyDescriptors(bodyMixin))) {
    Object.defineProperty(cls.prototype, name, { ...desc, enumerable: true });
  }
  // No body unless set: a default here saves an own property per object.
  Object.defineProperty(cls.prototype, kBody, { value: null, writable: true });
}

// cloneBody tees a body for Request/Response clone(): both halves read the same bytes.
export function cloneBody(body) {
  if (body === null) return null;
  if (body.disturbed) throw new TypeError('Response.clone: Body has already been consumed.');
  switch (body.kind) {
    case 'string': case 'bytes': case 'blob':
      return new Body(body.kind, body.value, body.length, body.type);
    default: {
      const [a, b] = streamOf(body).tee();
      body.stream = a;
      body.value = a;
      return new Body('stream', b);
    }
  }
}
