// structuredClone per the HTML structured-serialize algorithm, for the types
// that exist in this runtime. Functions, symbols and platform objects that
// cannot be cloned throw a DataCloneError.
import { defineGlobal } from '../host.js';
import { DOMException } from './dom-exception.js';
import { lazyLoaded, lazyModule } from '../lazy-globals.js';

const errorTypes = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

export function structuredClone(value, options = {}) {
  if (arguments.length === 0) throw new TypeError("Failed to execute 'structuredClone' on 'Window': 1 argument required, but only 0 present.");
  const transfer = options?.transfer ?? [];
  const memory = new Map();
  const out = clone(value, memory);
  for (const buf of transfer) {
    if (buf instanceof ArrayBuffer && typeof buf.transfer === 'function') buf.transfer();
  }
  return out;
}

function fail(what) {
  throw new DOMException(`${what} could not be cloned.`, 'DataCloneError');
}

function clone(v, memory) {
  const type = typeof v;
  if (type === 'function') fail(String(v).slice(0, 60));
  if (type === 'symbol') fail(String(v));
  if (v === null || type !== 'object') return v;
  if (memory.has(v)) return memory.get(v);

  let out;
  const set = (o) => { memory.set(v, o); return o; };
  if (Array.isArray(v)) {
    out = set(new Array(v.length));
    for (const k of Object.keys(v)) out[k] = clone(v[k], memory);
    return out;
  }
  if (v instanceof Date) return set(new Date(v.getTime()));
  if (v instanceof RegExp) return set(new RegExp(v.source, v.flags));
  if (v instanceof Boolean || v instanceof Number || v instanceof String || v instanceof BigInt) return set(Object(v.valueOf()));
  if (v instanceof ArrayBuffer) return set(v.slice(0));
  if (v instanceof DataView) {
    return set(new DataView(clone(v.buffer, memory), v.byteOffset, v.byteLength));
  }
  if (ArrayBuffer.isView(v)) {
    return set(new v.constructor(clone(v.buffer, memory), v.byteOffset, v.length));
  }
  if (v instanceof Map) {
    out = set(new Map());
    for (const [k, x] of v) out.set(clone(k, memory), clone(x, memory));
    return out;
  }
  if (v instanceof Set) {
    out = set(new Set());
    for (const x of v) out.add(clone(x, memory));
    return out;
  }
  if (v instanceof Error) {
    const Ctor = errorTypes[v.name] ?? Error;
    out = set(new Ctor(v.message));
    if ('stack' in v) Object.defineProperty(out, 'stack', { value: v.stack, writable: true, configurable: true });
    if ('cause' in v) out.cause = clone(v.cause, memory);
    return out;
  }
  // (no Blob exists until blob.js is loaded: cloning does not load it)
  if (lazyLoaded('blob')) {
    // The classes themselves, not the globals (code may delete those).
    const { Blob, File } = lazyModule('blob');
    if (v instanceof File) return set(new File([v], v.name, { type: v.type, lastModified: v.lastModified }));
    if (v instanceof Blob) return set(v.slice(0, v.size, v.type));
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    // Class instances lose their prototype but keep own data, as in browsers,
    // unless they are platform objects that hold internal state.
    // Platform objects (they carry a toStringTag) hold internal state that cannot be copied.
    if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet || typeof v[Symbol.toStringTag] === 'string') {
      fail(`#<${v.constructor?.name ?? 'Object'}>`);
    }
  }
  out = set({});
  for (const k of Object.keys(v)) out[k] = clone(v[k], memory);
  return out;
}

defineGlobal('structuredClone', structuredClone);
