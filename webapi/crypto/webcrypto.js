// crypto.subtle, the Web Cryptography API: digest; HMAC; AES-GCM/CBC/CTR;
// PBKDF2 and HKDF; RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP; ECDSA and ECDH
// on P-256/P-384/P-521; Ed25519 and X25519; keys in the raw, jwk, spki and
// pkcs8 formats; CryptoKey and the spec's DOMException names. The byte work
// is Go's (crypto/*): an asymmetric key lives in Go, parsed once, and the
// CryptoKey holds its handle.
//
// A lazy module (polyfills.LazyModules): subtle.js loads it the first time
// code touches crypto.subtle, CryptoKey or SubtleCrypto.
import { bytesArgs as args, defineGlobal, host, tag } from '../host.js';
import { DOMException } from '../dom/dom-exception.js';
import { bytesOf } from '../encoding/encoding.js';
import { crypto } from './crypto.js';

const fail = (name, message) => new DOMException(message, name);
const hashes = { 'SHA-1': ['sha1', 512], 'SHA-256': ['sha256', 512], 'SHA-384': ['sha384', 1024], 'SHA-512': ['sha512', 1024] };
const aesUsages = ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'];
const signing = { public: ['verify'], private: ['sign'] };
const agreement = { public: [], private: ['deriveBits', 'deriveKey'] };
// The usages a key of each algorithm and type ('secret', 'public',
// 'private') may have.
const usagesFor = {
  HMAC: { secret: ['sign', 'verify'] },
  'AES-GCM': { secret: aesUsages },
  'AES-CBC': { secret: aesUsages },
  'AES-CTR': { secret: aesUsages },
  PBKDF2: { secret: ['deriveBits', 'deriveKey'] },
  HKDF: { secret: ['deriveBits', 'deriveKey'] },
  'RSASSA-PKCS1-v1_5': signing,
  'RSA-PSS': signing,
  'RSA-OAEP': { public: ['encrypt', 'wrapKey'], private: ['decrypt', 'unwrapKey'] },
  ECDSA: signing,
  Ed25519: signing,
  ECDH: agreement,
  X25519: agreement,
};
const isAsymmetric = (name) => !usagesFor[name].secret;
// Every algorithm name recognised: the digests and the key algorithms.
const names = [...Object.keys(hashes), ...Object.keys(usagesFor)];
// The JWK "alg" of each key (RFC 7518), by algorithm and hash or curve.
const jwkAlgs = {
  HMAC: { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' },
  'RSASSA-PKCS1-v1_5': { 'SHA-1': 'RS1', 'SHA-256': 'RS256', 'SHA-384': 'RS384', 'SHA-512': 'RS512' },
  'RSA-PSS': { 'SHA-1': 'PS1', 'SHA-256': 'PS256', 'SHA-384': 'PS384', 'SHA-512': 'PS512' },
  'RSA-OAEP': { 'SHA-1': 'RSA-OAEP', 'SHA-256': 'RSA-OAEP-256', 'SHA-384': 'RSA-OAEP-384', 'SHA-512': 'RSA-OAEP-512' },
  ECDSA: { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' },
};
const jwkAesModes = { 'AES-GCM': 'GCM', 'AES-CBC': 'CBC', 'AES-CTR': 'CTR' };

function jwkAlg(a) {
  if (a.name.startsWith('AES-')) return `A${a.length}${jwkAesModes[a.name]}`;
  return jwkAlgs[a.name]?.[a.hash?.name ?? a.namedCurve];
}

function normalize(alg) {
  const a = typeof alg === 'string' ? { name: alg } : { ...alg };
  const name = names.find((n) => n.toLowerCase() === String(a.name).toLowerCase());
  if (!name) throw fail('NotSupportedError', `Unrecognized or unsupported algorithm name: ${a.name}`);
  a.name = name;
  if (a.hash !== undefined) a.hash = normalize(a.hash);
  return a;
}

// required reads a member the algorithm's dictionary must have.
function required(alg, member, dictionary) {
  if (alg[member] === undefined) throw new TypeError(`Failed to read the '${member}' property from '${dictionary}': Required member is undefined.`);
  return alg[member];
}

const copy = (data) => bytesOf(data, 'data').slice();
const b64url = (b) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
// goja's TypedArray.from does not take strings, so go through Array.from.
const fromB64url = (s) => new Uint8Array(Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

const kKey = Symbol('key');
const kCreate = Symbol('create');

export class CryptoKey {
  #type; #algorithm; #extractable; #usages;
  // material is the key's bytes for a secret key, its Go handle otherwise.
  constructor(token, type, algorithm, extractable, usages, material) {
    if (token !== kCreate) throw new TypeError('Illegal constructor');
    this.#type = type;
    this.#algorithm = Object.freeze(algorithm);
    this.#extractable = extractable;
    this.#usages = usages;
    this[kKey] = material;
  }
  get type() { return this.#type; }
  get extractable() { return this.#extractable; }
  get algorithm() { return this.#algorithm; }
  get usages() { return [...this.#usages]; }
}
tag(CryptoKey, 'CryptoKey');

// checkUsages refuses usages a key of this algorithm and type cannot have.
function checkUsages(name, type, usages) {
  const allowed = usagesFor[name][type];
  if (!allowed) throw fail('NotSupportedError', `${name} has no ${type} keys`);
  for (const u of usages) if (!allowed.includes(u)) throw fail('SyntaxError', `Cannot create a key using the specified key usages: ${u}`);
  if (usages.length === 0 && type !== 'public') throw fail('SyntaxError', 'Usages cannot be empty when creating a key.');
  return [...new Set(usages)];
}

function makeKey(alg, bytes, extractable, usages) {
  usages = checkUsages(alg.name, 'secret', usages);
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
  return new CryptoKey(kCreate, 'secret', algorithm, extractable, usages, bytes);
}

// makeAsymmetricKey wraps the Go key that info describes (its handle, type
// and, for RSA and EC keys, modulus or curve) as a CryptoKey.
function makeAsymmetricKey(alg, info, extractable, usages) {
  const algorithm = { name: alg.name };
  if (info.modulusLength) {
    Object.assign(algorithm, { modulusLength: info.modulusLength, publicExponent: new Uint8Array(info.publicExponent), hash: { name: alg.hash.name } });
  }
  if (info.namedCurve) algorithm.namedCurve = info.namedCurve;
  return new CryptoKey(kCreate, info.type, algorithm, extractable, checkUsages(alg.name, info.type, usages), info.handle);
}

// asymmetricParams checks the members an RSA or EC algorithm dictionary
// must have, before any key material is looked at.
function asymmetricParams(alg, dictionary) {
  if (alg.name.startsWith('RSA')) required(alg, 'hash', dictionary);
  if (alg.name === 'ECDSA' || alg.name === 'ECDH') required(alg, 'namedCurve', dictionary);
}

// checkJWK applies the spec's checks of a JWK's own members (kty aside,
// which the key material decides) to an import.
function checkJWK(jwk, alg, extractable, usages) {
  if (jwk === null || typeof jwk !== 'object') throw new TypeError('The JWK must be an object');
  if (jwk.ext === false && extractable) throw fail('DataError', 'The JWK is not extractable');
  if (Array.isArray(jwk.key_ops) && usages.some((u) => !jwk.key_ops.includes(u))) throw fail('DataError', 'The JWK "key_ops" member does not include the requested usages');
  const expected = jwkAlg(alg);
  if (jwk.alg !== undefined && expected !== undefined && jwk.alg !== expected) throw fail('DataError', `The JWK "alg" member was "${jwk.alg}", expected "${expected}"`);
}

// check is the spec's "the key's algorithm is the operation's and its
// usages include this one", which also rules out the wrong key type.
function check(key, alg, usage) {
  if (!(key instanceof CryptoKey)) throw new TypeError("parameter 2 is not of type 'CryptoKey'");
  if (key.algorithm.name !== alg.name) throw fail('InvalidAccessError', 'The requested operation is not valid for the provided key');
  if (!key.usages.includes(usage)) throw fail('InvalidAccessError', `The requested operation is not valid for the provided key (it cannot ${usage})`);
}

// op runs fn as the promise the spec asks for; Go's "OperationError: …"
// TypeErrors become the DOMException they stand for.
function op(fn) {
  return new Promise((resolve) => resolve(fn())).catch((err) => {
    const m = /^(OperationError|NotSupportedError|DataError|InvalidAccessError): (.*)$/.exec(err?.message ?? '');
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

// signature signs (or, given a signature, verifies) with an asymmetric key.
function signature(alg, key, data, sig) {
  let hash = '';
  if (alg.name === 'ECDSA') hash = required(alg, 'hash', 'EcdsaParams').name;
  else if (alg.name !== 'Ed25519') hash = key.algorithm.hash.name;
  const saltLength = alg.name === 'RSA-PSS' ? required(alg, 'saltLength', 'RsaPssParams') : 0;
  const input = args(bytesOf(data, 'data'));
  if (sig === undefined) return host.subtleSignAsym(alg.name, hash, saltLength, key[kKey], ...input);
  return host.subtleVerifyAsym(alg.name, hash, saltLength, key[kKey], ...args(bytesOf(sig, 'signature')), ...input);
}

function rsaOAEP(alg, key, data, encrypt) {
  const label = alg.label === undefined ? new Uint8Array(0) : bytesOf(alg.label, 'label');
  return host.subtleRSAOAEP(encrypt, key.algorithm.hash.name, key[kKey], ...args(bytesOf(data, 'data')), ...args(label));
}

// agree is ECDH and X25519: the shared secret, cut to length bits (all of
// it when length is null).
function agree(alg, key, length) {
  const peer = required(alg, 'public', 'EcdhKeyDeriveParams');
  if (!(peer instanceof CryptoKey)) throw new TypeError("Failed to read the 'public' property from 'EcdhKeyDeriveParams': not a CryptoKey");
  if (peer.type !== 'public') throw fail('InvalidAccessError', 'The public key must be a public key');
  if (peer.algorithm.name !== key.algorithm.name || peer.algorithm.namedCurve !== key.algorithm.namedCurve) {
    throw fail('InvalidAccessError', 'The public key is not for the same algorithm and curve');
  }
  const secret = new Uint8Array(host.subtleECDH(key[kKey], peer[kKey]));
  if (length === null || length === undefined) return secret.buffer;
  if (length > secret.length * 8) throw fail('OperationError', `length is larger than the ${secret.length * 8} bits the key agreement gives`);
  const out = secret.slice(0, Math.ceil(length / 8));
  if (length % 8) out[out.length - 1] &= 0xff << (8 - (length % 8));
  return out.buffer;
}

function deriveBits(alg, key, length) {
  if (alg.name === 'ECDH' || alg.name === 'X25519') return agree(alg, key, length);
  if (length === null || length === undefined || length % 8 !== 0) throw fail('OperationError', 'length must be a multiple of 8');
  if (alg.name === 'PBKDF2') {
    if (!(alg.iterations > 0)) throw fail('OperationError', 'iterations must be greater than 0');
    return host.nodePbkdf2Async(...args(key[kKey]), ...args(bytesOf(alg.salt, 'salt')), alg.iterations, length / 8, hashes[alg.hash.name][0]);
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
      if (!usagesFor[alg.name]) throw fail('NotSupportedError', `${alg.name} is not a key algorithm`);
      usages = Array.from(usages);
      if (isAsymmetric(alg.name)) {
        if (format === 'jwk') checkJWK(keyData, alg, extractable, usages);
        asymmetricParams(alg, 'importKey algorithm');
        const info = format === 'jwk'
          ? host.subtleImportAsym(format, alg.name, alg.namedCurve ?? '', new ArrayBuffer(0), 0, 0, JSON.stringify(keyData))
          : host.subtleImportAsym(format, alg.name, alg.namedCurve ?? '', ...args(bytesOf(keyData, 'keyData')), '');
        return makeAsymmetricKey(alg, info, !!extractable, usages);
      }
      let bytes;
      if (format === 'raw') bytes = copy(keyData);
      else if (format === 'jwk') {
        if (keyData?.kty !== 'oct' || typeof keyData.k !== 'string') throw fail('DataError', 'The JWK must have kty "oct" and a "k" member');
        bytes = fromB64url(keyData.k);
        checkJWK(keyData, { ...alg, length: bytes.length * 8 }, extractable, usages);
      } else throw fail('NotSupportedError', `Format '${format}' is not supported for ${alg.name} keys`);
      return makeKey(alg, bytes, !!extractable, usages);
    });
  }

  exportKey(format, key) {
    return op(() => {
      if (!(key instanceof CryptoKey)) throw new TypeError("parameter 2 is not of type 'CryptoKey'");
      if (!key.extractable) throw fail('InvalidAccessError', 'key is not extractable');
      const a = key.algorithm;
      if (key.type !== 'secret') {
        if (format !== 'jwk') return host.subtleExportAsym(format, key[kKey]);
        const jwk = JSON.parse(host.subtleExportAsym(format, key[kKey]));
        const alg = jwkAlg(a);
        return { ...jwk, ...(alg && !a.namedCurve ? { alg } : {}), key_ops: key.usages, ext: true };
      }
      const bytes = key[kKey];
      if (format === 'raw') return bytes.slice().buffer;
      if (format === 'jwk') return { kty: 'oct', k: b64url(bytes), alg: jwkAlg(a), key_ops: key.usages, ext: true };
      throw fail('NotSupportedError', `Format '${format}' is not supported for secret keys`);
    });
  }

  generateKey(algorithm, extractable, usages) {
    return op(() => {
      const alg = normalize(algorithm);
      usages = Array.from(usages);
      if (!usagesFor[alg.name]) throw fail('NotSupportedError', `${alg.name} is not a key algorithm`);
      if (isAsymmetric(alg.name)) {
        asymmetricParams(alg, 'generateKey algorithm');
        const allowed = usagesFor[alg.name];
        for (const u of usages) {
          if (!allowed.public.includes(u) && !allowed.private.includes(u)) throw fail('SyntaxError', `Cannot create a key using the specified key usages: ${u}`);
        }
        const publicUsages = usages.filter((u) => allowed.public.includes(u));
        const privateUsages = checkUsages(alg.name, 'private', usages.filter((u) => allowed.private.includes(u)));
        const rsa = alg.name.startsWith('RSA');
        const exponent = rsa ? bytesOf(required(alg, 'publicExponent', 'RsaHashedKeyGenParams'), 'publicExponent') : new Uint8Array(0);
        const modulusLength = rsa ? required(alg, 'modulusLength', 'RsaHashedKeyGenParams') : 0;
        return host.subtleGenerateAsym(alg.name, modulusLength, ...args(exponent), alg.namedCurve ?? '').then((pair) => ({
          publicKey: makeAsymmetricKey(alg, pair.publicKey, true, publicUsages),
          privateKey: makeAsymmetricKey(alg, pair.privateKey, !!extractable, privateUsages),
        }));
      }
      let bits;
      if (alg.name === 'HMAC') bits = alg.length ?? hashes[required(alg, 'hash', 'HmacKeyGenParams').name][1];
      else if (alg.name.startsWith('AES-')) {
        bits = alg.length;
        if (![128, 192, 256].includes(bits)) throw fail('OperationError', 'AES key length must be 128, 192 or 256 bits');
      } else throw fail('NotSupportedError', `${alg.name} keys cannot be generated`);
      return makeKey(alg, crypto.getRandomValues(new Uint8Array(bits / 8)), !!extractable, usages);
    });
  }

  sign(algorithm, key, data) {
    return op(() => {
      const alg = normalize(algorithm);
      check(key, alg, 'sign');
      return alg.name === 'HMAC' ? hmac(key, data) : signature(alg, key, data);
    });
  }

  verify(algorithm, key, sig, data) {
    return op(() => {
      const alg = normalize(algorithm);
      check(key, alg, 'verify');
      if (alg.name !== 'HMAC') return signature(alg, key, data, sig);
      const expected = new Uint8Array(hmac(key, data));
      const given = bytesOf(sig, 'signature');
      return given.length === expected.length && host.nodeTimingSafeEqual(...args(given), ...args(expected));
    });
  }

  encrypt(algorithm, key, data) {
    return op(() => {
      const alg = normalize(algorithm);
      check(key, alg, 'encrypt');
      return alg.name === 'RSA-OAEP' ? rsaOAEP(alg, key, data, true) : aes(alg, key, data, true);
    });
  }

  decrypt(algorithm, key, data) {
    return op(() => {
      const alg = normalize(algorithm);
      check(key, alg, 'decrypt');
      return alg.name === 'RSA-OAEP' ? rsaOAEP(alg, key, data, false) : aes(alg, key, data, false);
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
      return Promise.resolve(deriveBits(alg, baseKey, bits)).then((derived) => makeKey(target, new Uint8Array(derived), !!extractable, Array.from(usages)));
    });
  }
}
tag(SubtleCrypto, 'SubtleCrypto');

export const subtle = new SubtleCrypto();
Object.defineProperty(crypto, 'subtle', { value: subtle, enumerable: true, configurable: true });
defineGlobal('CryptoKey', CryptoKey);
defineGlobal('SubtleCrypto', SubtleCrypto);
