// Globals whose implementation is a lazy module (see
// polyfills.LazyModules): each is an accessor until code first touches it,
// then the module runs in this worker and defines the real global in its
// place. Few handlers use these, and every start-up would compile them.
import { defineLazy, host } from './host.js';

// The lazy module defining each global.
const globals = {
  structuredClone: 'structured-clone',
  URLPattern: 'url-pattern',
  CompressionStream: 'compression',
  DecompressionStream: 'compression',
};

const loaded = new Set();

for (const [name, module] of Object.entries(globals)) {
  defineLazy(globalThis, name, () => {
    if (loaded.has(module)) return;
    loaded.add(module);
    host.loadLazy(module);
  });
}
