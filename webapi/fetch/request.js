// Request per the Fetch standard. A request that arrived over HTTP is built
// lazily: its headers and body stay in Go until the handler touches them.
import { defineGlobal, host, tag } from '../host.js';
import { Headers, kGuard } from './headers.js';
import { Body, cloneBody, extractBody, kBody, mixBody } from './body.js';
import { AbortController, AbortSignal } from '../dom/abort.js';
import { toUSV } from '../url/url-search-params.js';

// emptyBytes is the body of an incoming request that sent none but could have.
const emptyBytes = new Uint8Array(0);

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// RequestSource is the body of a request that arrived: its bytes stay in Go
// (request handle h) until read. A class, not closures: one object per body.
class RequestSource {
  constructor(h) { this.h = h; }
  read() { return host.bodyRead(this.h); }
  all() { return host.bodyAll(this.h); }
  text() { return host.bodyText(this.h); }
  json() { return host.bodyJSON(this.h); }
  cancel() { host.bodyCancel(this.h); }
}
const normalized = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const forbidden = new Set(['CONNECT', 'TRACE', 'TRACK']);

// kIncoming, passed as the input, builds a request for an HTTP request held by Go.
export const kIncoming = Symbol('incoming');
export const kController = Symbol('controller');

function normalizeMethod(m) {
  m = String(m);
  if (!token.test(m)) throw new TypeError(`'${m}' is not a valid HTTP method.`);
  const upper = m.toUpperCase();
  if (forbidden.has(upper)) throw new TypeError(`'${m}' HTTP method is unsupported.`);
  return normalized.has(upper) ? upper : m;
}

const enums = {
  mode: ['navigate', 'same-origin', 'no-cors', 'cors'],
  credentials: ['omit', 'same-origin', 'include'],
  cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
  redirect: ['follow', 'error', 'manual'],
  duplex: ['half'],
  priority: ['high', 'low', 'auto'],
};

// The options a Request has unless its init says otherwise.
const defaults = {
  mode: 'cors',
  credentials: 'same-origin',
  cache: 'default',
  redirect: 'follow',
  referrer: 'about:client',
  referrerPolicy: '',
  integrity: '',
  keepalive: false,
};

export class Request {
  // Private fields cost little in goja, objects and calls cost more: an
  // incoming request (the hot path) is these fields and nothing else.
  #method = 'GET';
  #url = '';
  #headers = null;
  #handle = -1; // the Go request whose headers are not yet copied, or -1
  #signal = null;
  #s = null; // the options that differ from the defaults, once there are any

  constructor(input, init = undefined) {
    if (input === kIncoming) {
      // init is { handle, method, url, hasBody }, from the server. Headers
      // stay in Go (handle) until read.
      this.#method = init.method;
      this.#url = init.url;
      this.#handle = init.handle;
      if (init.hasBody) {
        const h = init.handle;
        this[kBody] = new Body('source', new RequestSource(h));
      } else if (init.method !== 'GET' && init.method !== 'HEAD') {
        // A POST (or PUT, …) that sent no body has an empty one, a
        // stream, as Node's request gives Next.js: routes check
        // request.body === null for GET only.
        this[kBody] = new Body('bytes', emptyBytes, 0);
      }
      return;
    }
    if (input === undefined) throw new TypeError("Failed to construct 'Request': 1 argument required, but only 0 present.");
    if (init !== undefined && init !== null && typeof init !== 'object') throw new TypeError("Failed to construct 'Request': The provided value is not of type 'RequestInit'.");

    let inputBody = null;
    if (input instanceof Request) {
      this.#copyFrom(input);
      inputBody = input[kBody];
    } else {
      const url = toUSV(input);
      const href = host.urlHref(url);
      if (href === null) {
        const err = new TypeError(`Failed to parse URL from ${url}`);
        err.cause = new TypeError(`Invalid URL: ${url}`);
        throw err;
      }
      if (href === '') throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${url}`);
      this.#url = href;
    }

    if ((init === undefined || init === null) && inputBody === null) {
      // fetch(url) and new Request(url): nothing else to read.
      this.#headers ??= new Headers();
      return;
    }
    init ??= {};
    const s = (this.#s ??= {});
    for (const key in enums) {
      if (init[key] !== undefined && !enums[key].includes(String(init[key]))) {
        throw new TypeError(`Failed to construct 'Request': The provided value '${init[key]}' is not a valid enum value of type Request${key[0].toUpperCase()}${key.slice(1)}.`);
      }
    }
    if (init.mode === 'navigate') throw new TypeError("Failed to construct 'Request': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.");
    for (const key of ['mode', 'credentials', 'cache', 'redirect']) if (init[key] !== undefined) s[key] = init[key];
    if (init.integrity !== undefined) s.integrity = String(init.integrity);
    if (init.keepalive !== undefined) s.keepalive = !!init.keepalive;
    if (init.referrer !== undefined) s.referrer = init.referrer === '' ? '' : toUSV(init.referrer);
    if (init.referrerPolicy !== undefined) s.referrerPolicy = String(init.referrerPolicy);
    if (init.method !== undefined) this.#method = normalizeMethod(init.method);
    if (init.signal !== undefined && init.signal !== null) {
      if (!(init.signal instanceof AbortSignal)) throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
      this.#signal = init.signal;
    }
    if (init.headers !== undefined) this.#headers = new Headers(init.headers);
    this.#headers ??= new Headers();

    const hasBody = init.body !== undefined && init.body !== null;
    if (hasBody && (this.#method === 'GET' || this.#method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    if (hasBody) {
      const body = extractBody(init.body, s.keepalive ?? false);
      if (body.kind === 'stream' && init.duplex !== 'half') throw new TypeError('RequestInit: duplex option is required when sending a body.');
      this[kBody] = body;
      if (body.type !== null && !this.#headers.has('content-type')) this.#headers.append('content-type', body.type);
    } else if (inputBody !== null) {
      if (inputBody.disturbed || inputBody.stream?.locked) throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      this[kBody] = inputBody;
      input[kBody] = new Body('string', '');
      input[kBody].used = true;
    }
  }

  #copyFrom(src) {
    this.#s = src.#s === null ? this.#s : { ...src.#s, ...this.#s };
    this.#method = src.#method;
    this.#url = src.#url;
    this.#signal = src.signal;
    this.#headers = new Headers(src.headers);
  }

  #opt(key) {
    const v = this.#s?.[key];
    return v === undefined ? defaults[key] : v;
  }

  get method() { return this.#method; }
  get url() { return this.#url; }
  get headers() {
    if (this.#headers === null) {
      this.#headers = this.#handle >= 0 ? Headers.fromRaw(host.requestHeaders(this.#handle), 'request') : new Headers();
    }
    return this.#headers;
  }
  get destination() { return ''; }
  get referrer() {
    const r = this.#opt('referrer');
    return r === 'no-referrer' ? '' : r;
  }
  get referrerPolicy() { return this.#opt('referrerPolicy'); }
  get mode() { return this.#opt('mode'); }
  get credentials() { return this.#opt('credentials'); }
  get cache() { return this.#opt('cache'); }
  get redirect() { return this.#opt('redirect'); }
  get integrity() { return this.#opt('integrity'); }
  get keepalive() { return this.#opt('keepalive'); }
  get isReloadNavigation() { return false; }
  get isHistoryNavigation() { return false; }
  get duplex() { return 'half'; }
  get signal() {
    this.#signal ??= (this[kController] ??= new AbortController()).signal;
    return this.#signal;
  }

  clone() {
    if (this.bodyUsed) throw new TypeError('Request.clone: Body has already been consumed.');
    const out = new this.constructor(kIncoming, { handle: -1, method: this.#method, url: this.#url, hasBody: false });
    out.#copyFrom(this);
    out[kBody] = cloneBody(this[kBody]);
    return out;
  }
}
mixBody(Request);
tag(Request, 'Request');

defineGlobal('Request', Request);
