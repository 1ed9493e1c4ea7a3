// crypto.subtle, CryptoKey and SubtleCrypto, loaded on first use: the Web
// Crypto implementation (webcrypto.js) is a lazy module that the runtime
// compiles once and runs in a worker when code first touches one of them.
// Most handlers never do, and it is the runtime's largest module.
import { defineLazy, host } from '../host.js';
import { crypto } from './crypto.js';

let loaded = false;

// load runs webcrypto.js, which defines crypto.subtle and the two globals
// as plain properties in place of these accessors.
function load() {
  if (!loaded) {
    loaded = true;
    delete crypto.subtle;
    delete globalThis.CryptoKey;
    delete globalThis.SubtleCrypto;
    host.loadLazy('webcrypto');
  }
}

defineLazy(crypto, 'subtle', load, true);
defineLazy(globalThis, 'CryptoKey', load);
defineLazy(globalThis, 'SubtleCrypto', load);
