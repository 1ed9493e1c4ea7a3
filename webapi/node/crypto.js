// node:crypto: hashing, HMAC, PBKDF2 and scrypt, random bytes and numbers,
// and the constant-time comparison (what webhook signature checks use), on
// Go's crypto packages; webcrypto is the global crypto.
import { host } from '../host.js';
import { Buffer } from './buffer.js';

function toBytes(data, enc) {
  if (typeof data === 'string') return Buffer.from(data, enc ?? 'utf8');
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.');
}

const args = (b) => [b.buffer, b.byteOffset, b.byteLength];

function output(ab, enc) {
  const buf = Buffer.from(ab);
  return enc === undefined || enc === 'buffer' ? buf : buf.toString(enc);
}

function concat(chunks) {
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) { out.set(c, off); off += c.length; }
  return out;
}

class Digest {
  #chunks = [];
  #done = false;
  update(data, enc) {
    if (this.#done) throw new Error('Digest already called');
    this.#chunks.push(toBytes(data, enc).slice());
    return this;
  }
  digest(enc) {
    if (this.#done) throw new Error('Digest already called');
    this.#done = true;
    return output(this.compute(concat(this.#chunks)), enc);
  }
}

export class Hash extends Digest {
  #alg;
  constructor(alg) {
    super();
    host.nodeHash(alg, ...args(new Uint8Array(0))); // refuses an unknown algorithm now
    this.#alg = alg;
  }
  compute(data) { return host.nodeHash(this.#alg, ...args(data)); }
}

export class Hmac extends Digest {
  #alg;
  #key;
  constructor(alg, key) {
    super();
    this.#key = (key && typeof key === 'object' && key.type === 'secret' && key.export) ? toBytes(key.export()) : toBytes(key);
    host.nodeHmac(alg, ...args(this.#key), ...args(new Uint8Array(0)));
    this.#alg = alg;
  }
  compute(data) { return host.nodeHmac(this.#alg, ...args(this.#key), ...args(data)); }
}

export const createHash = (alg) => new Hash(alg);
export const createHmac = (alg, key) => new Hmac(alg, key);
export const getHashes = () => host.nodeHashes().sort();

export function timingSafeEqual(a, b) {
  const x = toBytes(a);
  const y = toBytes(b);
  if (x.byteLength !== y.byteLength) throw new RangeError('Input buffers must have the same byte length');
  return host.nodeTimingSafeEqual(...args(x), ...args(y));
}

// callback runs fn now and hands its result to cb on a later turn, or
// returns it when there is no cb, as Node's (sync | callback) APIs do.
function callback(fn, cb) {
  if (typeof cb !== 'function') return fn();
  let result;
  let error = null;
  try { result = fn(); } catch (e) { error = e; }
  setTimeout(() => (error ? cb(error) : cb(null, result)), 0);
  return undefined;
}

export function randomBytes(size, cb) {
  return callback(() => {
    const buf = Buffer.alloc(size);
    globalThis.crypto.getRandomValues(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    return buf;
  }, cb);
}

export function randomFillSync(buf, offset = 0, size = buf.byteLength - offset) {
  globalThis.crypto.getRandomValues(new Uint8Array(buf.buffer ?? buf, (buf.byteOffset ?? 0) + offset, size));
  return buf;
}

export function randomInt(min, max, cb) {
  if (max === undefined || typeof max === 'function') {
    cb = max;
    max = min;
    min = 0;
  }
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) {
    throw new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
  }
  return callback(() => host.nodeRandomInt(min, max), cb);
}

export const randomUUID = () => globalThis.crypto.randomUUID();
export const getRandomValues = (a) => globalThis.crypto.getRandomValues(a);
export const webcrypto = globalThis.crypto;
export const subtle = globalThis.crypto.subtle;

export function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return Buffer.from(host.nodePbkdf2(...args(toBytes(password)), ...args(toBytes(salt)), iterations, keylen, digest));
}
// settle hands the bytes of a computation done off the loop to a Node-style
// callback, as Node's thread-pool APIs do.
function settle(promise, cb) {
  if (typeof cb !== 'function') throw new TypeError('The "callback" argument must be of type function');
  promise.then((ab) => cb(null, Buffer.from(ab)), (err) => cb(err));
}

export function pbkdf2(password, salt, iterations, keylen, digest, cb) {
  settle(host.nodePbkdf2Async(...args(toBytes(password)), ...args(toBytes(salt)), iterations, keylen, digest), cb);
}

const scryptParams = (options) => [
  options.N ?? options.cost ?? 16384,
  options.r ?? options.blockSize ?? 8,
  options.p ?? options.parallelization ?? 1,
];

export function scryptSync(password, salt, keylen, options = {}) {
  return Buffer.from(host.nodeScrypt(...args(toBytes(password)), ...args(toBytes(salt)), ...scryptParams(options), keylen));
}

export function scrypt(password, salt, keylen, options, cb) {
  if (typeof options === 'function') {
    cb = options;
    options = {};
  }
  settle(host.nodeScryptAsync(...args(toBytes(password)), ...args(toBytes(salt)), ...scryptParams(options), keylen), cb);
}

export default {
  Hash, Hmac, createHash, createHmac, getHashes, timingSafeEqual, randomBytes, randomFillSync, randomInt, randomUUID,
  getRandomValues, webcrypto, subtle, pbkdf2, pbkdf2Sync, scrypt, scryptSync,
};
