// scrypt, PBKDF2 and Argon2 as @noble/hashes computes them, on Go
// (node:crypto's scrypt and PBKDF2, webapi/crypto/nodecrypto.go; Argon2 on
// golang.org/x/crypto/argon2, kdf.go). The bundler appends to the
// package's scrypt.js, pbkdf2.js and argon2.js a call here before the
// package's own code (bundler/accelerate.go): a call this module takes
// (valid options, string or byte inputs, a SHA hash, Argon2 version 0x13
// without a secret) is computed in Go, faster than V8 runs the package
// and hundreds of times faster than goja did (scrypt at N=2^14 took ~30 s,
// 100,000 PBKDF2 rounds ~75 s, argon2id with OWASP's 19 MiB ~60 s:
// better-auth hashes every password with noble's scrypt); any other call
// (invalid options, onProgress, another hash, argon2d) returns undefined,
// and the package's own code runs, with its own errors. All three are
// standard algorithms: the bytes are the same, as the packages fixture
// checks against Node.
import { bytesArgs as args, host } from '../host.js';

const pow32 = 2 ** 32;
const int = (n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

// bytesOf is a KDF input as bytes (noble's kdfInputToBytes), or undefined.
function bytesOf(v) {
  if (typeof v === 'string') return new TextEncoder().encode(v);
  if (v instanceof Uint8Array) return v;
  return undefined;
}

// plain says whether opts is undefined or a plain object with only these
// keys, each a safe non-negative integer.
function plain(opts, keys) {
  if (opts === undefined) return true;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) return false;
  for (const k of Object.keys(opts)) {
    if (!keys.includes(k) || !int(opts[k])) return false;
  }
  return true;
}

// now and later compute a call Go takes (the arguments of a host
// function, or undefined for the package to compute), in the sync and the
// Promise forms.
const now = (compute, call) => call && new Uint8Array(compute(...call));
const later = (compute, call) => call && compute(...call).then((ab) => new Uint8Array(ab));

// scryptCall is [password, salt, N, r, p, dkLen] for a call Go computes.
// The memory bound is the stricter of noble 1's and 2's (128·r·(N+p) or
// 128·r·(N+p+1) against their defaults), so a call either version refuses
// goes to the package, which says why.
function scryptCall(password, salt, opts) {
  if (opts === undefined || !plain(opts, ['N', 'r', 'p', 'dkLen', 'maxmem', 'asyncTick'])) return undefined; // N, r and p have no defaults
  const { N, r, p, dkLen = 32, maxmem = 1024 ** 3 + 1024 } = opts;
  if (N === undefined || r === undefined || p === undefined) return undefined;
  if (N <= 1 || N > pow32 || (N & (N - 1)) !== 0 || r < 1 || p < 1 || p > ((pow32 - 1) * 32) / (128 * r) || r * p >= 2 ** 30) return undefined;
  if (dkLen < 1 || dkLen > (pow32 - 1) * 32 || 128 * r * (N + p + 1) > maxmem) return undefined;
  const pw = bytesOf(password), s = bytesOf(salt);
  if (pw === undefined || s === undefined) return undefined;
  host.reserve(128 * r * (N + p), 'scrypt: memory limit exceeded');
  return [...args(pw), ...args(s), N, r, p, dkLen];
}

// hashNames are the SHA hashes Go has, by the hex digest of nothing.
const hashNames = new Map([
  ['da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1'],
  ['d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f', 'sha224'],
  ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'sha256'],
  ['38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b', 'sha384'],
  ['cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e', 'sha512'],
  ['6ed0dd02806fa89e25de060c19d3ac86cabb87d6a0ddd05c333b84f4', 'sha512-224'],
  ['c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a', 'sha512-256'],
]);
const known = new WeakMap();

// hashName names a noble hash function Go has, or is undefined: a SHA-2
// or SHA-1 of the package's own, told by what it makes of nothing.
function hashName(hash) {
  if (typeof hash !== 'function' || typeof hash.create !== 'function' || !int(hash.outputLen) || !int(hash.blockLen)) return undefined;
  if (!known.has(hash)) {
    let name;
    try {
      const d = hash(new Uint8Array(0));
      if (d instanceof Uint8Array && d.length === hash.outputLen) name = hashNames.get(Array.from(d, (b) => b.toString(16).padStart(2, '0')).join(''));
    } catch {
      name = undefined;
    }
    known.set(hash, name);
  }
  return known.get(hash);
}

function pbkdf2Call(hash, password, salt, opts) {
  if (opts === undefined || !plain(opts, ['c', 'dkLen', 'asyncTick'])) return undefined; // c has no default
  const { c, dkLen = 32 } = opts;
  if (c === undefined || c < 1 || dkLen < 1 || dkLen > 2 ** 31) return undefined;
  const name = hashName(hash);
  const pw = bytesOf(password), s = bytesOf(salt);
  if (name === undefined || pw === undefined || s === undefined || dkLen > (pow32 - 1) * hash.outputLen) return undefined;
  host.reserve(dkLen, 'pbkdf2: derived key too long');
  return [...args(pw), ...args(s), c, dkLen, name];
}

// argon2Call is the Go call for an argon2i or argon2id call Go computes:
// version 0x13 (the default), no secret key or associated data, at most
// 255 lanes, and options noble takes (a salt of 8 bytes or more, m ≥ 8·p,
// the memory within maxmem, 1 GiB by default).
function argon2Call(id, password, salt, opts = {}) {
  if (!plain(opts, ['t', 'm', 'p', 'dkLen', 'version', 'maxmem', 'asyncTick'])) return undefined;
  const { t = 3, m = 1024 ** 2, p = 1, dkLen = 32, version = 0x13, maxmem = 1024 ** 3 } = opts;
  if (version !== 0x13 || t < 1 || t >= pow32 || p < 1 || p > 255 || m < 8 * p || m >= pow32 || dkLen < 4 || dkLen >= pow32) return undefined;
  const memUsed = 4 * p * Math.floor(m / (4 * p)) * 1024;
  if (memUsed > maxmem || maxmem >= pow32) return undefined;
  const pw = bytesOf(password), s = bytesOf(salt);
  if (pw === undefined || s === undefined || s.length < 8) return undefined;
  host.reserve(memUsed, 'argon2: memory limit exceeded');
  return [...args(pw), ...args(s), id, t, m, p, dkLen];
}

export const scrypt = (password, salt, opts) => now(host.nodeScrypt, scryptCall(password, salt, opts));
export const scryptAsync = (password, salt, opts) => later(host.nodeScryptAsync, scryptCall(password, salt, opts));
export const pbkdf2 = (hash, password, salt, opts) => now(host.nodePbkdf2, pbkdf2Call(hash, password, salt, opts));
export const pbkdf2Async = (hash, password, salt, opts) => later(host.nodePbkdf2Async, pbkdf2Call(hash, password, salt, opts));
export const argon2i = (password, salt, opts) => now(host.argon2, argon2Call(false, password, salt, opts));
export const argon2id = (password, salt, opts) => now(host.argon2, argon2Call(true, password, salt, opts));
export const argon2iAsync = (password, salt, opts) => later(host.argon2Async, argon2Call(false, password, salt, opts));
export const argon2idAsync = (password, salt, opts) => later(host.argon2Async, argon2Call(true, password, salt, opts));
