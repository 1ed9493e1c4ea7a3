// crypto-js's SHA-256, SHA-1, MD5 and AES with their block functions in Go
// (webapi/crypto/cryptojs.go): the bundler appends to the package's
// sha256.js, sha1.js, md5.js and aes.js a call of accelerate
// (bundler/accelerate.go), which puts a Go-backed method in place of the
// algorithm's own, keeping the own one for what Go does not take (an AES
// key that is not 16, 24 or 32 bytes). Everything else (word arrays,
// encoders, padding, modes, HMAC, EvpKDF, the formats) stays crypto-js's:
// the bytes are the same, as the packages fixture checks against Node,
// and a 1 KiB SHA-256 or AES-CBC takes a fraction of the ~7 and ~15 ms it
// took in goja.
import { host } from '../host.js';

const hashes = { SHA256: 'sha256', SHA1: 'sha1', MD5: 'md5' };

// accelerate gives the algorithm named name of the CryptoJS object (the
// package's core) its Go block function.
export function accelerate(CryptoJS, name) {
  const algo = CryptoJS?.algo?.[name];
  if (!algo) return;
  if (name === 'AES') {
    const { encryptBlock, decryptBlock } = algo;
    algo.encryptBlock = function (M, offset) {
      if (!host.cryptoJSAES(false, this._key.words, this._key.sigBytes, M, offset)) encryptBlock.call(this, M, offset);
    };
    algo.decryptBlock = function (M, offset) {
      if (!host.cryptoJSAES(true, this._key.words, this._key.sigBytes, M, offset)) decryptBlock.call(this, M, offset);
    };
    return;
  }
  const kind = hashes[name];
  const own = algo._doProcessBlock;
  algo._doProcessBlock = function (M, offset) {
    if (!host.cryptoJSHash(kind, this._hash.words, M, offset)) own.call(this, M, offset);
  };
}
