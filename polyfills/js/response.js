// Response per the Fetch standard.
import { defineGlobal, tag } from './host.js';
import { Headers, kGuard } from './headers.js';
import { cloneBody, extractBody, kBody, mixBody } from './body.js';

const reasonPhrase = /^[\t\x20-\x7E\x80-\xFF]*$/;
const nullBodyStatus = new Set([101, 103, 204, 205, 304]);
const redirectStatus = new Set([301, 302, 303, 307, 308]);

// kNetwork sets what only a network response has (fetch uses it).
export const kNetwork = Symbol('network');

export class Response {
  #status = 200;
  #statusText = '';
  #headers;
  #type = 'default';
  #url = '';
  #redirected = false;
  [kBody] = null;

  [kNetwork]({ status, statusText, headers, url, redirected, body }) {
    this.#status = status;
    this.#statusText = statusText;
    this.#headers = headers;
    this.#headers[kGuard] = 'immutable';
    this.#type = 'basic';
    this.#url = url;
    this.#redirected = redirected;
    this[kBody] = body;
    return this;
  }

  constructor(body = null, init = {}) {
    init ??= {};
    if (typeof init !== 'object') throw new TypeError("Failed to construct 'Response': The provided value is not of type 'ResponseInit'.");
    const status = init.status === undefined ? 200 : Number(init.status);
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`Failed to construct 'Response': The status provided (${init.status}) is outside the range [200, 599].`);
    }
    const statusText = init.statusText === undefined ? '' : String(init.statusText);
    if (!reasonPhrase.test(statusText)) throw new TypeError("Failed to construct 'Response': Invalid statusText");
    this.#status = status;
    this.#statusText = statusText;
    this.#headers = init.headers === undefined ? new Headers() : new Headers(init.headers);
    this.#headers[kGuard] = 'response';
    if (body !== null && body !== undefined) {
      if (nullBodyStatus.has(status)) throw new TypeError(`Response constructor: Invalid response status code ${status}`);
      const { body: b, type } = extractBody(body);
      this[kBody] = b;
      if (type !== null && !this.#headers.has('content-type')) this.#headers.append('content-type', type);
    }
  }

  static json(data, init = {}) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const res = new Response(null, init);
    if (nullBodyStatus.has(res.#status)) throw new TypeError(`Response constructor: Invalid response status code ${res.#status}`);
    const { body } = extractBody(text);
    res[kBody] = body;
    if (!res.#headers.has('content-type')) res.#headers.append('content-type', 'application/json');
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
    res.#headers.set('location', parsed.href);
    res.#headers[kGuard] = 'immutable';
    return res;
  }

  static error() {
    const res = new Response(null, { status: 200 });
    res.#status = 0;
    res.#type = 'error';
    res.#headers[kGuard] = 'immutable';
    return res;
  }

  get type() { return this.#type; }
  get url() { return this.#url; }
  get redirected() { return this.#redirected; }
  get status() { return this.#status; }
  get ok() { return this.#status >= 200 && this.#status <= 299; }
  get statusText() { return this.#statusText; }
  get headers() { return this.#headers; }

  clone() {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    const out = new this.constructor(null, { status: this.#status === 0 ? 200 : this.#status, statusText: this.#statusText, headers: this.#headers });
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
