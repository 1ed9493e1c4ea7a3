// node:crypto: hashing, HMAC, PBKDF2 and scrypt, random bytes and numbers,
// and the constant-time comparison (what webhook signature checks use), on
// Go's crypto packages; webcrypto is the global crypto.
import { bytesArgs as args, host } from '../host.js';
import { Buffer } from './buffer.js';
import { StringDecoder } from './string_decoder.js';

function toBytes(data, enc) {
  if (typeof data === 'string') return Buffer.from(data, enc ?? 'utf8');
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.');
}

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

// Keys: a KeyObject holds a secret's bytes, or an asymmetric key parsed
// once in Go (its handle); every operation takes one, or anything
// createPrivateKey/createPublicKey take (PEM, DER, JWK, { key, … }).
const kHandle = Symbol('handle');
const kSecret = Symbol('secret');

export class KeyObject {
  constructor(type, inner) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') throw new TypeError(`The argument 'type' is invalid. Received '${type}'`);
    this.type = type;
    if (type === 'secret') {
      this[kSecret] = inner;
    } else {
      this[kHandle] = inner.handle;
      this.asymmetricKeyType = inner.asymmetricKeyType;
      this.asymmetricKeyDetails = { ...inner.details };
    }
  }
  get symmetricKeySize() { return this.type === 'secret' ? this[kSecret].byteLength : undefined; }
  export(options = {}) {
    if (this.type === 'secret') {
      if (options.format === 'jwk') return { kty: 'oct', k: Buffer.from(this[kSecret]).toString('base64url') };
      return Buffer.from(this[kSecret]);
    }
    const format = options.format ?? 'pem';
    const pass = options.cipher === undefined ? [null] : args(toBytes(options.passphrase ?? ''));
    const out = host.nodeKeyExport(this[kHandle], format, options.type ?? '', options.cipher ?? null, ...pass);
    if (format === 'jwk') return JSON.parse(out);
    return format === 'der' ? Buffer.from(out) : out;
  }
  equals(other) {
    if (!(other instanceof KeyObject) || other.type !== this.type) return false;
    if (this.type === 'secret') return timingSafeEqual(this[kSecret], other[kSecret]) && this[kSecret].byteLength === other[kSecret].byteLength;
    return host.nodeKeyEquals(this[kHandle], other[kHandle]);
  }
  get [Symbol.toStringTag]() { return 'KeyObject'; }
  static from(cryptoKey) {
    throw new TypeError('KeyObject.from(CryptoKey) is not available in jsroutes: export the CryptoKey and create the KeyObject from it');
  }
}

function parseKey(input, want) {
  if (input instanceof KeyObject) {
    if (input.type === want || (want === 'public' && input.type === 'private')) {
      return want === 'public' && input.type === 'private' ? new KeyObject('public', host.nodeKeyPublic(input[kHandle])) : input;
    }
    throw new TypeError(`Invalid key object type ${input.type}, expected ${want}.`);
  }
  let key = input;
  let format = 'pem';
  let type = '';
  let passphrase = [null];
  if (key !== null && typeof key === 'object' && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer) && 'key' in key) {
    format = key.format ?? (typeof key.key === 'object' && !ArrayBuffer.isView(key.key) ? 'jwk' : 'pem');
    type = key.type ?? '';
    if (key.passphrase !== undefined && key.passphrase !== null) passphrase = args(toBytes(key.passphrase));
    key = key.key;
  } else if (key !== null && typeof key === 'object' && typeof key.kty === 'string') {
    format = 'jwk';
  }
  if (key instanceof KeyObject) return parseKey(key, want);
  const data = format === 'jwk' ? toBytes(JSON.stringify(key)) : toBytes(key);
  return new KeyObject(want, host.nodeKeyParse(want, format, type, ...args(data), ...passphrase));
}

export function createPrivateKey(key) { return parseKey(key, 'private'); }
export function createPublicKey(key) { return parseKey(key, 'public'); }
export function createSecretKey(key, encoding) {
  return new KeyObject('secret', toBytes(key, encoding).slice());
}

// keyOptions reads padding, saltLength and dsaEncoding from a key given
// as { key, … }.
const keyOptions = (key) => (key !== null && typeof key === 'object' && !(key instanceof KeyObject) && 'key' in key ? key : {});

export function sign(algorithm, data, key, callback) {
  const k = parseKey(key, 'private');
  const run = () => Buffer.from(host.nodeSign(algorithm ?? '', ...args(toBytes(data)), k[kHandle], keyOptions(key)));
  return callbackForm(run, callback);
}

export function verify(algorithm, data, key, signature, callback) {
  const k = parseKey(key, 'public');
  const run = () => host.nodeVerify(algorithm ?? '', ...args(toBytes(data)), k[kHandle], ...args(toBytes(signature)), keyOptions(key));
  return callbackForm(run, callback);
}

function callbackForm(run, cb) {
  if (typeof cb !== 'function') return run();
  let result;
  let error = null;
  try { result = run(); } catch (e) { error = e; }
  queueMicrotask(() => (error ? cb(error) : cb(null, result)));
  return undefined;
}

class SignBase extends Digest {
  #alg;
  constructor(alg) {
    super();
    this.#alg = alg;
  }
  compute(data) { return data; }
  get algorithm() { return this.#alg; }
}

export class Sign extends SignBase {
  sign(key, encoding) {
    const data = this.digest('buffer');
    const out = sign(this.algorithm, data, key);
    return encoding && encoding !== 'buffer' ? out.toString(encoding) : out;
  }
}

export class Verify extends SignBase {
  verify(key, signature, encoding) {
    const data = this.digest('buffer');
    return verify(this.algorithm, data, key, toBytes(signature, encoding));
  }
}

export const createSign = (alg) => new Sign(alg);
export const createVerify = (alg) => new Verify(alg);

function encodeKey(k, encoding) {
  if (!encoding) return k;
  return k.export(encoding);
}

function keyPairArgs(type, options = {}) {
  const t = String(type).toLowerCase();
  return [t, options.modulusLength ?? 0, options.publicExponent ?? 65537, options.namedCurve ?? ''];
}

export function generateKeyPairSync(type, options = {}) {
  const [pub, priv] = host.nodeGenerateKeyPair(...keyPairArgs(type, options), false);
  return { publicKey: encodeKey(new KeyObject('public', pub), options.publicKeyEncoding), privateKey: encodeKey(new KeyObject('private', priv), options.privateKeyEncoding) };
}

export function generateKeyPair(type, options, callback) {
  if (typeof options === 'function') [options, callback] = [{}, options];
  host.nodeGenerateKeyPair(...keyPairArgs(type, options), true).then(
    ([pub, priv]) => callback(null, encodeKey(new KeyObject('public', pub), options.publicKeyEncoding), encodeKey(new KeyObject('private', priv), options.privateKeyEncoding)),
    (err) => callback(err),
  );
}

// util.promisify(generateKeyPair) resolves { publicKey, privateKey }, as Node's.
generateKeyPair[Symbol.for('nodejs.util.promisify.custom')] = (type, options) =>
  new Promise((resolve, reject) => generateKeyPair(type, options ?? {}, (err, publicKey, privateKey) => (err ? reject(err) : resolve({ publicKey, privateKey }))));

export function generateKeySync(type, options = {}) {
  if (type !== 'hmac' && type !== 'aes') throw new TypeError(`The argument 'type' must be one of: 'hmac', 'aes'. Received '${type}'`);
  return createSecretKey(randomBytes(Math.ceil((options.length ?? 256) / 8)));
}
export function generateKey(type, options, callback) {
  callbackForm(() => generateKeySync(type, options), callback);
}

export const constants = Object.freeze({
  RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2,
  POINT_CONVERSION_COMPRESSED: 2, POINT_CONVERSION_UNCOMPRESSED: 4, POINT_CONVERSION_HYBRID: 6,
});

function rsa(op, defaultPadding) {
  return (key, buffer) => {
    const want = op === 'publicEncrypt' || op === 'publicDecrypt' ? 'public' : 'private';
    const k = parseKey(key, want);
    const o = keyOptions(key);
    return Buffer.from(host.nodeRSA(op, k[kHandle], ...args(toBytes(buffer)), o.padding ?? defaultPadding, o.oaepHash ?? 'sha1'));
  };
}
export const publicEncrypt = rsa('publicEncrypt', 4);
export const privateDecrypt = rsa('privateDecrypt', 4);
export const privateEncrypt = rsa('privateEncrypt', 1);
export const publicDecrypt = rsa('publicDecrypt', 1);

// Cipher streams as Node's does: update() returns what the mode lets out
// (CTR and GCM every byte at once; CBC and ECB whole blocks, a decrypt
// holding back the last for final()'s padding check), final() the rest,
// and output encodings go through a StringDecoder, so that both
// `update(a) + update(b) + final()` and code that keeps only update()'s
// output (GCM, whose final() is empty) get Node's bytes. Each step is one
// of the one-shot host calls: CTR (GCM's keystream too) from the counter
// of the bytes already done, CBC from the last ciphertext block. GCM's tag
// is made (or checked) at final() over all the input; chacha20-poly1305
// and GCM with an IV other than 12 bytes run whole at final().
const empty = new Uint8Array(0);
const streamed = /^aes-(?:128|192|256)-(cbc|ecb|ctr|gcm)$/;

// counterPlus is a 128-bit big-endian counter block advanced by n blocks.
function counterPlus(block, n) {
  const out = block.slice();
  for (let i = 15; i >= 0 && n > 0; i--) {
    const sum = out[i] + (n % 256);
    out[i] = sum & 0xff;
    n = Math.floor(n / 256) + (sum >> 8);
  }
  return out;
}

class CipherBase {
  #alg;
  #mode; // 'cbc' | 'ecb' | 'ctr' | 'gcm' | 'whole'
  #key;
  #iv;
  #decrypt;
  #chunks = []; // GCM and whole: every input byte, for final()
  #pending = empty; // CBC, ECB: bytes short of a block
  #counter = null; // CTR, GCM: the first counter block
  #done = 0; // CTR, GCM: bytes streamed
  #decoder = null;
  #aad = empty;
  #tag = null;
  #tagLength;
  #padding = true;
  #finished = false;
  constructor(alg, key, iv, options, decrypt) {
    this.#alg = String(alg).toLowerCase();
    this.#key = key instanceof KeyObject ? key[kSecret] : toBytes(key);
    this.#iv = iv === null || iv === undefined ? empty : toBytes(iv).slice();
    this.#decrypt = decrypt;
    this.#tagLength = options?.authTagLength ?? 0;
    this.#mode = streamed.exec(this.#alg)?.[1] ?? 'whole';
    if (this.#mode === 'ctr') this.#counter = this.#iv;
    if (this.#mode === 'gcm') {
      if (this.#iv.length === 12) this.#counter = concat([this.#iv, Uint8Array.of(0, 0, 0, 2)]); // J0 + 1
      else this.#mode = 'whole';
    }
  }
  #run(alg, iv, data, decrypt, padding) {
    return host.nodeCipher(alg, ...args(this.#key), ...args(iv), ...args(data), ...args(empty), null, 0, 0, decrypt, 0, padding)[0];
  }
  // #stream runs CTR over data from where the last call stopped.
  #stream(data) {
    const skip = this.#done % 16;
    const input = skip === 0 ? data : concat([new Uint8Array(skip), data]);
    const ctr = this.#alg.replace(/-gcm$/, '-ctr');
    const out = new Uint8Array(this.#run(ctr, counterPlus(this.#counter, Math.floor(this.#done / 16)), input, false, false));
    this.#done += data.length;
    return skip === 0 ? out : out.subarray(skip);
  }
  // #blocks runs CBC or ECB over the whole blocks it has.
  #blocks(data) {
    const pending = this.#pending.length === 0 ? data : concat([this.#pending, data]);
    let n = pending.length - (pending.length % 16);
    if (this.#decrypt && this.#padding && n === pending.length) n -= 16;
    if (n <= 0) {
      this.#pending = pending.slice();
      return empty;
    }
    const input = pending.subarray(0, n);
    const out = new Uint8Array(this.#run(this.#alg, this.#iv, input, this.#decrypt, false));
    if (this.#mode === 'cbc') this.#iv = (this.#decrypt ? input : out).slice(n - 16, n);
    this.#pending = pending.slice(n);
    return out;
  }
  // #output hands bytes out as a Buffer, or as text through the cipher's
  // StringDecoder (end: what it holds back comes out too, at final()).
  #output(bytes, encoding, end = false) {
    if (encoding === undefined || encoding === 'buffer') return Buffer.from(bytes);
    this.#decoder ??= new StringDecoder(encoding);
    return end ? this.#decoder.end(Buffer.from(bytes)) : this.#decoder.write(Buffer.from(bytes));
  }
  update(data, inputEncoding, outputEncoding) {
    if (this.#finished) throw new Error('Unsupported state');
    const bytes = toBytes(data, inputEncoding);
    let out = empty;
    switch (this.#mode) {
      case 'ctr': out = this.#stream(bytes); break;
      case 'gcm': this.#chunks.push(bytes.slice()); out = this.#stream(bytes); break;
      case 'cbc': case 'ecb': out = this.#blocks(bytes); break;
      default: this.#chunks.push(bytes.slice());
    }
    return this.#output(out, outputEncoding);
  }
  final(outputEncoding) {
    if (this.#finished) throw new Error('Unsupported state');
    this.#finished = true;
    let out = empty;
    if (this.#mode === 'cbc' || this.#mode === 'ecb') {
      out = new Uint8Array(this.#run(this.#alg, this.#iv, this.#pending, this.#decrypt, this.#padding));
    } else if (this.#mode !== 'ctr') {
      const tag = this.#tag;
      const [whole, t] = host.nodeCipher(this.#alg, ...args(this.#key), ...args(this.#iv), ...args(concat(this.#chunks)), ...args(this.#aad),
        ...(tag === null ? [null, 0, 0] : args(tag)), this.#decrypt, this.#tagLength, this.#padding);
      if (t !== null) this._authTag = Buffer.from(t);
      if (this.#mode === 'whole') out = new Uint8Array(whole); // GCM's bytes went out with update()
    }
    return this.#output(out, outputEncoding, true);
  }
  setAAD(aad) { this.#aad = toBytes(aad).slice(); return this; }
  setAutoPadding(on = true) { this.#padding = on; return this; }
  setAuthTag(tag) { this.#tag = toBytes(tag).slice(); return this; }
  getAuthTag() {
    if (!this._authTag) throw new Error('Invalid state for operation getAuthTag');
    return this._authTag;
  }
}

export class Cipheriv extends CipherBase {
  constructor(alg, key, iv, options) { super(alg, key, iv, options, false); }
}
export class Decipheriv extends CipherBase {
  constructor(alg, key, iv, options) { super(alg, key, iv, options, true); }
}
export const createCipheriv = (alg, key, iv, options) => new Cipheriv(alg, key, iv, options);
export const createDecipheriv = (alg, key, iv, options) => new Decipheriv(alg, key, iv, options);
export const getCiphers = () => ['aes-128-cbc', 'aes-128-ctr', 'aes-128-ecb', 'aes-128-gcm', 'aes-192-cbc', 'aes-192-ctr', 'aes-192-ecb', 'aes-192-gcm', 'aes-256-cbc', 'aes-256-ctr', 'aes-256-ecb', 'aes-256-gcm', 'chacha20-poly1305'];
export const getCurves = () => ['prime256v1', 'secp384r1', 'secp521r1'];

export function hkdfSync(digest, ikm, salt, info, keylen) {
  const key = ikm instanceof KeyObject ? ikm[kSecret] : toBytes(ikm);
  return host.nodeHKDF(digest, ...args(key), ...args(toBytes(salt)), ...args(toBytes(info)), keylen);
}
export function hkdf(digest, ikm, salt, info, keylen, callback) {
  callbackForm(() => hkdfSync(digest, ikm, salt, info, keylen), callback);
}

export default {
  Hash, Hmac, createHash, createHmac, getHashes, timingSafeEqual, randomBytes, randomFillSync, randomInt, randomUUID,
  getRandomValues, webcrypto, subtle, pbkdf2, pbkdf2Sync, scrypt, scryptSync,
  KeyObject, createPrivateKey, createPublicKey, createSecretKey, sign, verify, Sign, Verify, createSign, createVerify,
  generateKeyPair, generateKeyPairSync, generateKey, generateKeySync, constants, publicEncrypt, privateDecrypt, privateEncrypt, publicDecrypt,
  Cipheriv, Decipheriv, createCipheriv, createDecipheriv, getCiphers, getCurves, hkdf, hkdfSync,
};
