// Headers per the Fetch standard: a list of (lower-cased name, value) pairs
// kept in insertion order, iterated sorted and combined, with Set-Cookie kept
// apart, validated names and values, and the immutable guard.
import { defineGlobal, definePairIterable, tag } from '../host.js';

// Validation runs on every header a route sets. In goja a regular
// expression test (run by Go's regexp) is several times cheaper than a JS
// loop over the characters, so these are regular expressions.
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const badValue = /[\0\r\n]|[^\0-\xFF]/;
const edgeSpace = /^[\t\n\r ]|[\t\n\r ]$/;
const edgeSpaces = /^[\t\n\r ]+|[\t\n\r ]+$/g;

export const kGuard = Symbol('guard');
export const kList = Symbol('list');

export function isToken(name) {
  return token.test(name);
}

function checkName(name, method) {
  if (!isToken(name)) throw new TypeError(`Headers.${method}: "${name}" is an invalid header name.`);
  return name.toLowerCase();
}

// normalizeValue strips leading and trailing HTTP whitespace and refuses
// NUL, CR, LF and anything outside Latin-1 (a ByteString).
function normalizeValue(value, method) {
  let v = String(value);
  if (edgeSpace.test(v)) v = v.replace(edgeSpaces, '');
  if (badValue.test(v)) throw new TypeError(`Headers.${method}: "${v}" is an invalid header value.`);
  return v;
}

// hasName and appendTrusted are for the runtime's own use: names already
// lower-case and valid, values already valid.
export function hasName(headers, lowerName) {
  const list = headers[kList];
  for (let i = 0; i < list.length; i++) if (list[i][0] === lowerName) return true;
  return false;
}

export function appendTrusted(headers, lowerName, value) {
  headers[kList].push([lowerName, value]);
}

// sortedOf reads what the iterators walk (see definePairIterable).
let sortedOf;
export class Headers {
  #brand;
  static #is(o) { return #brand in o; }

  constructor(init = undefined) {
    // Each entry is [lowerName, value]; Set-Cookie entries are never combined.
    this[kList] = [];
    this[kGuard] = 'none';
    if (init === undefined) return;
    if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
      throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
    }
    // WebIDL reads init's @@iterator once, then its pairs or its own keys
    // (WPT's headers-record counts the traps a Proxy sees): the copy of
    // another Headers is a shortcut only while its iterator is Headers'.
    const iterator = init[Symbol.iterator];
    if (iterator === Headers.prototype[Symbol.iterator] && Headers.#is(init)) {
      this[kList] = init[kList].map((e) => [e[0], e[1]]);
      return;
    }
    if (typeof iterator === 'function') {
      const pairs = iterator.call(init);
      for (const pair of { [Symbol.iterator]: () => pairs }) {
        if (typeof pair === 'string' || typeof pair?.[Symbol.iterator] !== 'function') {
          throw new TypeError("Failed to construct 'Headers': The provided value cannot be converted to a sequence.");
        }
        const p = [...pair];
        if (p.length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2, found ' + p.length + '.');
        this.#append(p[0], p[1]);
      }
      return;
    }
    for (const k of Reflect.ownKeys(init)) {
      const d = Reflect.getOwnPropertyDescriptor(init, k);
      if (!d?.enumerable) continue;
      if (typeof k === 'symbol') throw new TypeError("Failed to construct 'Headers': record keys must be strings.");
      // A key that is no ByteString fails before its value is read.
      if (/[^\x00-\xff]/.test(k)) throw new TypeError(`Headers constructor: "${k}" is an invalid header name.`);
      this.#append(k, init[k]);
    }
  }

  // fromRaw builds Headers from Go's flat [name, value, …] list of an incoming
  // request: already valid and lower-cased, so nothing is checked again.
  static fromRaw(flat, guard) {
    const h = new Headers();
    const list = h[kList];
    for (let i = 0; i < flat.length; i += 2) list.push([flat[i], flat[i + 1]]);
    h[kGuard] = guard;
    return h;
  }

  // fromEntry builds Headers holding one trusted entry (a Response's type).
  static fromEntry(lowerName, value) {
    const h = new Headers();
    h[kList].push([lowerName, value]);
    return h;
  }

  #mutable(method) {
    if (this[kGuard] === 'immutable') throw new TypeError(`Headers.${method}: immutable`);
  }

  append(name, value) {
    if (arguments.length < 2) throw new TypeError(`Failed to execute 'append' on 'Headers': 2 arguments required, but only ${arguments.length} present.`);
    this.#append(name, value);
  }

  // #append is append without the arity check: goja makes `arguments`
  // costly, and the constructor always has both.
  #append(name, value) {
    const v = normalizeValue(value, 'append');
    const n = checkName(String(name), 'append');
    this.#mutable('append');
    this[kList].push([n, v]);
  }

  delete(name) {
    const n = checkName(String(name), 'delete');
    this.#mutable('delete');
    this[kList] = this[kList].filter((e) => e[0] !== n);
  }

  get(name) {
    const n = checkName(String(name), 'get');
    let out = null;
    for (const e of this[kList]) {
      if (e[0] === n) out = out === null ? e[1] : `${out}, ${e[1]}`;
    }
    return out;
  }

  getSetCookie() {
    return this[kList].filter((e) => e[0] === 'set-cookie').map((e) => e[1]);
  }

  has(name) {
    const n = checkName(String(name), 'has');
    return this[kList].some((e) => e[0] === n);
  }

  set(name, value) {
    if (arguments.length < 2) throw new TypeError(`Failed to execute 'set' on 'Headers': 2 arguments required, but only ${arguments.length} present.`);
    const v = normalizeValue(value, 'set');
    const n = checkName(String(name), 'set');
    this.#mutable('set');
    const list = this[kList];
    const i = list.findIndex((e) => e[0] === n);
    if (i < 0) {
      list.push([n, v]);
      return;
    }
    list[i] = [n, v];
    this[kList] = list.filter((e, j) => j <= i || e[0] !== n);
  }

  // The sort-and-combine algorithm: names sorted, values joined with ", ",
  // except that every Set-Cookie value stays its own entry.
  // One pass over the list and a sort of the names: asking get() per name
  // was quadratic (2,000 request headers held a worker for seconds).
  #sorted() {
    const values = new Map();
    for (const [n, v] of this[kList]) {
      const list = values.get(n);
      if (list === undefined) values.set(n, [v]);
      else list.push(v);
    }
    const out = [];
    for (const n of [...values.keys()].sort()) {
      const list = values.get(n);
      if (n === 'set-cookie') for (const v of list) out.push([n, v]);
      else out.push([n, list.length === 1 ? list[0] : list.join(', ')]);
    }
    return out;
  }

  forEach(callback, thisArg) {
    if (typeof callback !== 'function') throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    for (const [k, v] of this.#sorted()) callback.call(thisArg, v, k, this);
  }
  static { sortedOf = (h) => h.#sorted(); }
}
tag(Headers, 'Headers');
definePairIterable(Headers, 'Headers', sortedOf, { snapshot: true });

defineGlobal('Headers', Headers);
