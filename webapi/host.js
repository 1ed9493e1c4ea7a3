// The bridge to Go. The worker passes the host functions to the runtime
// program as its parameter __jsroutes_host (see polyfills.RuntimeScript):
// they are never a global, and an app's bundle cannot import this module
// (it is not public, see polyfills.Public), so route code cannot reach them.
export const host = __jsroutes_host;
if (!host) throw new Error('jsroutes: host bridge missing (the runtime must run inside a jsroutes worker)');

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
// property. If it has not (the module failed, or is still running and
// reads the name itself), the read throws rather than calling itself again.
export function defineLazy(target, name, load, enumerable = false) {
  const accessor = {
    get() {
      load();
      if (Object.getOwnPropertyDescriptor(target, name)?.get === accessor.get) {
        throw new TypeError(`${name} is not available: its module did not define it`);
      }
      return target[name];
    },
    set(value) {
      load();
      Object.defineProperty(target, name, { value, writable: true, enumerable, configurable: true });
    },
    enumerable,
    configurable: true,
  };
  Object.defineProperty(target, name, accessor);
}
