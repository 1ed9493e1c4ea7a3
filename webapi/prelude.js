// Built-ins goja lacks that bundled code (and esbuild's own helpers) expect.
// Symbol.asyncIterator must equal Symbol.for('Symbol.asyncIterator'): that is
// the fallback esbuild's lowered `for await` and web-streams-polyfill use.
const define = (obj, name, value) => {
  if (!(name in obj)) Object.defineProperty(obj, name, { value, writable: true, configurable: true });
};

for (const name of ['asyncIterator', 'dispose', 'asyncDispose']) {
  if (!Symbol[name]) Object.defineProperty(Symbol, name, { value: Symbol.for(`Symbol.${name}`) });
}

define(Promise, 'withResolvers', function withResolvers() {
  let resolve, reject;
  const promise = new this((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
});

define(Object, 'groupBy', function groupBy(items, callback) {
  const out = Object.create(null);
  let i = 0;
  for (const item of items) {
    const key = callback(item, i++);
    (out[key] ??= []).push(item);
  }
  return out;
});

define(Map, 'groupBy', function groupBy(items, callback) {
  const out = new Map();
  let i = 0;
  for (const item of items) {
    const key = callback(item, i++);
    if (!out.has(key)) out.set(key, []);
    out.get(key).push(item);
  }
  return out;
});

define(Array, 'fromAsync', async function fromAsync(items, mapFn, thisArg) {
  const out = [];
  let i = 0;
  const iterable = items[Symbol.asyncIterator] ? items : Array.from(items);
  if (items[Symbol.asyncIterator]) {
    const it = items[Symbol.asyncIterator]();
    for (let r = await it.next(); !r.done; r = await it.next()) {
      out.push(mapFn ? await mapFn.call(thisArg, r.value, i++) : r.value);
    }
    return out;
  }
  for (const v of iterable) {
    const value = await v;
    out.push(mapFn ? await mapFn.call(thisArg, value, i++) : value);
  }
  return out;
});

// V8-only, but many npm packages call it unguarded. Setting `stack` from a
// fresh Error keeps such code working.
define(Error, 'captureStackTrace', function captureStackTrace(target) {
  if (target !== null && typeof target === 'object') {
    Object.defineProperty(target, 'stack', { value: new Error().stack, writable: true, configurable: true });
  }
});

globalThis.self ??= globalThis;
// Node 21+ has navigator; packages read userAgent to tell where they run.
globalThis.navigator ??= { userAgent: 'Node.js/20 (jsroutes)', hardwareConcurrency: 1, language: 'en-US', languages: ['en-US'] };
globalThis.global ??= globalThis;

// goja's %TypedArray%.from takes only objects; the spec also takes strings
// (iterated by code point), as in the common Uint8Array.from(atob(s), f).
{
  const TypedArray = Object.getPrototypeOf(Uint8Array);
  const from = TypedArray.from;
  Object.defineProperty(TypedArray, 'from', {
    value: function (source, ...rest) {
      return from.call(this, typeof source === 'string' ? Array.from(source) : source, ...rest);
    },
    writable: true,
    configurable: true,
  });
}
