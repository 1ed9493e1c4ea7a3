// fetch() per the Fetch standard, on Go's net/http client. The response body
// streams from the network as it arrives; aborting the signal cancels the Go
// request. Fetches made while a request is being handled end with it.
import { defineGlobal, host } from './host.js';
import { Request } from './request.js';
import { Response, kNetwork } from './response.js';
import { Headers, kList } from './headers.js';
import { Body, Source, kBody } from './body.js';
import { requestStorage } from './next/request-store.js';

const nullBodyStatus = new Set([101, 103, 204, 205, 304]);
const decoder = new TextDecoder();

// The headers undici sends unless the request sets them.
const defaults = [
  ['accept', '*/*'],
  ['accept-language', '*'],
  ['sec-fetch-mode', 'cors'],
  ['user-agent', 'node'],
  ['accept-encoding', 'gzip, deflate, br'],
];

// wireHeaders flattens a request's headers for Go, adding undici's defaults.
function wireHeaders(headers) {
  const list = headers[kList];
  const flat = [];
  for (let i = 0; i < list.length; i++) flat.push(list[i][0], list[i][1]);
  for (const [name, value] of defaults) {
    let found = false;
    for (let i = 0; i < list.length; i++) if (list[i][0] === name) { found = true; break; }
    if (!found) flat.push(name, value);
  }
  return flat;
}

// fetch is written for the common case (a GET awaited by a route handler):
// no signal unless the caller gave one, one promise hop to Go and back.
export function fetch(input, init = undefined) {
  let request;
  try {
    request = new Request(input, init);
  } catch (err) {
    return Promise.reject(err);
  }
  const signal = init?.signal ?? (input instanceof Request ? input.signal : null);
  if (signal?.aborted) return Promise.reject(signal.reason);

  const handle = requestStorage.getStore()?.handle ?? -1;
  let id = 0; // Go's id for the fetch once it has started: abort cancels it
  const start = (body) => {
    if (signal?.aborted) throw signal.reason;
    const [fid, headersArrived] = host.fetchStart(handle, request.method, request.url, wireHeaders(request.headers), body, request.redirect);
    id = fid;
    return headersArrived;
  };
  const body = request[kBody];
  // A body is read into bytes first (streams included): Go sends bytes.
  const started = body === null ? start(null) : request.arrayBuffer().then((b) => start(new Uint8Array(b)));

  let onAbort = null;
  const response = started.then(([status, statusText, rawHeaders, url, redirected]) => {
    if (signal?.aborted) {
      host.fetchCancel(id);
      throw signal.reason;
    }
    const headers = Headers.fromRaw(rawHeaders, 'immutable');
    let resBody = null;
    if (request.method !== 'HEAD' && !nullBodyStatus.has(status)) {
      resBody = new Body('source', new Source(() => host.fetchRead(id), () => host.fetchReadAll(id), () => host.fetchCancel(id),
        () => host.fetchReadAll(id).then((b) => decoder.decode(b))));
    } else {
      host.fetchCancel(id);
    }
    if (signal && resBody) {
      // An abort after the headers errors the body, as in browsers.
      signal.addEventListener('abort', () => resBody.stream?.cancel(signal.reason).catch(() => {}), { once: true });
    }
    return new Response(null)[kNetwork]({ status, statusText, headers, url, redirected, body: resBody });
  });
  if (!signal) return response;
  return new Promise((resolve, reject) => {
    onAbort = () => {
      if (id) host.fetchCancel(id);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    response.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

defineGlobal('fetch', fetch);
