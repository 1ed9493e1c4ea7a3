// fetch() per the Fetch standard, on Go's net/http client. The response body
// streams from the network as it arrives; aborting the signal cancels the Go
// request. Fetches made while a request is being handled end with it.
import { defineGlobal, host } from '../host.js';
import { Request } from './request.js';
import { Response, kNetwork } from './response.js';
import { Headers, kList } from './headers.js';
import { Body, kBody } from './body.js';
import { requestStorage } from '../next/request-store.js';
import { readCache, writeCache } from '../next/data-cache.js';
import { lazyLoaded, lazyModule } from '../lazy-globals.js';

const nullBodyStatus = new Set([101, 103, 204, 205, 304]);

// wireHeaders flattens a request's headers for Go ([name, value, …]), or
// null when it has none; Go adds the headers undici sends by default.
function wireHeaders(headers) {
  const list = headers[kList];
  if (list.length === 0) return null;
  const flat = [];
  for (let i = 0; i < list.length; i++) flat.push(list[i][0], list[i][1]);
  return flat;
}

// FetchSource is the body of a fetch response, streaming from Go (fetch id).
class FetchSource {
  constructor(id) { this.id = id; }
  read() { return host.fetchRead(this.id); }
  all() { return host.fetchReadAll(this.id); }
  text() { return host.fetchReadText(this.id); }
  json() { return host.fetchReadJSON(this.id); }
  cancel() { host.fetchCancel(this.id); }
}

// networkResponse makes the Response of a fetch: Go calls it when the
// headers are in, and it hands the Response back to resolve fetch's
// promise, so that the code awaiting it runs in this same call (no JS
// continuation, no second call from Go). rawHeaders is Go's flat
// [name, value, …] list.
function networkResponse(id, hasBody, status, statusText, rawHeaders, url, redirected) {
  const body = hasBody ? new Body('source', new FetchSource(id)) : null;
  host.fetchResolve(new Response(null)[kNetwork](status, statusText, rawHeaders, url, redirected, body));
}

// A fetch's name for Go (its key for cancel and reads) is a random handle
// that Go picks (webapi.NewHandle), so that code holding one response's
// body cannot name another request's fetch.

// fetch is written for the common case (a GET awaited by a route handler):
// no signal unless the caller gave one, one promise hop to Go and back.
export function fetch(input, init = undefined) {
  if (init === undefined && typeof input === 'string') {
    // fetch(url): a GET with no headers or body, without building a
    // Request and its Headers (an invalid URL goes the long way, for its
    // error).
    const url = host.urlHref(input);
    if (url && !isLocal(url)) return host.fetchStart(host.fetchId(), currentHandle(), 'GET', url, null, null, 'follow', networkResponse);
  }
  let request;
  try {
    request = new Request(input, init);
  } catch (err) {
    return Promise.reject(err);
  }
  const signal = init?.signal ?? (input instanceof Request ? input.signal : null);
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (isLocal(request.url)) {
    try {
      return Promise.resolve(localResponse(request));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  if (init?.next !== undefined || init?.cache !== undefined) {
    const policy = cachePolicy(request, init);
    if (policy) return cachedFetch(request, policy, () => send(request, signal));
  }
  return send(request, signal);
}

// data: and blob: URLs are answered here, as undici does, without Go.
function isLocal(url) {
  return url.startsWith('data:') || url.startsWith('blob:');
}

// localResponse is the Fetch standard's scheme fetch for data: (the data:
// URL processor) and blob: (an object URL of this worker; GET only). What
// cannot be answered is a network error: TypeError: fetch failed.
function localResponse(request) {
  const { url } = request;
  if (url.startsWith('blob:')) {
    const blob = request.method === 'GET' && lazyLoaded('blob') ? lazyModule('blob').resolveObjectURL(url) : undefined;
    if (blob === undefined) throw new TypeError('fetch failed', { cause: new TypeError(`no Blob for ${url} in this worker`) });
    return new Response(null)[kNetwork](200, 'OK', ['content-length', String(blob.size), 'content-type', blob.type], url, false,
      new Body('blob', blob, blob.size));
  }
  const { type, body } = dataURL(url);
  return new Response(null)[kNetwork](200, 'OK', ['content-type', type], url, false, new Body('bytes', body, body.length));
}

// dataURL is the Fetch standard's data: URL processor: the MIME type
// before the comma (text/plain;charset=US-ASCII when there is none), and
// the percent-decoded bytes after it, base64-decoded with ;base64.
function dataURL(url) {
  const input = url.slice(5).split('#')[0];
  const comma = input.indexOf(',');
  if (comma < 0) throw new TypeError('fetch failed', { cause: new TypeError('invalid data: URL: no comma') });
  let type = input.slice(0, comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  let bytes = percentDecode(input.slice(comma + 1));
  const base64 = /;[\t\n\f\r ]*base64$/i.exec(type);
  if (base64) {
    type = type.slice(0, base64.index);
    let binary;
    try {
      let text = '';
      for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
      binary = atob(text);
    } catch {
      throw new TypeError('fetch failed', { cause: new TypeError('invalid data: URL: bad base64') });
    }
    bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }
  if (type.startsWith(';')) type = 'text/plain' + type;
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(;.*)?$/.test(type)) type = 'text/plain;charset=US-ASCII';
  return { type: type.replace(/^[^;]*/, (essence) => essence.toLowerCase()), body: bytes };
}

// percentDecode turns %XX into bytes; a serialized URL is ASCII otherwise.
function percentDecode(s) {
  const out = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out[n++] = parseInt(s.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      out[n++] = c;
    }
  }
  return out.subarray(0, n);
}

// currentHandle is Go's name for the request being handled (its fetches
// end with it), or -1 outside one.
function currentHandle() {
  return requestStorage.getStore()?.handle ?? -1;
}

// start hands the request to Go, with its body's bytes (or null).
function start(id, handle, request, bytes) {
  return host.fetchStart(id, handle, request.method, request.url, wireHeaders(request.headers), bytes, request.redirect, networkResponse);
}

// send makes the request on the network.
function send(request, signal) {
  const handle = currentHandle();
  const id = host.fetchId();
  const body = request[kBody];
  if (signal === null) {
    if (body === null) return start(id, handle, request, null);
    // A body is read into bytes first (streams included): Go sends bytes.
    return request.arrayBuffer().then((b) => start(id, handle, request, new Uint8Array(b)));
  }
  let started = false;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      if (started) host.fetchCancel(id);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const response = body === null ? Promise.resolve(null) : request.arrayBuffer().then((b) => new Uint8Array(b));
    response
      .then((bytes) => {
        if (signal.aborted) throw signal.reason;
        started = true;
        return start(id, handle, request, bytes);
      })
      .then((res) => {
        const resBody = res[kBody];
        if (resBody !== null) {
          // An abort after the headers errors the body, as in browsers.
          signal.addEventListener('abort', () => resBody.stream?.cancel(signal.reason).catch(() => {}), { once: true });
        }
        resolve(res);
      }, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

// cachePolicy reads Next.js's fetch cache options: null when the response
// is not to be cached, else how long (0: until revalidated) and its tags.
// Tags are recorded on the request either way, so that a cached route's
// response can be revalidated through them.
function cachePolicy(request, init) {
  const next = init.next ?? {};
  const tags = Array.isArray(next.tags) ? next.tags.filter((t) => typeof t === 'string' && t.length <= 256) : [];
  if (tags.length) host.cacheTagsUsed(requestStorage.getStore()?.handle ?? -1, tags);
  const { revalidate } = next;
  if (revalidate !== undefined && revalidate !== false && !(typeof revalidate === 'number' && revalidate >= 0)) {
    throw new TypeError(`fetch: next.revalidate must be false or a number of seconds >= 0, got ${revalidate}`);
  }
  if (request.method !== 'GET' || init.cache === 'no-store' || init.cache === 'no-cache' || revalidate === 0) return null;
  if (typeof revalidate === 'number') return { seconds: Math.ceil(revalidate), tags };
  if (init.cache === 'force-cache' || revalidate === false) return { seconds: 0, tags };
  return null;
}

// cachedFetch answers from the data cache, keyed by URL and request
// headers, and stores successful (2xx) responses. A store that fails is
// logged and bypassed, never the request's failure.
async function cachedFetch(request, policy, network) {
  const key = JSON.stringify([request.url, flatten(request.headers)]);
  const fill = async () => {
    const res = await network();
    if (!res.ok) return res;
    const body = await res.arrayBuffer();
    const flat = flatten(res.headers);
    await writeCache('fetch', key, res.status, flat, body, policy.seconds, policy.tags)
      .catch((err) => console.error('fetch: storing the response in the data cache failed:', err));
    return cachedResponse(res.status, flat, body, request.url);
  };
  let hit;
  try {
    hit = await readCache('fetch', key);
  } catch (err) {
    console.error('fetch: reading the data cache failed:', err);
    return network();
  }
  if (hit === null) return fill();
  if (hit.stale) hit.refresh(fill);
  return cachedResponse(hit.status, hit.headers, hit.body, request.url);
}

// flatten lists headers as name, value, … in iteration order (sorted, combined).
function flatten(headers) {
  const flat = [];
  for (const [name, value] of headers) flat.push(name, value);
  return flat;
}

function cachedResponse(status, flat, body, url) {
  const headers = new Headers();
  for (let i = 0; i + 1 < flat.length; i += 2) headers.append(flat[i], flat[i + 1]);
  const res = new Response(nullBodyStatus.has(status) ? null : body, { status, headers });
  Object.defineProperty(res, 'url', { value: url });
  return res;
}

defineGlobal('fetch', fetch);
