// crypto.subtle, CryptoKey and SubtleCrypto, loaded on first use: the Web
// Crypto implementation (webcrypto.js) is a lazy module that the runtime
// compiles once and runs in a worker when code first touches one of them.
// Most handlers never do, and it is the runtime's largest module.
import * as hostModule from './host.js';
import * as domException from './dom-exception.js';
import * as encoding from './encoding.js';
import * as cryptoModule from './crypto.js';

const { host } = hostModule;
const { crypto } = cryptoModule;
// The runtime modules webcrypto.js imports, by the specifiers it uses.
const modules = { './host.js': hostModule, './dom-exception.js': domException, './encoding.js': encoding, './crypto.js': cryptoModule };

let loaded = false;

// load runs webcrypto.js, which defines crypto.subtle and the two globals
// as plain properties in place of these accessors.
function load() {
  if (!loaded) {
    loaded = true;
    delete crypto.subtle;
    delete globalThis.CryptoKey;
    delete globalThis.SubtleCrypto;
    host.loadLazy('webcrypto', (specifier) => modules[specifier]);
  }
}

hostModule.defineLazy(crypto, 'subtle', load, true);
hostModule.defineLazy(globalThis, 'CryptoKey', load);
hostModule.defineLazy(globalThis, 'SubtleCrypto', load);
