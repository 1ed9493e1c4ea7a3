// The bridge to Go. The worker passes the host functions to the runtime
// program as its parameter __jsroutes_host (see polyfills.RuntimeScript):
// they are never a global, and an app's bundle cannot import this module
// (it is not public, see polyfills.Public), so route code cannot reach them.
export const host = __jsroutes_host;
if (!host) throw new Error('jsroutes: host bridge missing (the runtime must run inside a jsroutes worker)');

// bytesArgs is a byte view as the host functions take bytes: the
// (ArrayBuffer, offset, length) triple they read in place.
export const bytesArgs = (b) => [b.buffer, b.byteOffset, b.byteLength];

// Define a global the way the Web platform does: writable, configurable, not enumerable.
export function defineGlobal(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

// Give a class or prototype the Symbol.toStringTag browsers give it.
export function tag(cls, name) {
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
}

// definePairIterable gives a pair-iterable interface (Headers,
// URLSearchParams, FormData) WebIDL's entries(), keys(), values() and
// @@iterator: each returns a "<Name> Iterator" whose prototype chain is
// WebIDL's (its own prototype, then %IteratorPrototype%, as browsers' and
// Node's, which WPT checks) and whose next() reads pairsOf(target), a list
// of [key, value] (or, with flat, [key, value, key, value, …]), by index:
// as it is at each step, or once when the iterator starts with snapshot
// (Headers, whose sorted and combined list is made per call: per step, a
// loop over many headers was quadratic). A plain next() also spares
// goja's costly generators.
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
export function definePairIterable(cls, name, pairsOf, { snapshot = false, flat = false } = {}) {
  class PairIterator {
    #target; #kind; #pairs; #index = 0;
    constructor(target, kind) {
      this.#target = target;
      this.#kind = kind;
      this.#pairs = snapshot ? pairsOf(target) : null;
    }
    next() {
      const pairs = this.#pairs ?? pairsOf(this.#target);
      const i = this.#index;
      let k, v;
      if (flat) {
        if (2 * i >= pairs.length) return { value: undefined, done: true };
        k = pairs[2 * i];
        v = pairs[2 * i + 1];
      } else {
        if (i >= pairs.length) return { value: undefined, done: true };
        [k, v] = pairs[i];
      }
      this.#index = i + 1;
      return { value: this.#kind === 'keys' ? k : this.#kind === 'values' ? v : [k, v], done: false };
    }
  }
  Object.setPrototypeOf(PairIterator.prototype, IteratorPrototype);
  Object.defineProperty(PairIterator.prototype, 'next', { enumerable: true });
  Object.defineProperty(PairIterator.prototype, Symbol.toStringTag, { value: `${name} Iterator`, configurable: true });
  const methods = {
    entries() { return new PairIterator(this, 'entries'); },
    keys() { return new PairIterator(this, 'keys'); },
    values() { return new PairIterator(this, 'values'); },
  };
  for (const [key, fn] of Object.entries(methods)) {
    Object.defineProperty(cls.prototype, key, { value: fn, writable: true, enumerable: true, configurable: true });
  }
  Object.defineProperty(cls.prototype, Symbol.iterator, { value: methods.entries, writable: true, configurable: true });
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
