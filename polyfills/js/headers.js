// Headers per the Fetch standard: a list of (lower-cased name, value) pairs
// kept in insertion order, iterated sorted and combined, with Set-Cookie kept
// apart, validated names and values, and the immutable guard.
import { defineGlobal, tag } from './host.js';

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const badValue = /[\0\r\n]|[^\0-\xFF]/;
const edges = /^[\t\n\r ]+|[\t\n\r ]+$/g;

export const kGuard = Symbol('guard');
export const kList = Symbol('list');

function checkName(name, method) {
  if (!token.test(name)) throw new TypeError(`Headers.${method}: "${name}" is an invalid header name.`);
  return name.toLowerCase();
}

function normalizeValue(value, method) {
  const v = String(value).replace(edges, '');
  if (badValue.test(v)) throw new TypeError(`Headers.${method}: "${v}" is an invalid header value.`);
  return v;
}

export class Headers {
  // Each entry is [lowerName, value]; Set-Cookie entries are never combined.
  [kList] = [];
  [kGuard] = 'none';

  constructor(init = undefined) {
    if (init === undefined || init === null) return;
    if (init instanceof Headers) {
      this[kList] = init[kList].map((e) => [e[0], e[1]]);
      return;
    }
    if (typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
    }
    if (typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        if (typeof pair === 'string' || typeof pair?.[Symbol.iterator] !== 'function') {
          throw new TypeError("Failed to construct 'Headers': The provided value cannot be converted to a sequence.");
        }
        const p = [...pair];
        if (p.length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2, found ' + p.length + '.');
        this.append(p[0], p[1]);
      }
      return;
    }
    for (const k of Reflect.ownKeys(init)) {
      const d = Reflect.getOwnPropertyDescriptor(init, k);
      if (!d?.enumerable) continue;
      if (typeof k === 'symbol') throw new TypeError("Failed to construct 'Headers': record keys must be strings.");
      this.append(k, init[k]);
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

  #mutable(method) {
    if (this[kGuard] === 'immutable') throw new TypeError(`Headers.${method}: immutable`);
  }

  append(name, value) {
    if (arguments.length < 2) throw new TypeError(`Failed to execute 'append' on 'Headers': 2 arguments required, but only ${arguments.length} present.`);
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
  #sorted() {
    const names = [...new Set(this[kList].map((e) => e[0]))].sort();
    const out = [];
    for (const n of names) {
      if (n === 'set-cookie') {
        for (const e of this[kList]) if (e[0] === n) out.push([n, e[1]]);
      } else {
        out.push([n, this.get(n)]);
      }
    }
    return out;
  }

  forEach(callback, thisArg) {
    if (typeof callback !== 'function') throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    for (const [k, v] of this.#sorted()) callback.call(thisArg, v, k, this);
  }
  *entries() { yield* this.#sorted(); }
  *keys() { for (const [k] of this.#sorted()) yield k; }
  *values() { for (const [, v] of this.#sorted()) yield v; }
  [Symbol.iterator]() { return this.entries(); }
}
tag(Headers, 'Headers');

defineGlobal('Headers', Headers);
