// node:http's client (request, get, Agent, ClientRequest as a Writable,
// IncomingMessage as a Readable) on the HTTP client fetch() uses
// (webapi/fetch/nodehttp.go): what SDKs' Node builds send their calls
// with (stripe, the AWS SDK's Node handler, googleapis, axios). Redirects
// are the caller's, as in Node; bodies are neither compressed nor
// decompressed. Servers are refused: the route handlers are the server.
import { host } from '../host.js';
import { Buffer } from './buffer.js';
import { Readable, Writable } from './stream.js';
import { EventEmitter } from './events.js';
import { nodeError, refuseServers } from './net.js';

export const METHODS = ['ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK', 'M-SEARCH', 'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH', 'POST', 'PROPFIND', 'PROPPATCH', 'PURGE', 'PUT', 'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK', 'UNLOCK', 'UNSUBSCRIBE'];
export const STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  418: "I'm a Teapot", 422: 'Unprocessable Entity', 425: 'Too Early', 428: 'Precondition Required', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
};
export const maxHeaderSize = 16384;

// Agent holds the options of a connection pool; the pool itself is Go's
// transport made for those options (one per distinct options).
export class Agent extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = { ...options };
    this.keepAlive = options.keepAlive ?? false;
    this.maxSockets = options.maxSockets ?? Infinity;
    this.maxFreeSockets = options.maxFreeSockets ?? 256;
    this.sockets = {};
    this.freeSockets = {};
    this.requests = {};
  }
  destroy() {}
}
export const globalAgent = new Agent({ keepAlive: true });

// IncomingMessage is a response: its body read from Go as it is read here.
export class IncomingMessage extends Readable {
  constructor(request) {
    super();
    this._request = request;
    this.statusCode = 0;
    this.statusMessage = '';
    this.httpVersion = '1.1';
    this.httpVersionMajor = 1;
    this.httpVersionMinor = 1;
    this.headers = {};
    this.rawHeaders = [];
    this.trailers = {};
    this.rawTrailers = [];
    this.aborted = false;
    this.complete = false;
    this.url = '';
    this.method = null;
    this.socket = request.socket;
  }
  get connection() { return this.socket; }
  _read() {
    if (this._request._id) host.httpRead(this._request._id);
  }
  _destroy(err, callback) {
    if (!this.complete) this._request._abort();
    callback(err);
  }
  setTimeout(ms, cb) {
    this._request.setTimeout(ms, cb);
    return this;
  }
}

// multiple are the headers Node keeps as arrays, or joins with ", ".
const kept = new Set(['set-cookie']);
const firstOnly = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent']);

function headerObject(flat) {
  const out = {};
  for (let i = 0; i < flat.length; i += 2) {
    const k = flat[i];
    const v = flat[i + 1];
    if (kept.has(k)) (out[k] ??= []).push(v);
    else if (out[k] === undefined) out[k] = v;
    else if (!firstOnly.has(k)) out[k] += (k === 'cookie' ? '; ' : ', ') + v;
  }
  return out;
}

// urlOptions reads request(url[, options][, cb]) and request(options[, cb]).
function requestArgs(args, defaultProtocol) {
  let url;
  let options = {};
  if (typeof args[0] === 'string' || args[0] instanceof URL) {
    url = new URL(String(args[0]));
    args = args.slice(1);
  }
  if (args[0] !== null && typeof args[0] === 'object') {
    options = { ...args[0] };
    args = args.slice(1);
  }
  const cb = typeof args[0] === 'function' ? args[0] : undefined;
  if (url !== undefined) {
    options = {
      protocol: url.protocol, hostname: url.hostname, port: url.port || undefined,
      path: url.pathname + url.search, auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
      ...options,
    };
  }
  options.protocol ??= defaultProtocol;
  return [options, cb];
}

const tokenRe = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
function checkHeader(name, value) {
  if (typeof name !== 'string' || !tokenRe.test(name)) {
    const err = new TypeError(`Header name must be a valid HTTP token ["${name}"]`);
    err.code = 'ERR_INVALID_HTTP_TOKEN';
    throw err;
  }
  if (value === undefined) {
    const err = new TypeError(`Invalid value "undefined" for header "${name}"`);
    err.code = 'ERR_HTTP_INVALID_HEADER_VALUE';
    throw err;
  }
}

// fakeSocket stands for the connection: code reads its address and sets
// timeouts and keep-alive on it.
function fakeSocket(req) {
  const s = new EventEmitter();
  Object.assign(s, {
    remoteAddress: undefined, remotePort: undefined, encrypted: req._protocol === 'https:',
    setTimeout: (ms, cb) => { req.setTimeout(ms, cb); return s; },
    setNoDelay: () => s, setKeepAlive: () => s, ref: () => s, unref: () => s,
    destroy: (err) => req.destroy(err), end: () => s, connecting: false,
  });
  return s;
}

// ClientRequest is a request: headers may change until the body starts,
// which sends them.
export class ClientRequest extends Writable {
  constructor(options, cb, tls) {
    // Not destroyed when the body is written: the response is still to come.
    super({ decodeStrings: true, autoDestroy: false, emitClose: false });
    this._protocol = options.protocol ?? 'http:';
    if (this._protocol !== 'http:' && this._protocol !== 'https:') {
      const err = new TypeError(`Protocol "${this._protocol}" not supported. Expected "http:"`);
      err.code = 'ERR_INVALID_PROTOCOL';
      throw err;
    }
    this.method = String(options.method ?? 'GET').toUpperCase();
    this.host = options.hostname ?? (options.host ?? 'localhost').replace(/:\d+$/, '');
    this.port = options.port ?? options.defaultPort ?? (this._protocol === 'https:' ? 443 : 80);
    this.path = options.path ?? '/';
    this.protocol = this._protocol;
    this.agent = options.agent === false ? new Agent() : options.agent ?? globalAgent;
    this._tls = tls;
    this._headers = new Map(); // lower name → [name, value]
    this._id = 0;
    this._sent = false;
    this._timer = null;
    this._timeout = 0;
    this.aborted = false;
    this.reusedSocket = false;
    this.maxHeadersCount = null;
    this.socket = fakeSocket(this);
    const headers = options.headers ?? {};
    if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) this.setHeader(headers[i], headers[i + 1]);
    else for (const k of Object.keys(headers)) if (headers[k] !== undefined) this.setHeader(k, headers[k]);
    if (options.auth && !this.hasHeader('authorization')) this.setHeader('Authorization', 'Basic ' + Buffer.from(options.auth).toString('base64'));
    if (!this.hasHeader('host')) {
      const defaultPort = this._protocol === 'https:' ? 443 : 80;
      const h = this.host.includes(':') ? `[${this.host}]` : this.host;
      this.setHeader('Host', Number(this.port) === defaultPort ? h : `${h}:${this.port}`);
    }
    if (options.timeout) this.setTimeout(options.timeout);
    if (options.signal) {
      if (options.signal.aborted) queueMicrotask(() => this.destroy(abortError(options.signal)));
      else options.signal.addEventListener('abort', () => this.destroy(abortError(options.signal)), { once: true });
    }
    if (cb) this.once('response', cb);
    queueMicrotask(() => this.emit('socket', this.socket));
  }

  get headersSent() { return this._sent; }
  get finished() { return this.writableEnded; }

  setHeader(name, value) {
    if (this._sent) {
      const err = new Error('Cannot set headers after they are sent to the client');
      err.code = 'ERR_HTTP_HEADERS_SENT';
      throw err;
    }
    checkHeader(name, value);
    this._headers.set(name.toLowerCase(), [name, value]);
    return this;
  }
  getHeader(name) { return this._headers.get(String(name).toLowerCase())?.[1]; }
  getHeaders() {
    const out = Object.create(null);
    for (const [k, [, v]] of this._headers) out[k] = v;
    return out;
  }
  getHeaderNames() { return [...this._headers.keys()]; }
  getRawHeaderNames() { return [...this._headers.values()].map(([n]) => n); }
  hasHeader(name) { return this._headers.has(String(name).toLowerCase()); }
  removeHeader(name) { this._headers.delete(String(name).toLowerCase()); }
  flushHeaders() { this._start(true); }
  setNoDelay() {}
  setSocketKeepAlive() {}

  setTimeout(ms, cb) {
    this._timeout = ms;
    if (cb) this.once('timeout', cb);
    this._touch();
    return this;
  }
  _touch() {
    if (this._timer !== null) clearTimeout(this._timer);
    this._timer = this._timeout > 0 && !this.destroyed ? setTimeout(() => { this.emit('timeout'); this.socket.emit('timeout'); }, this._timeout) : null;
  }

  // _start sends the head: the body follows (streamed) when there is one.
  _start(hasBody) {
    if (this._sent) return;
    this._sent = true;
    const flat = [];
    for (const [, [name, value]] of this._headers) {
      if (Array.isArray(value)) for (const v of value) flat.push(name, String(v));
      else flat.push(name, String(value));
    }
    const url = `${this._protocol}//${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}${this.path}`;
    const agent = this.agent ? { keepAlive: this.agent.keepAlive, maxSockets: this.agent.maxSockets } : null;
    const tls = this._protocol === 'https:' ? this._tls ?? null : null;
    this._id = host.httpRequest(this._sink(), this.method, url, flat, hasBody, agent, tls);
  }

  _sink() {
    return {
      onresponse: (info) => {
        this._touch();
        const res = (this.res = new IncomingMessage(this));
        res.statusCode = info.status;
        res.statusMessage = info.statusText || STATUS_CODES[info.status] || '';
        res.httpVersion = info.httpVersion;
        [res.httpVersionMajor, res.httpVersionMinor] = info.httpVersion.split('.').map(Number);
        res.rawHeaders = info.headers;
        res.headers = headerObject(info.headers);
        if (!this.emit('response', res)) res.resume(); // nobody reads it: drained, as in Node
      },
      ondata: (ab) => {
        this._touch();
        this.res.push(Buffer.from(ab));
      },
      onend: () => {
        this._id = 0;
        if (this._timer !== null) clearTimeout(this._timer);
        this.res.complete = true;
        this.res.push(null);
        this.emit('close');
      },
      onerror: (info) => {
        this._id = 0;
        const err = nodeError(info);
        if (this.res) {
          this.res.aborted = true;
          this.res.destroy(err);
        } else {
          this.destroy(err);
        }
      },
    };
  }

  _write(chunk, encoding, callback) {
    this._start(true);
    this._touch();
    host.httpWrite(this._id, chunk.buffer, chunk.byteOffset, chunk.byteLength, (err) => callback(err ? nodeError(err) : undefined));
  }

  _final(callback) {
    if (!this._sent) this._start(false);
    else host.httpEnd(this._id);
    callback();
  }

  _abort() {
    if (this._id) host.httpAbort(this._id);
    this._id = 0;
    if (this._timer !== null) clearTimeout(this._timer);
  }

  _destroy(err, callback) {
    this._abort();
    callback(err);
    queueMicrotask(() => this.emit('close'));
  }

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    queueMicrotask(() => this.emit('abort'));
    this.destroy();
  }
}

function abortError(signal) {
  const err = new Error('The operation was aborted', { cause: signal.reason });
  err.name = 'AbortError';
  err.code = 'ABORT_ERR';
  return err;
}

export function request(...args) {
  const [options, cb] = requestArgs(args, 'http:');
  return new ClientRequest(options, cb, null);
}

export function get(...args) {
  const req = request(...args);
  req.end();
  return req;
}

export const { createServer, Server } = refuseServers('http');
export const ServerResponse = Server;
export { requestArgs };

export function validateHeaderName(name) { checkHeader(name, ''); }
export function validateHeaderValue(name, value) { checkHeader(name, value); }

export default { METHODS, STATUS_CODES, maxHeaderSize, Agent, globalAgent, IncomingMessage, ClientRequest, request, get, createServer, Server, ServerResponse, validateHeaderName, validateHeaderValue };
