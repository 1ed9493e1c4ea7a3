// The runtime entry: installs the Web platform globals in dependency order,
// then exposes the dispatcher that Go calls for each request. Go runs the
// app's bundle, which hands over its next.config and a loader per route
// module; Go passes them to applyNextConfig and registerRoutes: the bundle
// itself cannot import this module (see polyfills.Public). A route's
// module loads on the first request that needs it (see load).
import { host } from './host.js';
import './prelude.js';
import './weakref/weakref.js';
import './regexp/regexp.js';
import './intl/intl.js';
import './memory.js';
import './process.js';
import './dom/dom-exception.js';
import './timers/performance.js';
import './console/console.js';
import './timers/timers.js';
import './dom/event-target.js';
import './dom/abort.js';
import './encoding/encoding.js';
import './crypto/crypto.js';
import './crypto/subtle.js';
import './url/url-search-params.js';
import './url/url.js';
import './streams/streams.js';
import './fetch/headers.js';
import './fetch/fetch.js';
import { lazyModule } from './lazy-globals.js'; // structuredClone, URLPattern, the compression streams, Blob, File, FormData, Buffer
import { kIncoming, kController } from './fetch/request.js';
import { Sendable, kSendable } from './fetch/response.js';
import { kBody, kBytes, streamOf } from './fetch/body.js';
import { kList } from './fetch/headers.js';
import { bytesOf } from './encoding/encoding.js';
import { DOMException } from './dom/dom-exception.js';
import { NextRequest, NextResponse, NextFetchEvent, proxyRequest } from './next/server.js';
import { RequestStore, requestStorage } from './next/request-store.js';
import { appendMutableCookies } from './next/cookies.js';
import { cacheConfig } from './next/data-cache.js';
import { prerender, installSyncIOTracking } from './next/prerender.js';
import { authInterrupts, authInterruptStatus, isNotFoundError, isRedirectError, redirectTarget } from './next/navigation.js';

const encoder = new TextEncoder();
const methods = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'];
const configKeys = ['dynamic', 'dynamicParams', 'revalidate', 'fetchCache', 'runtime', 'preferredRegion', 'maxDuration'];

let loaders = []; // per route: runs its module, returns its namespace (or a promise of it)
const loading = []; // per route whose module awaits at its top: the promise of its exports
const routes = []; // per route: its module's exports, once loaded
let files = [];
// metadataKinds are, per route, bundler.Route.Metadata: "sitemap",
// "robots", "manifest" or "asset" for a metadata route file, whose GET
// is made from its default export (next/metadata.js, a lazy module: few
// apps have them), "" for a route.ts.
let metadataKinds = [];
let nextConfig = Promise.resolve({});
let basePath = '';
const inflight = new Map(); // handle → RequestStore
// The proxy is one more module after the routes (registerHooks), so it
// loads and dispatches as a route does; instrumentation is the app's
// instrumentation.ts, once registered.
let proxyIndex = -1;
let instrumentationLoader = null;
let instrumentation = null;

function applyEnv(config) {
  for (const [k, v] of Object.entries(config?.env ?? {})) process.env[k] = String(v);
}

// applyNextConfig receives the next.config module (its namespace) before
// any route module runs. Its default export is an object or a (possibly async) function of
// the phase, as in Next.js. Next evaluates env, headers, redirects and
// rewrites at build time, so that is the phase the config sees here too;
// `env` goes into process.env at once.
export function applyNextConfig(ns) {
  let config = 'default' in ns ? ns.default : ns;
  if (typeof config === 'function') config = config('phase-production-build', { defaultConfig: {} });
  if (config && typeof config.then !== 'function') applyEnv(config);
  nextConfig = Promise.resolve(config).then(async (c) => {
    c ??= {};
    applyEnv(c);
    authInterrupts.enabled = c.experimental?.authInterrupts === true;
    cacheConfig.enabled = c.cacheComponents === true || c.experimental?.useCache === true;
    cacheConfig.userProfiles = c.cacheLife ?? c.experimental?.cacheLife;
    cacheConfig.expireTime = c.expireTime;
    if (c.cacheComponents === true) installSyncIOTracking();
    basePath = c.basePath ?? '';
    const rewrites = c.rewrites ? await c.rewrites() : [];
    return {
      basePath: c.basePath ?? '',
      trailingSlash: !!c.trailingSlash,
      skipTrailingSlashRedirect: !!c.skipTrailingSlashRedirect,
      cacheComponents: c.cacheComponents === true,
      useCache: cacheConfig.enabled,
      cacheHandlers: ['cacheHandler', 'cacheHandlers'].filter((key) => c[key]), // not loaded: Go warns
      headers: c.headers ? await c.headers() : [],
      redirects: c.redirects ? await c.redirects() : [],
      rewrites: Array.isArray(rewrites) ? { beforeFiles: [], afterFiles: rewrites, fallback: [] } : rewrites,
    };
  });
}

// registerRoutes receives a loader per route module, in the order of the
// route table, with each one's file and metadata kind; none runs now (see load). Go learns what each module
// exports from the build, and the app's next.config from here.
export function registerRoutes(list, sources, metadata) {
  loaders = list;
  files = sources;
  metadataKinds = metadata;
  nextConfig.then(
    (config) => host.routes(config),
    (err) => host.configError(err),
  );
}

// registerHooks receives the loaders of the proxy and instrumentation
// modules (null for none). The proxy's export is a route of one method,
// PROXY (see proxyModule); Go asks for its config at start (describeProxy).
export function registerHooks(proxy, proxyFile, instrument) {
  if (proxy !== null) {
    proxyIndex = loaders.length;
    loaders = [...loaders, proxy];
    files = [...files, proxyFile];
  }
  instrumentationLoader = instrument;
}

// appStarted receives the promise of the bundle's run: it rejects when a
// module the bundle runs at its top (next.config and its imports) throws.
export function appStarted(started) {
  started.catch((err) => host.startError(err));
}

// load runs route index's module the first time it is asked for, with
// what it imports (a module several routes share runs once per worker, as
// in one Node.js process), and keeps a plain copy of its exports: the
// namespace reads each through a getter, and a copy spares dispatch a
// getter call per request. It returns the exports, or a promise of them
// for a module that awaits at its top (a request arriving meanwhile waits
// on the same promise). A module that throws, or whose top-level await
// rejects, stays failed (esbuild's wrapper keeps the error): every request
// to its route answers 500 with that error, as Next.js 16 answers
// (conformance/cases/modules.json).
function load(index) {
  const mod = routes[index];
  if (mod !== undefined) return mod;
  if (loading[index] !== undefined) return loading[index];
  const ns = loaders[index]();
  if (ns instanceof Promise) return (loading[index] = ns.then((n) => (routes[index] = moduleOf(index, n))));
  return (routes[index] = moduleOf(index, ns));
}

function moduleOf(index, ns) {
  if (index === proxyIndex) return proxyModule(ns);
  const kind = metadataKinds[index];
  if (kind) return lazyModule('next-metadata').metadataModule(kind, ns, files[index]);
  return { ...ns };
}

// proxyModule makes a proxy module a route whose one method, PROXY, runs
// the proxy as Next.js's adapter does: the function exported as proxy,
// middleware (the Next.js 15 name) or default gets the request (its URL
// with the basePath, nextUrl without) and a NextFetchEvent; what it
// returns is a Response, or nothing, which is NextResponse.next(). What
// the response says (next, rewrite, redirect, or itself) Go reads from
// its headers, as Next.js's router does.
function proxyModule(ns) {
  const fn = [ns.proxy, ns.middleware, ns.default].find((f) => typeof f === 'function');
  if (fn === undefined) {
    throw new Error(`The Proxy file "./${files[proxyIndex]}" must export a function named \`proxy\` or a default function.`);
  }
  return {
    config: ns.config,
    // Not an async function: most proxies answer synchronously, and an
    // async call costs goja a generator per request (measured: BenchmarkProxy).
    PROXY(request) {
      proxyRequest(request, basePath);
      const res = fn(request, new NextFetchEvent(request));
      return res instanceof Promise ? res.then(proxyResponse) : proxyResponse(res);
    },
  };
}

// proxyResponse is what a proxy returned, as Next.js's adapter takes it.
function proxyResponse(res) {
  if (res === undefined || res === null) return NextResponse.next();
  if (!(res instanceof Response)) throw new TypeError('Expected an instance of Response to be returned');
  return res;
}

// describeProxy loads the proxy's module and reports its config (matcher,
// runtime) as JSON, for Go to compile the matcher once.
function describeProxy(done) {
  loaded(proxyIndex).then(
    (mod) => done(null, JSON.stringify(mod.config ?? {})),
    (err) => done(err, null),
  );
}

// instrument loads instrumentation.ts and awaits its register(), before
// the worker serves (Next.js awaits it before the first request).
function instrument(done) {
  Promise.resolve()
    .then(() => instrumentationLoader())
    .then(async (ns) => {
      instrumentation = ns;
      if (typeof ns.register === 'function') await ns.register();
    })
    .then(() => done(null, null), (err) => done(err, null));
}

// reportError hands a route's error to instrumentation's onRequestError,
// with Next.js's request and context shapes. A proxy's error is not
// reported: Next.js 16 does not (recorded, conformance/cases/proxy.json).
function reportError(store, err) {
  const hook = instrumentation?.onRequestError;
  if (typeof hook !== 'function' || store.index === proxyIndex) return;
  const request = store.request;
  const url = new URL(request.url);
  const headers = {};
  for (const [k, v] of request.headers) headers[k] = v;
  const context = { routerKind: 'App Router', routePath: routePath(store.route), routeType: 'route', revalidateReason: undefined };
  Promise.resolve()
    .then(() => hook(err, { path: url.pathname + url.search, headers, method: request.method }, context))
    .catch((e) => console.error('Error in onRequestError of instrumentation:', e));
}

// routePath is a route file's path as Next.js names the route: "/blog/[slug]"
// for app/(site)/blog/[slug]/route.ts.
function routePath(file) {
  const segs = file.replace(/^(src\/)?app\//, '').split('/').slice(0, -1);
  return '/' + segs.filter((s) => !(s.startsWith('(') && s.endsWith(')')) && !s.startsWith('@')).join('/');
}

// loaded is load as a promise, a thrown error as a rejection.
const loaded = (index) => Promise.resolve().then(() => load(index));

// describe loads a route's module and reports what it exports, for the
// routes whose exports the build could not read (see jsrt's planRoutes).
function describe(index, done) {
  loaded(index).then(
    (mod) => {
      const config = {};
      for (const k of configKeys) if (k in mod) config[k] = mod[k];
      done(null, {
        methods: methods.filter((m) => typeof mod[m] === 'function'),
        config,
        generateStaticParams: typeof mod.generateStaticParams === 'function',
      });
    },
    (err) => done(err, null),
  );
}

// preload loads every route's module (jsrt's Options.Preload) and reports
// each one's error, or null.
function preload(done) {
  Promise.allSettled(loaders.map((_, i) => loaded(i))).then((results) =>
    done(null, results.map((r) => (r.status === 'rejected' ? r.reason : null))),
  );
}

function paramsOf(params) {
  // A Promise (Next.js 15+) whose values can also be read directly, as older code does.
  const promise = Promise.resolve(params);
  for (const k in params) promise[k] = params[k];
  return promise;
}

// handled is what dispatch returns when it has already answered.
const handled = Symbol('handled');
// The context of routes without dynamic segments, as Next.js passes it.
const staticContext = Object.freeze({ params: undefined });

// incoming carries a request's facts to the Request constructor without a
// new object per request.
const incoming = { handle: -1, method: '', url: '', hasBody: false };

// dispatch runs one request: Go calls it on the worker's loop. It returns
// `handled` when the response is already settled, or else what the handler
// returned (a promise, usually): Go reads the promise's state itself, now
// and after each job of the loop while it is pending, and calls settle,
// which saves the cost of a .then() on the hot path.
function dispatch(handle, index, exportName, method, url, params, hasBody, mode) {
  incoming.handle = handle;
  incoming.method = method;
  incoming.url = url;
  incoming.hasBody = hasBody;
  const request = new NextRequest(kIncoming, incoming);
  const store = new RequestStore(request, files[index], handle);
  store.index = index;
  inflight.set(handle, store);
  const prev = host.ctxGet();
  host.ctxSet(store);
  try {
    // The route's module loads on its first request in this worker (a
    // throw is this request's error); one that awaits at its top gives a
    // promise, and the handler runs when it settles, in the request's context.
    const mod = routes[index] ?? load(index);
    const context = params === undefined ? staticContext : { params: paramsOf(params) };
    const result = mode
      ? Promise.resolve(mod).then((m) => prerender(store, m, exportName, context, mode)) // a generation of a route that may be static
      : mod instanceof Promise ? mod.then((m) => m[exportName](request, context)) : mod[exportName](request, context);
    if (result instanceof Promise) {
      // An async handler that never awaited has settled already: finish
      // now, in this call, rather than in another call from Go.
      switch (host.promiseState(result)) {
        case 'pending': return result;
        case 'fulfilled': finish(store, host.promiseResult(result)); return handled;
        default: fail(store, host.promiseResult(result)); return handled;
      }
    }
    finish(store, result); // a Response, or finish reports that it is not
    return handled;
  } catch (err) {
    fail(store, err);
    return handled;
  } finally {
    host.ctxSet(prev);
  }
}

// settle finishes a request whose promise Go found settled.
function settle(handle, value, fulfilled) {
  const store = inflight.get(handle);
  if (store === undefined) return; // its client left: forgotten (see cancel)
  if (fulfilled) finish(store, value);
  else fail(store, value);
}

// wait finishes a request when its still-pending promise settles. Go reads
// the promises of pending requests itself while there are few (see
// pollWaiting); it hands over the rest, and those whose client has gone.
// The reactions run in the request's async context (its store is the
// frame), so two shared callbacks serve every request: no closures.
function wait(handle, promise) {
  const store = inflight.get(handle);
  if (store === undefined) return;
  const prev = host.ctxGet();
  host.ctxSet(store);
  try {
    promise.then(waited, waitFailed);
  } finally {
    host.ctxSet(prev);
  }
}

function waited(res) {
  finish(host.ctxGet(), res);
}

function waitFailed(err) {
  fail(host.ctxGet(), err);
}

// out receives what a Response sends (one per worker: finish and send
// run to completion, one request at a time).
const out = new Sendable();

function finish(store, res) {
  // A brand check cheaper than instanceof: only a Response has kSendable.
  if (typeof res?.[kSendable] !== 'function') {
    fail(store, new Error(`No response is returned from route handler '${store.route}'. Ensure you return a \`Response\` or a \`NextResponse\` in all branches of your handler.`));
    return;
  }
  if (!res[kSendable](out)) {
    fail(store, new TypeError('The route handler returned Response.error()'));
    return;
  }
  const list = out.list;
  if (list === null || store.index === proxyIndex) {
    send(store, out.status, list, out.contentType, out.body);
    return;
  }
  for (let i = 0; i < list.length; i++) {
    const name = list[i][0];
    if (name === 'x-middleware-rewrite') {
      fail(store, new Error('NextResponse.rewrite() was used in a app route handler, this is not currently supported. Please remove the invocation to continue.'));
      return;
    }
    if (name === 'x-middleware-next') {
      fail(store, new Error('NextResponse.next() was used in a app route handler, this is not supported. See here for more info: https://nextjs.org/docs/messages/next-response-next-in-app-route-handler'));
      return;
    }
  }
  send(store, out.status, list, null, out.body);
}

// send hands a response to Go: status, header entries (or, when list is
// null, only contentType, which may be null), and the body.
function send(store, status, list, contentType, body) {
  if (store.gone) {
    runAfter(store); // nobody to answer; after() still runs, as the response is done
    return;
  }
  if (store.jar !== null) {
    const merged = list !== null ? Headers.fromRaw(list.flat(), 'none') : contentType !== null ? Headers.fromEntry('content-type', contentType) : new Headers();
    appendMutableCookies(merged, store.cookies);
    list = merged[kList];
  }
  // One string for Go to split: names and values cannot hold "\n".
  let flat = '';
  if (list !== null) for (let i = 0; i < list.length; i++) flat += `${list[i][0]}\n${list[i][1]}\n`;
  else if (contentType !== null) flat = `content-type\n${contentType}\n`;
  let payload = null;
  if (body !== null) {
    if (body.used || (body.stream !== null && body.stream._disturbed === true)) {
      fail(store, new TypeError('Response body object should not be disturbed or locked'));
      return;
    }
    body.used = true;
    switch (body.kind) {
      case 'string': case 'bytes': payload = body.value; break;
      case 'blob': payload = body.value[kBytes]; break;
      default:
        store.reader = streamOf(body).getReader();
        payload = true;
    }
  }
  // Go calls finished() after sending only when something is left to do.
  const more = store.after !== null || store.reader !== null;
  if (!more) inflight.delete(store.handle);
  host.respond(store.handle, status, flat, payload, more);
}

function fail(store, err) {
  if (isRedirectError(err)) {
    const { url, status } = redirectTarget(err);
    send(store, status, [['location', url]], null, null);
    return;
  }
  if (isNotFoundError(err)) {
    send(store, 404, null, null, null);
    return;
  }
  const status = authInterruptStatus(err);
  if (status !== 0) {
    store.jar = null; // Next.js sends none of the cookies set before (recorded)
    send(store, status, null, null, null);
    return;
  }
  reportError(store, err);
  if (store.gone) {
    console.error(`Error in route handler '${store.route}' (its client had left):`, err);
    runAfter(store);
    return;
  }
  const more = store.after !== null;
  if (!more) inflight.delete(store.handle);
  host.fail(store.handle, err, more);
}

// pull reads the next chunk of a streamed response for Go.
function pull(handle) {
  const store = inflight.get(handle);
  store.reader.read().then(
    ({ done, value }) => {
      if (done) host.chunk(handle, null);
      else if (value instanceof Uint8Array) host.chunk(handle, value);
      // Node's response accepts strings too, so Next.js sends them as UTF-8.
      else if (typeof value === 'string') host.chunk(handle, encoder.encode(value));
      else if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) host.chunk(handle, bytesOf(value));
      else host.streamError(handle, new TypeError(`Received a chunk that is not a Uint8Array or string (${typeof value}) in the response stream of '${store.route}'`));
    },
    (err) => host.streamError(handle, err),
  );
}

// cancel tells a request that its client went away: its signal aborts and
// its response stream is cancelled (the source's cancel runs). A request
// not yet answered is forgotten here and in Go (as Node lets go of a
// closed socket's request): a handler that never settles then holds
// nothing but its own closures, which are garbage with it.
function cancel(handle) {
  const store = inflight.get(handle);
  if (!store) return;
  const reason = new DOMException('The client disconnected', 'AbortError');
  store.request[kController]?.abort(reason);
  store.reader?.cancel(reason).catch(() => {});
  if (store.reader === null) {
    void store.request.headers; // for after() callbacks: Go forgets them now
    store.gone = true;
    inflight.delete(handle);
  }
}

// finished runs once Go has sent the whole response: after() callbacks run now.
function finished(handle) {
  const store = inflight.get(handle);
  if (!store) return;
  inflight.delete(handle);
  runAfter(store);
}

// runAfter runs a request's after() callbacks, with its context.
function runAfter(store) {
  if (store.after === null) return;
  // Go forgets the request when this returns: copy its headers now, for
  // callbacks that read cookies() or headers().
  void store.request.headers;
  const tasks = store.after;
  store.after = null;
  requestStorage.run(store, () => {
    for (const task of tasks) {
      host.afterBegin(); // graceful shutdown waits for these
      Promise.resolve()
        .then(() => (typeof task === 'function' ? task() : task))
        .catch((err) => console.error(`Error in after() of '${store.route}':`, err))
        .finally(() => host.afterEnd());
    }
  });
}

// staticParams calls a route's generateStaticParams, as `next build` does,
// and hands Go the list of params (or the error) through done.
function staticParams(index, done) {
  loaded(index)
    .then((mod) => mod.generateStaticParams({ params: {} }))
    .then((list) => {
      if (!Array.isArray(list)) throw new TypeError(`generateStaticParams of '${files[index]}' must return an array of params objects`);
      done(null, list);
    })
    .catch((err) => done(err, null));
}

host.register({ dispatch, settle, wait, handled, pull, cancel, finished, staticParams, describe, preload, describeProxy, instrument });
