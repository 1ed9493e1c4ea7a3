// crypto.subtle, the symmetric part of the Web Cryptography API: digest,
// HMAC, AES-GCM/CBC/CTR, PBKDF2 and HKDF, with CryptoKey and the spec's
// DOMException names. The byte work is Go's (crypto/*). Asymmetric
// algorithms (RSA, ECDSA, Ed25519, ECDH) are not here yet: they are
// NotSupportedError.
import { host, tag } from './host.js';
import { DOMException } from './dom-exception.js';
import { bytesOf } from './encoding.js';
import { crypto } from './crypto.js';

const fail = (name, message) => new DOMException(message, name);
const hashes = { 'SHA-1': ['sha1', 512], 'SHA-256': ['sha256', 512], 'SHA-384': ['sha384', 1024], 'SHA-512': ['sha512', 1024] };
const jwkAlg = { HMAC: { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' }, 'AES-GCM': 'GCM', 'AES-CBC': 'CBC', 'AES-CTR': 'CTR' };
const allowedUsages = {
  HMAC: ['sign', 'verify'],
  'AES-GCM': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  'AES-CBC': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  'AES-CTR': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  PBKDF2: ['deriveBits', 'deriveKey'],
  HKDF: ['deriveBits', 'deriveKey'],
};
// Every algorithm name recognised: the digests and the key algorithms.
const names = [...Object.keys(hashes), ...Object.keys(allowedUsages)];

function normalize(alg) {
  const a = typeof alg === 'string' ? { name: alg } : { ...alg };
  const name = names.find((n) => n.toLowerCase() === String(a.name).toLowerCase());
  if (!name) throw fail('NotSupportedError', `Unrecognized or unsupported algorithm name: ${a.name}`);
  a.name = name;
  if (a.hash !== undefined) a.hash = normalize(a.hash);
  return a;
}

const args = (b) => [b.buffer, b.byteOffset, b.byteLength];
const copy = (data) => bytesOf(data, 'data').slice();
const b64url = (b) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
// goja's TypedArray.from does not take strings, so go through Array.from.
const fromB64url = (s) => new Uint8Array(Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

const kKey = Symbol('key');
const kCreate = Symbol('create');

export class CryptoKey {
  #algorithm; #extractable; #usages;
  constructor(token, algorithm, extractable, usages, bytes) {
    if (token !== kCreate) throw new TypeError('Illegal constructor');
    this.#algorithm = Object.freeze(algorithm);
    this.#extractable = extractable;
    this.#usages = usages;
    this[kKey] = bytes;
  }
  get type() { return 'secret'; }
  get extractable() { return this.#extractable; }
  get algorithm() { return this.#algorithm; }
  get usages() { return [...this.#usages]; }
}
tag(CryptoKey, 'CryptoKey');

function makeKey(alg, bytes, extractable, usages) {
  const allowed = allowedUsages[alg.name];
  if (!allowed) throw fail('NotSupportedError', `${alg.name} keys are not supported`);
  for (const u of usages) if (!allowed.includes(u)) throw fail('SyntaxError', `Cannot create a key using the specified key usages: ${u}`);
  if (usages.length === 0) throw fail('SyntaxError', 'Usages cannot be empty when creating a key.');
  let algorithm;
  if (alg.name === 'HMAC') {
    if (!alg.hash) throw new TypeError("Failed to read the 'hash' property from 'HmacImportParams'");
    const length = alg.length ?? bytes.length * 8;
    if (length !== bytes.length * 8 || length === 0) throw fail('DataError', 'The key length does not match the data');
    algorithm = { name: 'HMAC', hash: { name: alg.hash.name }, length };
  } else if (alg.name.startsWith('AES-')) {
    if (![16, 24, 32].includes(bytes.length)) throw fail('DataError', 'AES key data must be 128, 192 or 256 bits');
    algorithm = { name: alg.name, length: bytes.length * 8 };
  } else {
    if (extractable) throw fail('SyntaxError', `${alg.name} keys cannot be extractable`);
    algorithm = { name: alg.name };
  }
  return new CryptoKey(kCreate, algorithm, extractable, [...new Set(usages)], bytes);
}

function check(key, alg, usage) {
  if (!(key instanceof CryptoKey)) throw new TypeError("parameter 2 is not of type 'CryptoKey'");
  if (key.algorithm.name !== alg.name) throw fail('InvalidAccessError', 'The requested operation is not valid for the provided key');
  if (!key.usages.includes(usage)) throw fail('InvalidAccessError', `The requested operation is not valid for the provided key (it cannot ${usage})`);
}

// op runs fn as the promise the spec asks for; Go's "OperationError: …"
// TypeErrors become the DOMException they stand for.
function op(fn) {
  return new Promise((resolve) => resolve(fn())).catch((err) => {
    const m = /^(OperationError|NotSupportedError|DataError): (.*)$/.exec(err?.message ?? '');
    throw m && err instanceof TypeError ? fail(m[1], m[2]) : err;
  });
}

function hmac(key, data) {
  return host.nodeHmac(hashes[key.algorithm.hash.name][0], ...args(key[kKey]), ...args(bytesOf(data, 'data')));
}

function aes(alg, key, data, encrypt) {
  const iv = alg.name === 'AES-CTR' ? bytesOf(alg.counter, 'counter') : bytesOf(alg.iv, 'iv');
  const aad = alg.additionalData === undefined ? new Uint8Array(0) : bytesOf(alg.additionalData, 'additionalData');
  const tagLength = alg.tagLength ?? 128;
  if (alg.name === 'AES-GCM' && ![32, 64, 96, 104, 112, 120, 128].includes(tagLength)) throw fail('OperationError', `${tagLength} is not a valid AES-GCM tag length`);
  if (alg.name === 'AES-CTR' && !(alg.length > 0 && alg.length <= 128)) throw fail('OperationError', 'AES-CTR length must be between 1 and 128');
  return host.subtleAES(alg.name, encrypt, ...args(key[kKey]), ...args(iv), ...args(bytesOf(data, 'data')), ...args(aad), tagLength, alg.length ?? 0);
}

function deriveBits(alg, key, length) {
  if (length === null || length === undefined || length % 8 !== 0) throw fail('OperationError', 'length must be a multiple of 8');
  if (alg.name === 'PBKDF2') {
    if (!(alg.iterations > 0)) throw fail('OperationError', 'iterations must be greater than 0');
    return host.nodePbkdf2(...args(key[kKey]), ...args(bytesOf(alg.salt, 'salt')), alg.iterations, length / 8, hashes[alg.hash.name][0]);
  }
  if (alg.name === 'HKDF') {
    return host.subtleHKDF(hashes[alg.hash.name][0], ...args(key[kKey]), ...args(bytesOf(alg.salt, 'salt')), ...args(bytesOf(alg.info, 'info')), length / 8);
  }
  throw fail('NotSupportedError', `${alg.name} cannot derive bits`);
}

export class SubtleCrypto {
  digest(algorithm, data) {
    return op(() => {
      const alg = normalize(algorithm);
      if (!hashes[alg.name]) throw fail('NotSupportedError', `${alg.name} is not a digest`);
      return host.nodeHash(hashes[alg.name][0], ...args(bytesOf(data, 'data')));
    });
  }

  importKey(format, keyData, algorithm, extractable, usages) {
    return op(() => {
      const alg = normalize(algorithm);
      let bytes;
      if (format === 'raw') bytes = copy(keyData);
      else if (format === 'jwk') {
        if (keyData?.kty !== 'oct' || typeof keyData.k !== 'string') throw fail('DataError', 'The JWK must have kty "oct" and a "k" member');
        if (keyData.ext === false && extractable) throw fail('DataError', 'The JWK is not extractable');
        bytes = fromB64url(keyData.k);
      } else throw fail('NotSupportedError', `Format '${format}' is not supported for ${alg.name} keys here`);
      return makeKey(alg, bytes, !!extractable, Array.from(usages));
    });
  }

  exportKey(format, key) {
    return op(() => {
      if (!(key instanceof CryptoKey)) throw new TypeError("parameter 2 is not of type 'CryptoKey'");
      if (!key.extractable) throw fail('InvalidAccessError', 'key is not extractable');
      const bytes = key[kKey];
      if (format === 'raw') return bytes.slice().buffer;
      if (format === 'jwk') {
        const a = key.algorithm;
        const alg = a.name === 'HMAC' ? jwkAlg.HMAC[a.hash.name] : `A${a.length}${jwkAlg[a.name]}`;
        return { kty: 'oct', k: b64url(bytes), alg, key_ops: key.usages, ext: true };
      }
      throw fail('NotSupportedError', `Format '${format}' is not supported for secret keys`);
    });
  }

  generateKey(algorithm, extractable, usages) {
    return op(() => {
      const alg = normalize(algorithm);
      let bits;
      if (alg.name === 'HMAC') bits = alg.length ?? hashes[alg.hash?.name]?.[1];
      else if (alg.name.startsWith('AES-')) {
        bits = alg.length;
        if (![128, 192, 256].includes(bits)) throw fail('OperationError', 'AES key length must be 128, 192 or 256 bits');
      } else throw fail('NotSupportedError', `${alg.name} key generation is not supported here`);
      return makeKey(alg, crypto.getRandomValues(new Uint8Array(bits / 8)), !!extractable, Array.from(usages));
    });
  }

  sign(algorithm, key, data) {
    return op(() => {
      const alg = normalize(algorithm);
      check(key, alg, 'sign');
      return hmac(key, data);
    });
  }

  verify(algorithm, key, signature, data) {
    return op(() => {
      const alg = normalize(algorithm);
      check(key, alg, 'verify');
      const expected = new Uint8Array(hmac(key, data));
      const sig = bytesOf(signature, 'signature');
      return sig.length === expected.length && host.nodeTimingSafeEqual(...args(sig), ...args(expected));
    });
  }

  encrypt(algorithm, key, data) {
    return op(() => {
      const alg = normalize(algorithm);
      check(key, alg, 'encrypt');
      return aes(alg, key, data, true);
    });
  }

  decrypt(algorithm, key, data) {
    return op(() => {
      const alg = normalize(algorithm);
      check(key, alg, 'decrypt');
      return aes(alg, key, data, false);
    });
  }

  deriveBits(algorithm, baseKey, length) {
    return op(() => {
      const alg = normalize(algorithm);
      check(baseKey, alg, 'deriveBits');
      return deriveBits(alg, baseKey, length);
    });
  }

  deriveKey(algorithm, baseKey, derivedKeyType, extractable, usages) {
    return op(() => {
      const alg = normalize(algorithm);
      check(baseKey, alg, 'deriveKey');
      const target = normalize(derivedKeyType);
      const bits = target.name === 'HMAC' ? target.length ?? hashes[target.hash?.name]?.[1] : target.length;
      if (!bits) throw fail('OperationError', 'The derived key length is not known');
      const bytes = new Uint8Array(deriveBits(alg, baseKey, bits));
      return makeKey(target, bytes, !!extractable, Array.from(usages));
    });
  }
}
tag(SubtleCrypto, 'SubtleCrypto');

export const subtle = new SubtleCrypto();
Object.defineProperty(crypto, 'subtle', { value: subtle, enumerable: true, configurable: true });
globalThis.CryptoKey = CryptoKey;
globalThis.SubtleCrypto = SubtleCrypto;
