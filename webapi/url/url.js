// URL per the WHATWG URL standard. Parsing and setters run in Go (on a
// WHATWG URL parser, not net/url); the object keeps the parsed parts.
import { defineGlobal, host, tag } from '../host.js';
import { lazyLoaded, lazyModule } from '../lazy-globals.js';
import { URLSearchParams, toUSV, urlSearchParamsUpdate as kUpdate } from './url-search-params.js';

// Order of the parts Go returns.
const HREF = 0, ORIGIN = 1, PROTOCOL = 2, USERNAME = 3, PASSWORD = 4, HOST = 5, HOSTNAME = 6, PORT = 7, PATHNAME = 8, SEARCH = 9, HASH = 10;

// kMissing stands for an absent argument (goja makes `arguments` costly).
const kMissing = Symbol('missing');

export class URL {
  #parts;
  #params = null;

  constructor(url = kMissing, base = undefined) {
    if (url === kMissing) throw new TypeError("Failed to construct 'URL': 1 argument required, but only 0 present.");
    const input = toUSV(url);
    const parts = base === undefined ? host.urlParse(input) : host.urlParse(input, toUSV(base));
    if (parts === null) {
      throw new TypeError(base === undefined ? `Invalid URL: ${input}` : `Invalid URL: ${input} (base: ${base})`);
    }
    this.#parts = parts;
  }

  static canParse(url, base = undefined) {
    return (base === undefined ? host.urlParse(toUSV(url)) : host.urlParse(toUSV(url), toUSV(base))) !== null;
  }
  static parse(url, base = undefined) {
    try { return new URL(url, base); } catch { return null; }
  }
  // Object URLs for Blobs (fetch() resolves them), kept with Blob, a lazy
  // module.
  static createObjectURL(obj) {
    return lazyModule('blob').createObjectURL(obj);
  }
  static revokeObjectURL(url) {
    if (lazyLoaded('blob')) lazyModule('blob').revokeObjectURL(url);
  }

  #set(field, value) {
    const parts = host.urlSet(this.#parts[HREF], field, toUSV(value));
    if (parts !== null) this.#parts = parts;
    if (field === 'href' || field === 'search') this.#params && URLSearchParams[kUpdate](this.#params, this, this.#query());
  }
  #query() { return this.#parts[SEARCH].slice(1); }

  // Called by the bound URLSearchParams when it changes.
  [kUpdate](query) {
    const parts = host.urlSet(this.#parts[HREF], 'search', query);
    if (parts !== null) this.#parts = parts;
  }

  get href() { return this.#parts[HREF]; }
  set href(v) {
    const parts = host.urlParse(toUSV(v));
    if (parts === null) throw new TypeError(`Invalid URL: ${v}`);
    this.#parts = parts;
    if (this.#params) URLSearchParams[kUpdate](this.#params, this, this.#query());
  }
  get origin() { return this.#parts[ORIGIN]; }
  get protocol() { return this.#parts[PROTOCOL]; }
  set protocol(v) { this.#set('protocol', v); }
  get username() { return this.#parts[USERNAME]; }
  set username(v) { this.#set('username', v); }
  get password() { return this.#parts[PASSWORD]; }
  set password(v) { this.#set('password', v); }
  get host() { return this.#parts[HOST]; }
  set host(v) { this.#set('host', v); }
  get hostname() { return this.#parts[HOSTNAME]; }
  set hostname(v) { this.#set('hostname', v); }
  get port() { return this.#parts[PORT]; }
  set port(v) { this.#set('port', v); }
  get pathname() { return this.#parts[PATHNAME]; }
  set pathname(v) { this.#set('pathname', v); }
  get search() { return this.#parts[SEARCH]; }
  set search(v) { this.#set('search', v); }
  get hash() { return this.#parts[HASH]; }
  set hash(v) { this.#set('hash', v); }
  get searchParams() {
    return (this.#params ??= URLSearchParams[kUpdate](null, this, this.#query()));
  }
  toString() { return this.#parts[HREF]; }
  toJSON() { return this.#parts[HREF]; }
}
tag(URL, 'URL');

defineGlobal('URL', URL);
