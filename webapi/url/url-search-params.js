// URLSearchParams and the application/x-www-form-urlencoded parser and
// serializer, per the URL standard.
import { defineGlobal, definePairIterable, host, tag } from '../host.js';

const kUpdate = Symbol('update');
const unsafe = /[!'()~]/g;

// toUSV replaces lone surrogates with U+FFFD, as WebIDL's USVString does
// (in Go: a string without any comes back as it is). The last two short
// strings that had none are kept: handlers ask get('id') of every
// request's query, and comparing short strings costs less than the call
// into Go. Two, the last used first, because `new URL(request.url)`
// passes the request's URL through here too: with one kept, each
// request's URL put 'id' out, and no call was saved.
let lastUSV = '';
let prevUSV = '';
export const toUSV = (s) => {
  if (s === lastUSV) return s;
  if (s === prevUSV) {
    prevUSV = lastUSV;
    lastUSV = s;
    return s;
  }
  const out = host.wellFormed(typeof s === 'string' ? s : `${s}`);
  if (out === s && s.length <= 64) {
    prevUSV = lastUSV;
    lastUSV = s;
  }
  return out;
};

function encode(s) {
  return encodeURIComponent(s)
    .replace(unsafe, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

// parseUrlencoded is the application/x-www-form-urlencoded parser: a flat
// list [name, value, name, value, …] (decoded in Go).
export const parseUrlencoded = (input) => host.urlencodedParse(String(input));

// serializeUrlencoded is the serializer, of a flat list.
export function serializeUrlencoded(list) {
  let out = '';
  for (let i = 0; i < list.length; i += 2) out += `${i === 0 ? '' : '&'}${encode(toUSV(list[i]))}=${encode(toUSV(list[i + 1]))}`;
  return out;
}

// kBound makes an empty object for a URL to bind (see kUpdate): its list
// comes from the URL's query.
const kBound = Symbol('bound');

// listOf reads what the iterators walk (see definePairIterable).
let listOf;
// The list is kept flat, [name, value, name, value, …], as Go's parser
// gives it: a list of pairs cost goja an array for each pair, and a URL's
// searchParams, read on most GET requests, took 5.8 µs for `?id=42`
// (measured in a route; flat: see the issue #18 note).
export class URLSearchParams {
  #list;
  #url = null; // the URL this object belongs to, updated on every change

  constructor(init = undefined) {
    if (init === kBound) return;
    if (init === undefined || init === null) {
      this.#list = [];
      return;
    }
    if (typeof init === 'object' || typeof init === 'function') {
      const list = [];
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          if (typeof pair !== 'object' || pair === null || typeof pair[Symbol.iterator] !== 'function') {
            throw new TypeError("Failed to construct 'URLSearchParams': The provided value cannot be converted to a sequence.");
          }
          const p = [...pair];
          if (p.length !== 2) throw new TypeError("Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements");
          list.push(toUSV(p[0]), toUSV(p[1]));
        }
      } else {
        for (const k of Reflect.ownKeys(init)) {
          const d = Reflect.getOwnPropertyDescriptor(init, k);
          if (d?.enumerable && typeof k === 'string') list.push(toUSV(k), toUSV(init[k]));
        }
      }
      this.#list = list;
      return;
    }
    let s = String(init);
    if (s.startsWith('?')) s = s.slice(1);
    this.#list = parseUrlencoded(s);
  }

  // Internal: the object a URL binds (its query mirrors this list).
  static [kUpdate](params, url, query) {
    params ??= new URLSearchParams(kBound);
    params.#url = url;
    params.#list = query ? parseUrlencoded(query) : [];
    return params;
  }

  #changed() {
    if (this.#url) this.#url[kUpdate](this.toString());
  }

  get size() { return this.#list.length / 2; }
  append(name, value) {
    if (arguments.length < 2) throw new TypeError("Failed to execute 'append' on 'URLSearchParams': 2 arguments required.");
    this.#list.push(toUSV(name), toUSV(value));
    this.#changed();
  }
  delete(name, value) {
    name = toUSV(name);
    const v = value === undefined ? undefined : toUSV(value);
    const list = this.#list, kept = [];
    for (let i = 0; i < list.length; i += 2) {
      if (!(list[i] === name && (v === undefined || list[i + 1] === v))) kept.push(list[i], list[i + 1]);
    }
    this.#list = kept;
    this.#changed();
  }
  // get, getAll and has walk the list by index: a for-of that destructures
  // each pair costs goja two iterators a pair (~2.5 µs for a two-pair
  // query, against 0.35 µs), and route handlers call get on every request.
  get(name) {
    name = toUSV(name);
    const list = this.#list;
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
    return null;
  }
  getAll(name) {
    name = toUSV(name);
    const list = this.#list, out = [];
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) out.push(list[i + 1]);
    return out;
  }
  has(name, value) {
    name = toUSV(name);
    const v = value === undefined ? undefined : toUSV(value);
    const list = this.#list;
    for (let i = 0; i < list.length; i += 2) if (list[i] === name && (v === undefined || list[i + 1] === v)) return true;
    return false;
  }
  // set replaces the first pair of that name and drops the others.
  set(name, value) {
    if (arguments.length < 2) throw new TypeError("Failed to execute 'set' on 'URLSearchParams': 2 arguments required.");
    name = toUSV(name);
    value = toUSV(value);
    const list = this.#list, out = [];
    let found = false;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] !== name) out.push(list[i], list[i + 1]);
      else if (!found) {
        out.push(name, value);
        found = true;
      }
    }
    if (!found) out.push(name, value);
    this.#list = out;
    this.#changed();
  }
  sort() {
    // Stable sort by UTF-16 code units, as the standard says.
    const list = this.#list, idx = [];
    for (let i = 0; i < list.length; i += 2) idx.push(i);
    idx.sort((a, b) => (list[a] < list[b] ? -1 : list[a] > list[b] ? 1 : a - b));
    const out = [];
    for (const i of idx) out.push(list[i], list[i + 1]);
    this.#list = out;
    this.#changed();
  }
  // Iteration is WebIDL's: by index over the list as it is at each step,
  // so entries deleted or added during a loop are skipped or seen.
  forEach(callback, thisArg) {
    for (let i = 0; i < this.#list.length; i += 2) callback.call(thisArg, this.#list[i + 1], this.#list[i], this);
  }
  static { listOf = (p) => p.#list; }
  toString() { return serializeUrlencoded(this.#list); }
}
tag(URLSearchParams, 'URLSearchParams');
definePairIterable(URLSearchParams, 'URLSearchParams', listOf, { flat: true });

export const urlSearchParamsUpdate = kUpdate;
defineGlobal('URLSearchParams', URLSearchParams);
