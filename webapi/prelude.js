// Built-ins goja lacks that bundled code (and esbuild's own helpers) expect.
import { host } from './host.js';

// Symbol.asyncIterator must equal Symbol.for('Symbol.asyncIterator'): that is
// the fallback esbuild's lowered `for await` and web-streams-polyfill use.
const define = (obj, name, value) => {
  if (name in obj) return;
  // The runtime's build drops function expressions' names: V8's methods have theirs.
  if (typeof value === 'function' && value.name === '') Object.defineProperty(value, 'name', { value: name, configurable: true });
  Object.defineProperty(obj, name, { value, writable: true, configurable: true });
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

// V8-only, but many npm packages call it unguarded. As V8 does, the stack
// starts with the target's own "Name: message" line (pg-pool re-captures a
// query error's stack, and a stack without its message hid the error), then
// up to Error.stackTraceLimit frames of the caller, without this function's,
// and without those above and including constructorOpt's (custom errors
// pass their constructor, to leave it out of their stacks).
define(Error, 'captureStackTrace', function captureStackTrace(target, constructorOpt) {
  if (target !== null && typeof target === 'object') {
    let head;
    try {
      head = Error.prototype.toString.call(target);
    } catch {
      head = 'Error';
    }
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = typeof limit === 'number' ? limit + 64 : limit;
    let frames;
    try {
      frames = String(new Error().stack ?? '').split('\n').slice(2);
    } finally {
      Error.stackTraceLimit = limit;
    }
    if (typeof constructorOpt === 'function') {
      // goja names no frame of a class constructor (V8: "new AppError"),
      // and the common call is from inside constructorOpt itself: then its
      // frame is the first.
      const name = constructorOpt.name;
      const at = name ? frames.findIndex((f) => f.startsWith(`    at ${name} (`) || f.startsWith(`    at new ${name} (`)) : -1;
      frames = frames.slice(at >= 0 ? at + 1 : 1);
    }
    if (typeof limit === 'number') frames = frames.slice(0, Math.max(0, limit));
    Object.defineProperty(target, 'stack', { value: [head, ...frames].join('\n'), writable: true, configurable: true });
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

// Annex B's legacy accessor methods, which V8 has and older npm code calls
// (pg's defaults: module.exports.__defineSetter__('parseInt8', …)).
const toObject = (v) => {
  if (v === null || v === undefined) throw new TypeError('Cannot convert undefined or null to object');
  return Object(v);
};
define(Object.prototype, '__defineGetter__', function __defineGetter__(name, getter) {
  if (typeof getter !== 'function') throw new TypeError('Object.prototype.__defineGetter__: Expecting function');
  Object.defineProperty(toObject(this), name, { get: getter, enumerable: true, configurable: true });
});
define(Object.prototype, '__defineSetter__', function __defineSetter__(name, setter) {
  if (typeof setter !== 'function') throw new TypeError('Object.prototype.__defineSetter__: Expecting function');
  Object.defineProperty(toObject(this), name, { set: setter, enumerable: true, configurable: true });
});
const lookup = (kind) => function (name) {
  for (let o = toObject(this); o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d) return d[kind];
  }
  return undefined;
};
define(Object.prototype, '__lookupGetter__', lookup('get'));
define(Object.prototype, '__lookupSetter__', lookup('set'));

// ES2024's well-formed strings (Node 20 has them): a lone surrogate
// becomes U+FFFD (webapi/encoding's wellFormed).
const stringOf = (v, method) => {
  if (v === null || v === undefined) throw new TypeError(`String.prototype.${method} called on null or undefined`);
  return typeof v === 'string' ? v : `${v}`; // ToString: a Symbol throws
};
// Methods, not functions: V8's built-ins are not constructors.
const wellFormed = {
  isWellFormed() {
    'use strict'; // this is null when called on null
    const s = stringOf(this, 'isWellFormed');
    return host.wellFormed(s) === s;
  },
  toWellFormed() {
    'use strict';
    return host.wellFormed(stringOf(this, 'toWellFormed'));
  },
};
define(String.prototype, 'isWellFormed', wellFormed.isWellFormed);
define(String.prototype, 'toWellFormed', wellFormed.toWellFormed);

// Annex B's Date.prototype.toGMTString is the very function toUTCString
// is (WPT's request-cache tests call it; so do old cookie libraries).
define(Date.prototype, 'toGMTString', Date.prototype.toUTCString);
