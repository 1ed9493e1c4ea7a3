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
  Blob: 'blob',
  File: 'blob',
  FormData: 'form-data',
  Buffer: 'node-buffer', // a global in Node, and so here
  WebSocket: 'websocket',
  MessageEvent: 'websocket',
  CloseEvent: 'websocket',
  WebAssembly: 'webassembly',
};

// lazyModule returns a lazy module's exports, running it in this worker
// the first time.
export function lazyModule(name) {
  return host.loadLazy(name);
}

// lazyLoaded says whether a lazy module has run in this worker (however it
// was loaded: by a global, an import, another lazy module): until it has,
// no value can be an instance of its classes, which spares type checks
// from loading it.
export function lazyLoaded(name) {
  return host.lazyLoaded(name);
}

for (const [name, module] of Object.entries(globals)) {
  defineLazy(globalThis, name, () => lazyModule(module));
}
