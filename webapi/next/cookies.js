// RequestCookies and ResponseCookies as Next.js has them (from
// @edge-runtime/cookies), so cookie strings are parsed and written the same.
const sameSites = ['strict', 'lax', 'none'];
const priorities = ['low', 'medium', 'high'];

export function stringifyCookie(c) {
  const attrs = [
    'path' in c && c.path && `Path=${c.path}`,
    'expires' in c && (c.expires || c.expires === 0) && `Expires=${(typeof c.expires === 'number' ? new Date(c.expires) : c.expires).toUTCString()}`,
    'maxAge' in c && typeof c.maxAge === 'number' && `Max-Age=${c.maxAge}`,
    'domain' in c && c.domain && `Domain=${c.domain}`,
    'secure' in c && c.secure && 'Secure',
    'httpOnly' in c && c.httpOnly && 'HttpOnly',
    'sameSite' in c && c.sameSite && `SameSite=${c.sameSite}`,
    'partitioned' in c && c.partitioned && 'Partitioned',
    'priority' in c && c.priority && `Priority=${c.priority}`,
  ].filter(Boolean);
  const stringified = `${c.name}=${encodeURIComponent(c.value ?? '')}`;
  return attrs.length === 0 ? stringified : `${stringified}; ${attrs.join('; ')}`;
}

export function parseCookie(cookie) {
  const map = new Map();
  for (const pair of cookie.split(/; */)) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    if (at === -1) {
      map.set(pair, 'true');
      continue;
    }
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1);
    try {
      map.set(key, decodeURIComponent(value ?? 'true'));
    } catch {
      // A value that is not valid percent-encoding is skipped, as Next.js does.
    }
  }
  return map;
}

export function parseSetCookie(setCookie) {
  if (!setCookie) return undefined;
  const [[name, value], ...attributes] = parseCookie(setCookie);
  const a = Object.fromEntries(attributes.map(([k, v]) => [k.toLowerCase().replace(/-/g, ''), v]));
  const cookie = {
    name,
    value: decodeURIComponent(value),
    domain: a.domain,
    ...(a.expires && { expires: new Date(a.expires) }),
    ...(a.httponly && { httpOnly: true }),
    ...(typeof a.maxage === 'string' && { maxAge: Number(a.maxage) }),
    path: a.path,
    ...(a.samesite && { sameSite: sameSites.includes(a.samesite.toLowerCase()) ? a.samesite.toLowerCase() : undefined }),
    ...(a.secure && { secure: true }),
    ...(a.priority && { priority: priorities.includes(a.priority.toLowerCase()) ? a.priority.toLowerCase() : undefined }),
    ...(a.partitioned && { partitioned: true }),
  };
  for (const k of Object.keys(cookie)) if (cookie[k] === undefined) delete cookie[k];
  return cookie;
}

function normalizeCookie(cookie = { name: '', value: '' }) {
  if (typeof cookie.expires === 'number') cookie.expires = new Date(cookie.expires);
  if (cookie.maxAge) cookie.expires = new Date(Date.now() + cookie.maxAge * 1000);
  if (cookie.path === null || cookie.path === undefined) cookie.path = '/';
  return cookie;
}

const nameOf = (arg) => (typeof arg === 'string' ? arg : arg?.name);

export class RequestCookies {
  _parsed = new Map();
  _headers;
  constructor(requestHeaders) {
    this._headers = requestHeaders;
    const header = requestHeaders.get('cookie');
    if (header) for (const [name, value] of parseCookie(header)) this._parsed.set(name, { name, value });
  }
  [Symbol.iterator]() { return this._parsed[Symbol.iterator](); }
  get size() { return this._parsed.size; }
  get(...args) { return this._parsed.get(nameOf(args[0])); }
  getAll(...args) {
    const all = [...this._parsed];
    if (!args.length) return all.map(([, v]) => v);
    const name = nameOf(args[0]);
    return all.filter(([n]) => n === name).map(([, v]) => v);
  }
  has(name) { return this._parsed.has(name); }
  set(...args) {
    const [name, value] = args.length === 1 ? [args[0].name, args[0].value] : args;
    this._parsed.set(name, { name, value });
    this.#sync();
    return this;
  }
  delete(names) {
    const result = Array.isArray(names) ? names.map((n) => this._parsed.delete(n)) : this._parsed.delete(names);
    this.#sync();
    return result;
  }
  clear() {
    this.delete([...this._parsed.keys()]);
    return this;
  }
  #sync() {
    this._headers.set('cookie', [...this._parsed].map(([, v]) => stringifyCookie(v)).join('; '));
  }
  toString() { return [...this._parsed.values()].map((v) => `${v.name}=${encodeURIComponent(v.value)}`).join('; '); }
}

export class ResponseCookies {
  _parsed = new Map();
  _headers;
  constructor(responseHeaders) {
    this._headers = responseHeaders;
    for (const s of responseHeaders.getSetCookie()) {
      const parsed = parseSetCookie(s);
      if (parsed) this._parsed.set(parsed.name, parsed);
    }
  }
  get(...args) { return this._parsed.get(nameOf(args[0])); }
  getAll(...args) {
    const all = [...this._parsed.values()];
    if (!args.length) return all;
    const name = nameOf(args[0]);
    return all.filter((c) => c.name === name);
  }
  has(name) { return this._parsed.has(name); }
  set(...args) {
    const [name, value, cookie] = args.length === 1 ? [args[0].name, args[0].value, args[0]] : args;
    this._parsed.set(name, normalizeCookie({ name, value, ...cookie }));
    this._headers.delete('set-cookie');
    for (const [, c] of this._parsed) this._headers.append('set-cookie', stringifyCookie(c));
    return this;
  }
  delete(...args) {
    const [name, options] = typeof args[0] === 'string' ? [args[0]] : [args[0].name, args[0]];
    return this.set({ ...options, name, value: '', expires: new Date(0) });
  }
  toString() { return [...this._parsed.values()].map(stringifyCookie).join('; '); }
}

// MutableCookies is what cookies() from next/headers returns inside a route
// handler: the request's cookies, writable, remembering which names changed
// so that only those are sent back.
export class MutableCookies extends ResponseCookies {
  modified = new Set();
  constructor(requestCookies) {
    super(new Headers());
    for (const c of requestCookies.getAll()) super.set(c);
  }
  set(...args) {
    this.modified.add(nameOf(args[0]));
    super.set(...args);
    return this;
  }
  delete(...args) {
    this.modified.add(nameOf(args[0]));
    super.delete(...args);
    return this;
  }
  [Symbol.iterator]() { return this._parsed[Symbol.iterator](); }
  clear() {
    for (const name of [...this._parsed.keys()]) this.delete(name);
    return this;
  }
  // modifiedValues lists the cookies to send, in Next.js's order.
  modifiedValues() { return this.getAll().filter((c) => this.modified.has(c.name)); }
}

// appendMutableCookies adds the cookies set through cookies() to a response's
// headers: as fallbacks, so a Set-Cookie the response carries itself wins.
export function appendMutableCookies(headers, mutable) {
  const values = mutable.modifiedValues();
  if (values.length === 0) return;
  const res = new ResponseCookies(headers);
  const own = res.getAll();
  for (const c of values) res.set(c);
  for (const c of own) res.set(c);
}
