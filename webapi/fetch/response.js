// Response per the Fetch standard. The hot path (Response.json, new
// Response(string)) builds no Headers object until someone asks for
// .headers: a lone Content-Type is kept as a string.
import { defineGlobal, tag } from '../host.js';
import { Headers, kGuard, kList } from './headers.js';
import { cloneBody, extractBody, kBody, mixBody } from './body.js';

const reasonPhrase = /^[\t\x20-\x7E\x80-\xFF]*$/;
const nullBodyStatus = new Set([101, 103, 204, 205, 304]);
const redirectStatus = new Set([301, 302, 303, 307, 308]);

// kNetwork sets what only a network response has (fetch uses it).
export const kNetwork = Symbol('network');
// kHeaderEntry gives a new response one trusted header (lower-case name,
// valid value) without the checks of a HeadersInit: NextResponse.next()
// makes one per proxied request.
export const kHeaderEntry = Symbol('headerEntry');
// kHeaderList reads a response's header entries without making a Headers.
export const kHeaderList = Symbol('headerList');
// kSendable fills in what the server sends (see Sendable), or returns false
// for Response.error(). One call instead of several getters, and no
// arrays for a response whose only header is its Content-Type.
export const kSendable = Symbol('sendable');

// Sendable is what kSendable fills in: list is null when the only header
// is contentType (or there is none).
export class Sendable {
  status = 200;
  list = null; // [name, value] entries
  contentType = null;
  body = null;
}

export class Response {
  #status = 200;
  #statusText = '';
  #headers = null; // Headers, or null while the only header is #type
  #raw = null; // headers as a flat [name, value, …] list, until read: a network response's (from Go), or kHeaderEntry's
  #contentType = null;
  #type = 'default';
  #url = '';
  #redirected = false;

  constructor(body = null, init = undefined) {
    if (init !== undefined && init !== null) {
      if (typeof init !== 'object') throw new TypeError("Failed to construct 'Response': The provided value is not of type 'ResponseInit'.");
      if (init.status !== undefined) {
        const status = Number(init.status);
        if (!Number.isInteger(status) || status < 200 || status > 599) {
          throw new RangeError(`Failed to construct 'Response': The status provided (${init.status}) is outside the range [200, 599].`);
        }
        this.#status = status;
      }
      if (init.statusText !== undefined) {
        const statusText = String(init.statusText);
        if (!reasonPhrase.test(statusText)) throw new TypeError("Failed to construct 'Response': Invalid statusText");
        this.#statusText = statusText;
      }
      if (init.headers !== undefined) {
        this.#headers = new Headers(init.headers);
        this.#headers[kGuard] = 'response';
      }
    }
    if (body !== null && body !== undefined) {
      if (nullBodyStatus.has(this.#status)) throw new TypeError(`Response constructor: Invalid response status code ${this.#status}`);
      const b = extractBody(body);
      this[kBody] = b;
      if (b.type !== null) this.#defaultType(b.type);
    }
  }

  // #defaultType sets Content-Type unless the init's headers have one.
  #defaultType(type) {
    if (this.#headers === null) this.#contentType = type;
    else if (!this.#headers.has('content-type')) this.#headers.append('content-type', type);
  }

  // rawHeaders is Go's flat [name, value, …] list: the Headers object is
  // made when something reads it, which most fetch callers never do.
  [kNetwork](status, statusText, rawHeaders, url, redirected, body) {
    this.#status = status;
    this.#statusText = statusText;
    this.#raw = rawHeaders;
    this.#contentType = null;
    this.#type = 'basic';
    this.#url = url;
    this.#redirected = redirected;
    this[kBody] = body;
    return this;
  }

  [kHeaderEntry](lowerName, value) {
    this.#raw = [lowerName, value];
    return this;
  }

  [kSendable](out) {
    if (this.#type === 'error') return false;
    out.status = this.#status;
    out.body = this[kBody];
    if (this.#raw === null && this.#headers === null) {
      out.list = null;
      out.contentType = this.#contentType;
    } else {
      out.list = this[kHeaderList];
      out.contentType = null;
    }
    return true;
  }

  // The [name, value] entries to send, without materialising Headers.
  get [kHeaderList]() {
    if (this.#raw !== null) {
      const raw = this.#raw;
      const list = [];
      for (let i = 0; i < raw.length; i += 2) list.push([raw[i], raw[i + 1]]);
      return list;
    }
    if (this.#headers !== null) return this.#headers[kList];
    return this.#contentType === null ? [] : [['content-type', this.#contentType]];
  }

  static json(data, init = undefined) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const res = new this(null, init);
    if (nullBodyStatus.has(res.#status)) throw new TypeError(`Response constructor: Invalid response status code ${res.#status}`);
    res[kBody] = extractBody(text);
    res.#defaultType('application/json');
    return res;
  }

  static redirect(url, status = 302) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch (cause) {
      const err = new TypeError(`Failed to parse URL from ${url}`);
      err.cause = cause;
      throw err;
    }
    status = Number(status);
    if (!redirectStatus.has(status)) throw new RangeError(`Invalid status code ${status}`);
    const res = new Response(null, { status });
    res.headers.set('location', parsed.href);
    res.#headers[kGuard] = 'immutable';
    return res;
  }

  static error() {
    const res = new Response(null);
    res.#status = 0;
    res.#type = 'error';
    res.headers[kGuard] = 'immutable';
    return res;
  }

  get type() { return this.#type; }
  get url() { return this.#url; }
  get redirected() { return this.#redirected; }
  get status() { return this.#status; }
  get ok() { return this.#status >= 200 && this.#status <= 299; }
  get statusText() { return this.#statusText; }
  get headers() {
    if (this.#raw !== null) {
      // A network response's headers are immutable; kHeaderEntry's are the response's own.
      this.#headers = Headers.fromRaw(this.#raw, this.#type === 'basic' ? 'immutable' : 'response');
      this.#raw = null;
    } else if (this.#headers === null) {
      this.#headers = this.#contentType === null ? new Headers() : Headers.fromEntry('content-type', this.#contentType);
      this.#headers[kGuard] = 'response';
      this.#contentType = null;
    }
    return this.#headers;
  }

  clone() {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    const out = new this.constructor(null, { status: this.#status === 0 ? 200 : this.#status, statusText: this.#statusText, headers: this.headers });
    out.#status = this.#status;
    out.#type = this.#type;
    out.#url = this.#url;
    out.#redirected = this.#redirected;
    out.#headers[kGuard] = this.#headers[kGuard];
    out[kBody] = cloneBody(this[kBody]);
    return out;
  }
}
mixBody(Response);
tag(Response, 'Response');

defineGlobal('Response', Response);
