// node:buffer. Buffer itself is goja_nodejs's (Go-backed encodings and
// number reads and writes); this adds the statics and methods it lacks so
// that Node code runs unchanged, and makes Buffer a global as in Node.
import { defineGlobal, host } from '../host.js';
import { lazyModule } from '../lazy-globals.js';

export const Buffer = host.Buffer;
const proto = Buffer.prototype;
const encodings = new Set(['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'ascii', 'latin1', 'binary', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le']);

const define = (obj, name, value) => Object.defineProperty(obj, name, { value, writable: true, configurable: true });

// The allocators are weighed first, as the buffer constructors are (see
// memory.js): goja_nodejs allocates in one Go call.
for (const name of ['alloc', 'allocUnsafe', 'allocUnsafeSlow']) {
  const alloc = Buffer[name];
  define(Buffer, name, function (size, ...rest) {
    if (typeof size === 'number' && size >= 1 << 20) host.reserve(size, 'Array buffer allocation failed');
    return alloc.call(this, size, ...rest);
  });
}

// Encodings goja_nodejs's codecs lack: base64url (by way of base64) and
// the one-byte latin1/binary/ascii.
const lower = (enc) => (typeof enc === 'string' ? enc.toLowerCase() : enc);
const oneByte = new Set(['latin1', 'binary', 'ascii']);
const toString = proto.toString;
define(proto, 'toString', function (enc, start, end) {
  const e = lower(enc);
  if (e === 'base64url') return toString.call(this, 'base64', start, end).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  if (oneByte.has(e)) {
    const bytes = this.subarray(start ?? 0, end ?? this.length);
    let out = '';
    for (let i = 0; i < bytes.length; i += 8192) {
      const chunk = bytes.subarray(i, i + 8192);
      out += String.fromCharCode.apply(null, e === 'ascii' ? Array.from(chunk, (b) => b & 0x7f) : chunk);
    }
    return out;
  }
  return toString.call(this, enc, start, end);
});
const from = Buffer.from;
define(Buffer, 'from', function (value, enc, length) {
  const e = lower(enc);
  if (typeof value === 'string' && e === 'base64url') return from.call(Buffer, value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (typeof value === 'string' && oneByte.has(e)) {
    const out = Buffer.alloc(value.length);
    for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i) & 0xff;
    return out;
  }
  return from.call(Buffer, value, enc, length);
});

// write(string[, offset[, length]][, encoding]): goja_nodejs's takes all
// four in place; Node code passes the encoding early (pg-protocol:
// buf.write(s, offset, 'utf-8')).
const write = proto.write;
define(proto, 'write', function (string, offset, length, encoding) {
  if (typeof offset === 'string') [encoding, offset, length] = [offset, 0, undefined];
  else if (typeof length === 'string') [encoding, length] = [length, undefined];
  offset = offset ?? 0;
  length = length ?? this.length - offset;
  const e = lower(encoding) ?? 'utf8';
  if (e === 'base64url' || oneByte.has(e)) {
    const bytes = Buffer.from(string, e);
    const n = Math.max(0, Math.min(bytes.length, length, this.length - offset));
    this.set(bytes.subarray(0, n), offset);
    return n;
  }
  return write.call(this, string, offset, length, e);
});

define(Buffer, 'isBuffer', (b) => b instanceof Buffer);
define(Buffer, 'isEncoding', (e) => typeof e === 'string' && encodings.has(e.toLowerCase()));
define(Buffer, 'byteLength', (v, enc = 'utf8') => {
  if (typeof v === 'string') return Buffer.from(v, enc).length;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v.byteLength;
  throw new TypeError('The "string" argument must be of type string or an instance of Buffer or ArrayBuffer.');
});
define(Buffer, 'allocUnsafe', (n) => Buffer.alloc(n));
define(Buffer, 'allocUnsafeSlow', (n) => Buffer.alloc(n));
define(Buffer, 'compare', (a, b) => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
});

// A Buffer's slice and subarray are views, not copies.
const view = (buf, start = 0, end = buf.length) => {
  const len = buf.length;
  const clamp = (n) => (n < 0 ? Math.max(len + n, 0) : Math.min(n, len));
  const s = clamp(Math.trunc(start) || 0);
  const e = Math.max(s, clamp(end === undefined ? len : Math.trunc(end) || 0));
  return Buffer.from(buf.buffer, buf.byteOffset + s, e - s);
};
define(proto, 'subarray', function subarray(start, end) { return view(this, start, end); });
define(proto, 'slice', function slice(start, end) { return view(this, start, end); });
define(proto, 'compare', function compare(target) { return Buffer.compare(this, target); });
define(proto, 'copy', function copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
  // As Node: positions past either end copy nothing (a negative count
  // would make subarray count from the end).
  targetStart = Math.max(0, Math.trunc(targetStart) || 0);
  if (targetStart >= target.length) return 0;
  const src = this.subarray(sourceStart, sourceEnd);
  const n = Math.max(0, Math.min(src.length, target.length - targetStart));
  if (n === 0) return 0;
  target.set(n === src.length ? src : src.subarray(0, n), targetStart);
  return n;
});
define(proto, 'toJSON', function toJSON() { return { type: 'Buffer', data: Array.from(this) }; });
const indexOf = Uint8Array.prototype.indexOf;
define(proto, 'indexOf', function (value, byteOffset = 0, enc = 'utf8') {
  if (typeof value === 'number') return indexOf.call(this, value & 255, byteOffset);
  const needle = typeof value === 'string' ? Buffer.from(value, enc) : value;
  if (needle.length === 0) return Math.min(byteOffset, this.length);
  outer: for (let i = Math.max(0, byteOffset); i <= this.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
});
define(proto, 'includes', function (value, byteOffset, enc) { return this.indexOf(value, byteOffset, enc) !== -1; });

export const kMaxLength = 2 ** 32 - 1;
export const constants = { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: 2 ** 29 - 24 };
export const { Blob, File, atob, btoa } = globalThis;
// The Blob behind a URL.createObjectURL URL of this worker, or undefined.
export const resolveObjectURL = (url) => lazyModule('blob').resolveObjectURL(url);

defineGlobal('Buffer', Buffer);
export default { Buffer, kMaxLength, constants, Blob, File, atob, btoa, resolveObjectURL };
