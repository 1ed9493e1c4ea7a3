// The bridge to Go. The worker installs the host functions as
// globalThis.__jsroutes_host before the bundle runs; this module takes them
// and removes the global so route code cannot reach them.
export const host = globalThis.__jsroutes_host;
if (!host) throw new Error('jsroutes: host bridge missing (the bundle must run inside a jsroutes worker)');
delete globalThis.__jsroutes_host;

// Define a global the way the Web platform does: writable, configurable, not enumerable.
export function defineGlobal(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

// Give a class or prototype the Symbol.toStringTag browsers give it.
export function tag(cls, name) {
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
}

// defineLazy makes target[name] an accessor that calls load the first time
// it is read or written: load runs a lazy module (see
// polyfills.LazyModules), which must replace the accessor with the real
// property.
export function defineLazy(target, name, load, enumerable = false) {
  Object.defineProperty(target, name, {
    get() {
      load();
      return target[name];
    },
    set(value) {
      load();
      Object.defineProperty(target, name, { value, writable: true, enumerable, configurable: true });
    },
    enumerable,
    configurable: true,
  });
}
