// The bcryptjs and bcrypt packages' API (what auth code hashes passwords
// with), on Go (webapi/crypto/bcrypt.go): the same strings as bcryptjs for
// the same password and salt, two hundred times faster than bcryptjs
// under goja. The callback and promise forms hash off the loop.
import { host } from '../host.js';

const MAX_ROUNDS = 31;

function rounds(r) {
  if (r === undefined || r === null) return 10;
  if (typeof r !== 'number') throw new Error(`Illegal arguments: ${typeof r}`);
  return Math.min(Math.max(Math.trunc(r), 4), MAX_ROUNDS);
}

function saltOf(s) {
  if (typeof s === 'number') return host.bcryptSalt(rounds(s), 'b');
  if (typeof s !== 'string') throw new Error(`Illegal arguments: string, ${typeof s}`);
  return s;
}

function text(p, what) {
  if (typeof p !== 'string') throw new Error(`Illegal arguments: ${typeof p}, ${what}`);
  return p;
}

// settle runs op as a promise, or hands its result to callback.
function settle(op, callback) {
  const promise = Promise.resolve().then(op);
  if (typeof callback !== 'function') return promise;
  promise.then((v) => callback(null, v), (err) => callback(err));
  return undefined;
}

export function genSaltSync(r, minor) {
  return host.bcryptSalt(rounds(r), minor ?? 'b');
}

export function genSalt(r, minor, callback) {
  if (typeof r === 'function') [r, callback] = [undefined, r];
  if (typeof minor === 'function') [minor, callback] = [undefined, minor];
  return settle(() => genSaltSync(r, minor), callback);
}

export function hashSync(password, salt) {
  return host.bcryptHash(text(password, typeof salt), saltOf(salt ?? 10));
}

export function hash(password, salt, callback) {
  return settle(() => host.bcryptHashAsync(text(password, typeof salt), saltOf(salt)), callback);
}

// A hash compares in constant time with what the password makes under
// its salt.
function same(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function compareSync(password, hashed) {
  text(password, typeof hashed);
  if (typeof hashed !== 'string' || hashed.length !== 60) return false;
  return same(hashSync(password, hashed.slice(0, 29)), hashed);
}

export function compare(password, hashed, callback) {
  return settle(async () => {
    text(password, typeof hashed);
    if (typeof hashed !== 'string' || hashed.length !== 60) return false;
    return same(await host.bcryptHashAsync(password, hashed.slice(0, 29)), hashed);
  }, callback);
}

export function getRounds(hashed) {
  if (typeof hashed !== 'string') throw new Error(`Illegal arguments: ${typeof hashed}`);
  return parseInt(hashed.split('$')[2], 10);
}

export function getSalt(hashed) {
  if (typeof hashed !== 'string') throw new Error(`Illegal arguments: ${typeof hashed}`);
  if (hashed.length !== 60) throw new Error(`Illegal hash length: ${hashed.length} != 60`);
  return hashed.substring(0, 29);
}

export function truncates(password) {
  return new TextEncoder().encode(text(password, 'undefined')).length > 72;
}

export function setRandomFallback() {} // Go's crypto/rand is always there

const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function encodeBase64(bytes, length) {
  let out = '';
  let bits = 0;
  let n = 0;
  for (let i = 0; i < length; i++) {
    n = (n << 8) | bytes[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(n >> bits) & 63];
    }
  }
  if (bits > 0) out += alphabet[(n << (6 - bits)) & 63];
  return out;
}
export function decodeBase64(s, length) {
  const out = [];
  let bits = 0;
  let n = 0;
  for (const c of s) {
    n = (n << 6) | alphabet.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((n >> bits) & 255);
      if (out.length === length) break;
    }
  }
  return out;
}

export default { genSaltSync, genSalt, hashSync, hash, compareSync, compare, getRounds, getSalt, truncates, setRandomFallback, encodeBase64, decodeBase64 };
