// next/server: NextRequest, NextResponse, NextURL, after(), connection().
import { Request, kIncoming } from '../fetch/request.js';
import { Response, kHeaderEntry } from '../fetch/response.js';
import { RequestCookies, ResponseCookies, stringifyCookie } from './cookies.js';
import { currentStore } from './request-store.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function validateURL(url) {
  try {
    return String(new URL(String(url)));
  } catch (cause) {
    throw new Error(`URL is malformed "${String(url)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`, { cause });
  }
}

// NextURL is a URL that knows the app's basePath: pathname is the path
// inside the app, href the full URL.
export class NextURL {
  #url;
  #basePath;
  constructor(input, baseOrOpts, opts) {
    let base;
    let options = opts;
    if (typeof baseOrOpts === 'object' && baseOrOpts !== null && !(baseOrOpts instanceof URL) && !('href' in baseOrOpts)) {
      options = baseOrOpts;
    } else {
      base = baseOrOpts;
    }
    this.#url = base === undefined ? new URL(String(input)) : new URL(String(input), String(base));
    this.#basePath = options?.nextConfig?.basePath ?? options?.basePath ?? '';
    if (this.#basePath && (this.#url.pathname === this.#basePath || this.#url.pathname.startsWith(this.#basePath + '/'))) {
      this.#url.pathname = this.#url.pathname.slice(this.#basePath.length) || '/';
    } else if (this.#basePath) {
      this.#basePath = '';
    }
  }
  get basePath() { return this.#basePath; }
  set basePath(v) { this.#basePath = v.startsWith('/') || v === '' ? v : `/${v}`; }
  get buildId() { return undefined; }
  get locale() { return ''; }
  get defaultLocale() { return undefined; }
  get domainLocale() { return undefined; }
  get searchParams() { return this.#url.searchParams; }
  get host() { return this.#url.host; }
  set host(v) { this.#url.host = v; }
  get hostname() { return this.#url.hostname; }
  set hostname(v) { this.#url.hostname = v; }
  get port() { return this.#url.port; }
  set port(v) { this.#url.port = v; }
  get protocol() { return this.#url.protocol; }
  set protocol(v) { this.#url.protocol = v; }
  get href() {
    const path = this.#basePath ? this.#basePath + (this.#url.pathname === '/' ? '' : this.#url.pathname) : this.#url.pathname;
    return `${this.#url.protocol}//${this.#url.host}${path}${this.#url.search}${this.#url.hash}`;
  }
  set href(v) { this.#url = new URL(v); }
  get origin() { return this.#url.origin; }
  get pathname() { return this.#url.pathname; }
  set pathname(v) { this.#url.pathname = v; }
  get hash() { return this.#url.hash; }
  set hash(v) { this.#url.hash = v; }
  get search() { return this.#url.search; }
  set search(v) { this.#url.search = v; }
  get password() { return this.#url.password; }
  set password(v) { this.#url.password = v; }
  get username() { return this.#url.username; }
  set username(v) { this.#url.username = v; }
  toString() { return this.href; }
  toJSON() { return this.href; }
  clone() { return new NextURL(this.href, { basePath: this.#basePath }); }
}

// NextRequest's own state: symbol-keyed, with defaults on the prototype, so
// that a request that arrived (every handler's) carries none of it until
// read. Private fields would cost each request an allocation per class.
const kCookies = Symbol('cookies');
const kNextUrl = Symbol('nextUrl');
const kBasePath = Symbol('basePath');

export class NextRequest extends Request {
  constructor(input, init = undefined) {
    if (input !== kIncoming) {
      validateURL(typeof input !== 'string' && input && 'url' in input ? input.url : String(input));
    }
    super(input, init);
    if (input !== kIncoming) this[kBasePath] = init?.nextConfig?.basePath ?? '';
  }
  get cookies() {
    this[kCookies] ??= new RequestCookies(this.headers);
    return this[kCookies];
  }
  get nextUrl() {
    this[kNextUrl] ??= new NextURL(this.url, { basePath: this[kBasePath] });
    return this[kNextUrl];
  }
  get page() {
    throw new Error('The `page` has been deprecated in favour of `URLPattern`.\n  Read more: https://nextjs.org/docs/messages/middleware-request-page\n  ');
  }
  get ua() {
    throw new Error('The request.ua has been removed in favour of `userAgent` function.\n  Read more: https://nextjs.org/docs/messages/middleware-parse-user-agent\n  ');
  }
}

Object.defineProperties(NextRequest.prototype, {
  [kCookies]: { value: null, writable: true },
  [kNextUrl]: { value: null, writable: true },
  [kBasePath]: { value: '', writable: true }, // '' for a request that arrived: Next strips basePath before the handler
});

// ProxyCookies are a NextResponse's cookies: what set() and delete()
// change is also written to x-middleware-set-cookie, through which a
// proxy's NextResponse.next() hands its cookies to the route's request (a
// route handler's own x-middleware-set-cookie is never sent).
class ProxyCookies extends ResponseCookies {
  set(...args) {
    super.set(...args);
    this._headers.set('x-middleware-set-cookie', this.getAll().map(stringifyCookie).join(','));
    return this;
  }
}

// requestOverride writes the request headers a proxy gives next() or
// rewrite() ({ request: { headers } }) as Next.js hands them to the
// router: each as x-middleware-request-<name>, their names in
// x-middleware-override-headers (a header left out is removed).
function requestOverride(init, headers) {
  const replacement = init?.request?.headers;
  if (!replacement) return;
  if (!(replacement instanceof Headers)) throw new Error('request.headers must be an instance of Headers');
  const keys = [];
  for (const [key, value] of replacement) {
    headers.set(`x-middleware-request-${key}`, value);
    keys.push(key);
  }
  headers.set('x-middleware-override-headers', keys.join(','));
}

export class NextResponse extends Response {
  constructor(body, init = undefined) {
    super(body, init);
  }
  get cookies() {
    this[kCookies] ??= new ProxyCookies(this.headers);
    return this[kCookies];
  }
  static json(body, init) {
    const res = Response.json(body, init);
    return new NextResponse(res.body, res);
  }
  static redirect(url, init) {
    const status = typeof init === 'number' ? init : init?.status ?? 307;
    if (!REDIRECTS.has(status)) throw new RangeError('Failed to execute "redirect" on "response": Invalid status code');
    const initObj = typeof init === 'object' ? init : {};
    const headers = new Headers(initObj?.headers);
    headers.set('Location', validateURL(url));
    return new NextResponse(null, { ...initObj, headers, status });
  }
  static rewrite(destination, init) {
    const headers = new Headers(init?.headers);
    headers.set('x-middleware-rewrite', validateURL(destination));
    requestOverride(init, headers);
    return new NextResponse(null, { ...init, headers });
  }
  static next(init) {
    // The common proxy answer, without a HeadersInit copied twice.
    if (init === undefined) return new NextResponse(null)[kHeaderEntry]('x-middleware-next', '1');
    const headers = new Headers(init?.headers);
    headers.set('x-middleware-next', '1');
    requestOverride(init, headers);
    return new NextResponse(null, { ...init, headers });
  }
}

// NextFetchEvent is a proxy's second argument: waitUntil keeps work going
// after the response, as after() does in a route.
export class NextFetchEvent {
  constructor(request) {
    this.request = request; // a field, not a private one: one is made per proxied request
  }
  get sourcePage() {
    throw new Error('The `sourcePage` has been deprecated in favour of `URLPattern`.');
  }
  waitUntil(promise) {
    after(promise);
  }
  respondWith() {
    throw new Error('The `event.respondWith()` function has been removed: return a Response from the proxy instead.');
  }
}

// proxyRequest makes the request a proxy gets: its URL carries the
// basePath, which nextUrl takes off.
export function proxyRequest(request, basePath) {
  request[kBasePath] = basePath;
  return request;
}

// Like NextRequest's, a NextResponse's cookies live under a symbol with a
// default on the prototype: a private field costs every construction.
Object.defineProperty(NextResponse.prototype, kCookies, { value: null, writable: true });

// after schedules work to run once the response has been sent.
export function after(task) {
  const store = currentStore('after');
  if (typeof task !== 'function' && typeof task?.then !== 'function') {
    throw new Error('`after()`: Argument must be a promise or a function');
  }
  (store.after ??= []).push(task);
}

// connection resolves at once: every route handler request here is a live
// request, never a prerender, so there is nothing to wait for.
export async function connection() {
  currentStore('connection');
}

export { userAgent, userAgentFromString } from './user-agent.js';
