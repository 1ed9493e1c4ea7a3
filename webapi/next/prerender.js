// Prerendering a GET handler whose route is static unless it proves
// otherwise, as `next build` does (the dispatcher runs it for Go's
// generations, see runtime.js):
//
// - mode 1 ("prerender-legacy": metadata routes, generateStaticParams):
//   request data (request.headers, .url, nextUrl.search, a body, headers(),
//   cookies(), connection()) throws Next.js's DynamicServerError, and the
//   route is dynamic from then on;
// - mode 2 (Cache Components): the same, and the handler runs twice. The
//   first run fills the 'use cache' entries it uses (kept for the second in
//   the request's prerenderCache); the second must answer, body included,
//   within the turns of the event loop its cached data needs: anything
//   still waiting (a fetch, a query, a timer) is IO that was not cached and
//   makes the route dynamic. Reading the clock or randomness outside a
//   cached function does too (installSyncIOTracking).
//
// The route's store carries `dynamic`, the first reason found; Go hears it
// through host.prerenderDynamic and serves the route per request.
import { host } from '../host.js';
import { requestStorage, cacheStorage, markDynamic } from './request-store.js';

export const LEGACY = 1;
export const CACHE_COMPONENTS = 2;

const requestMembers = new Set(['headers', 'cookies', 'url', 'body', 'blob', 'json', 'text', 'arrayBuffer', 'formData']);
const urlMembers = new Set(['search', 'searchParams', 'url', 'href', 'toJSON', 'toString', 'origin']);

// guard wraps the request a prerender hands the handler: its dynamic
// members stop the prerender, the rest (method, nextUrl.pathname, signal)
// read through.
function guard(request, store) {
  let nextUrl;
  return new Proxy(request, {
    get(target, prop) {
      if (requestMembers.has(prop)) throw markDynamic(store, `request.${prop}`);
      if (prop === 'nextUrl') {
        nextUrl ??= new Proxy(target.nextUrl, {
          get(url, key) {
            if (urlMembers.has(key)) throw markDynamic(store, `nextUrl.${key}`);
            const v = Reflect.get(url, key, url);
            return typeof v === 'function' ? v.bind(url) : v;
          },
        });
        return nextUrl;
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

// prerender runs the route's handler as mode says and resolves to its
// Response (one Go discards once the route turned out dynamic).
export async function prerender(store, mod, exportName, context, mode) {
  store.prerender = mode;
  const request = guard(store.request, store);
  const call = () => mod[exportName](request, context);
  try {
    if (mode === LEGACY) return await call();
    store.prerenderCache = new Map();
    try {
      const res = await call();
      if (res instanceof Response) await res.arrayBuffer();
    } catch (err) {
      if (!store.dynamic) console.debug?.('prospective prerender failed:', err);
    }
    if (!store.dynamic) return await finalRun(store, call);
  } catch (err) {
    if (!store.dynamic) throw err;
  }
  host.prerenderDynamic(store.handle, store.dynamic);
  return new Response(null, { status: 204 }); // Go discards it: the visitor's request runs the route
}

// finalRun calls the handler and settles with its buffered response if it
// came within this turn of the loop and its body within the next.
function finalRun(store, call) {
  return new Promise((resolve, reject) => {
    let responded = false;
    let settled = false;
    const tooLate = () => {
      if (settled) return;
      settled = true;
      reject(markDynamic(store, 'IO that was not cached'));
    };
    const failed = (err) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    };
    host.nextTurn(() => {
      if (!responded) tooLate();
    });
    let result;
    try {
      result = call();
    } catch (err) {
      failed(err);
      return;
    }
    Promise.resolve(result).then((res) => {
      responded = true;
      if (settled) return;
      if (!(res instanceof Response)) {
        settled = true;
        resolve(res);
        return;
      }
      host.nextTurn(tooLate);
      res.arrayBuffer().then((body) => {
        if (settled) return;
        settled = true;
        resolve(new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers }));
      }, failed);
    }, failed);
  });
}

// syncIO notes, in a Cache Components prerender outside a cached
// function, a read of the clock or of randomness: its value would be
// frozen into the prerendered response.
function syncIO(expression) {
  const store = requestStorage.getStore();
  if (store?.prerender === CACHE_COMPONENTS && !store.dynamic && !cacheStorage.getStore()) {
    store.dynamic = expression;
  }
}

let tracking = false;

// realNow is Date.now as the runtime's own code reads it, untracked.
export const realNow = Date.now;

// installSyncIOTracking wraps Date.now, Math.random,
// crypto.randomUUID and crypto.getRandomValues as Next.js's
// node-environment extensions do; only apps with Cache Components pay
// for it.
export function installSyncIOTracking() {
  if (tracking) return;
  tracking = true;
  const wrap = (obj, name, expression) => {
    const original = obj[name];
    if (typeof original !== 'function') return;
    Object.defineProperty(obj, name, {
      value: { [name](...args) { syncIO(expression); return original.apply(this, args); } }[name],
      writable: true,
      configurable: true,
    });
  };
  wrap(Date, 'now', '`Date.now()`');
  wrap(Math, 'random', '`Math.random()`');
  if (globalThis.crypto) {
    wrap(globalThis.crypto, 'randomUUID', '`crypto.randomUUID()`');
    wrap(globalThis.crypto, 'getRandomValues', '`crypto.getRandomValues()`');
  }
  // `new Date()` is not tracked: goja's instanceof refuses a Proxy of
  // Date, and replacing the constructor would break date.constructor === Date.
}
