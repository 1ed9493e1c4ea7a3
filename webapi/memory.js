// The built-ins that allocate in proportion to an argument, weighed first.
// goja runs each in one Go call that no interrupt stops, so the heap guard
// (which stops a worker busy in JS) saw `new Array(1e8).fill(0)` pass 6 GB.
// Each wrapper works out what the call will allocate and, past a
// mebibyte, asks Go (the budget of webapi/internal/bridge) whether it fits under the worker's
// memory limit: if not, the call throws a RangeError (V8's text where V8
// has one) and nothing is allocated. Small calls pay one comparison.
import { host } from './host.js';

const floor = 1 << 20; // below this, Go is not asked
// V8's longest string (2^29 - 24 UTF-16 units): longer is a RangeError
// there whatever the memory.
const maxString = 2 ** 29 - 24;
// What goja allocates per array element that a fill or from makes (a
// value slot, and the conversion of a holey array: ~79 bytes measured for
// new Array(1e7).fill(0)).
const elementBytes = 64;

const reserve = (bytes, message) => {
  if (bytes >= floor) host.reserve(bytes, message);
};

function replace(target, name, make) {
  const original = target[name];
  const wrapper = make(original);
  Object.defineProperty(wrapper, 'name', { value: original.name });
  Object.defineProperty(wrapper, 'length', { value: original.length });
  Object.defineProperty(target, name, { value: wrapper, writable: true, configurable: true, enumerable: false });
}

const toLength = (v) => {
  const n = Math.trunc(Number(v));
  return Number.isFinite(n) && n > 0 ? n : 0;
};

// A relative index as the spec clamps it (start/end of fill, slice, …).
const clampIndex = (v, len, dflt) => {
  if (v === undefined) return dflt;
  const n = Math.trunc(Number(v)) || 0;
  return n < 0 ? Math.max(len + n, 0) : Math.min(n, len);
};

const stringBytes = (units, s) => {
  if (units > maxString) throw new RangeError('Invalid string length');
  // goja keeps ASCII strings as bytes, others as UTF-16.
  return /^[\x00-\x7f]*$/.test(s) ? units : 2 * units;
};

replace(Array.prototype, 'fill', (fill) => function (value, start, end) {
  const len = toLength(this?.length);
  if (len * elementBytes >= floor) {
    const n = clampIndex(end, len, len) - clampIndex(start, len, 0);
    reserve(n * elementBytes, `Array.prototype.fill of ${n} elements`);
  }
  return fill.call(this, value, start, end);
});

replace(Array, 'from', (from) => function (items, ...rest) {
  if (items != null && typeof items[Symbol.iterator] !== 'function') {
    const n = toLength(items.length);
    reserve(n * elementBytes, `Array.from of ${n} elements`);
  }
  return from.call(this, items, ...rest);
});

replace(Array.prototype, 'join', (join) => function (separator) {
  const len = toLength(this?.length);
  if (len > 1) {
    const sep = separator === undefined ? 1 : String(separator).length;
    reserve((len - 1) * sep * 2, `Array.prototype.join of ${len} elements`);
    if ((len - 1) * sep > maxString) throw new RangeError('Invalid string length');
  }
  return join.call(this, separator);
});

replace(String.prototype, 'repeat', (repeat) => function (count) {
  const s = String(this);
  const n = Number(count);
  if (s.length > 0 && Number.isFinite(n) && n > 1) {
    const units = s.length * Math.trunc(n);
    // Small results pay no scan of s (stringBytes tests it for ASCII).
    if (2 * units >= floor) reserve(stringBytes(units, s), 'Invalid string length');
  }
  return repeat.call(this, count);
});

for (const name of ['padStart', 'padEnd']) {
  replace(String.prototype, name, (pad) => function (maxLength, fill) {
    const n = toLength(maxLength);
    if (n > floor / 2) reserve(stringBytes(n, fill === undefined ? ' ' : String(fill)), 'Invalid string length');
    return pad.call(this, maxLength, fill);
  });
}

replace(JSON, 'parse', (parse) => function (text, reviver) {
  if (typeof text === 'string' && text.length >= floor / 8) host.jsonReserve(text);
  try {
    return parse.call(this, text, reviver);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    // V8's words for a bad text (bridge/jsonerror.go): route code sends
    // them on. A text V8 reads but goja refused (1e400: Infinity) comes
    // back parsed, as [value].
    const v8 = host.jsonError(String(text));
    if (v8 instanceof SyntaxError) throw v8;
    return typeof reviver === 'function' ? revive({ '': v8[0] }, '', reviver) : v8[0];
  }
});

// revive is JSON.parse's InternalizeJSONProperty.
function revive(holder, key, reviver) {
  const value = holder[key];
  if (value !== null && typeof value === 'object') {
    for (const k of Array.isArray(value) ? value.keys() : Object.keys(value)) {
      const v = revive(value, String(k), reviver);
      if (v === undefined) delete value[k];
      else value[k] = v;
    }
  }
  return reviver.call(holder, key, value);
}
host.jsonOwn(JSON.parse); // json() of bodies may take its fast path while this is the global

// The buffer constructors: a wrapper with the original's prototype (so
// instanceof, .constructor and subclassing keep working) that weighs a
// numeric length first. Absent arguments pass as undefined, which these
// constructors read as absent; no array is made on the common path.
function guardConstructor(name, size) {
  const Original = globalThis[name];
  const construct = Reflect.construct;
  const slice = Array.prototype.slice; // as the runtime found it, not as route code may leave it
  const Guarded = function (a, b, c) {
    if (new.target === undefined) return Original(a, b, c); // throws, as the original does
    if (typeof a === 'number' && a * size >= floor) host.reserve(toLength(a) * size, 'Array buffer allocation failed');
    if (new.target === Guarded) return new Original(a, b, c);
    return construct(Original, slice.call(arguments), new.target);
  };
  Object.defineProperty(Guarded, 'name', { value: name });
  Object.setPrototypeOf(Guarded, Object.getPrototypeOf(Original));
  for (const key of Reflect.ownKeys(Original)) {
    if (key !== 'length' && key !== 'name' && key !== 'prototype' && key !== 'caller' && key !== 'arguments') {
      Object.defineProperty(Guarded, key, Object.getOwnPropertyDescriptor(Original, key));
    }
  }
  Object.defineProperty(Guarded, 'prototype', { value: Original.prototype });
  Object.defineProperty(Guarded, 'length', { value: Original.length });
  Object.defineProperty(Original.prototype, 'constructor', { value: Guarded, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(globalThis, name, { value: Guarded, writable: true, configurable: true, enumerable: false });
}

guardConstructor('ArrayBuffer', 1);
for (const name of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
  guardConstructor(name, globalThis[name].BYTES_PER_ELEMENT);
}
