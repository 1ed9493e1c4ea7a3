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

async function bodyBytes(request) {
  const body = request[kBody];
  if (body === null) return null;
  return new Uint8Array(await request.arrayBuffer());
}

export function fetch(input, init = undefined) {
  let request;
  try {
    request = new Request(input, init);
  } catch (err) {
    return Promise.reject(err);
  }
  const signal = request.signal;
  if (signal.aborted) return Promise.reject(signal.reason);

  return new Promise((resolve, reject) => {
    let id = 0;
    let settled = false;
    const onAbort = () => {
      if (id) host.fetchCancel(id);
      if (!settled) {
        settled = true;
        reject(signal.reason);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });

    const headers = new Headers(request.headers);
    if (!headers.has('accept')) headers.set('accept', '*/*');
    if (!headers.has('accept-language')) headers.set('accept-language', '*');
    if (!headers.has('sec-fetch-mode')) headers.set('sec-fetch-mode', 'cors');
    if (!headers.has('user-agent')) headers.set('user-agent', 'node');
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');
    const flat = [];
    for (const [k, v] of headers[kList]) flat.push(k, v);

    const handle = requestStorage.getStore()?.handle ?? -1;
    bodyBytes(request)
      .then((body) => host.fetchStart(handle, request.method, request.url, flat, body, request.redirect))
      .then(([fid, status, statusText, rawHeaders, url, redirected]) => {
        id = fid;
        if (settled) {
          host.fetchCancel(id);
          return;
        }
        settled = true;
        const h = new Headers();
        for (let i = 0; i < rawHeaders.length; i += 2) h.append(rawHeaders[i], rawHeaders[i + 1]);
        let body = null;
        if (request.method !== 'HEAD' && !nullBodyStatus.has(status)) {
          body = new Body('source', new Source(() => host.fetchRead(id), () => host.fetchReadAll(id), () => host.fetchCancel(id),
            () => host.fetchReadAll(id).then((b) => decoder.decode(b))));
          // An abort after the headers errors the body, as in browsers.
          signal.addEventListener('abort', () => {
            if (body.stream) body.stream.cancel(signal.reason).catch(() => {});
          }, { once: true });
        } else {
          host.fetchCancel(id);
        }
        resolve(new Response(null)[kNetwork]({ status, statusText, headers: h, url, redirected, body }));
      })
      .catch((err) => {
        if (!settled) {
          settled = true;
          reject(err);
        }
      });
  });
}

defineGlobal('fetch', fetch);
