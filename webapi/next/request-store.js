// The per-request state that next/headers, next/server's after() and the
// dispatcher share. It travels with the request's code through
// AsyncLocalStorage, so interleaved requests on one worker never mix.
import { AsyncLocalStorage } from '../async-hooks.js';
import { MutableCookies } from './cookies.js';

export const requestStorage = new AsyncLocalStorage();

// cacheStorage holds the scope of the 'use cache' function running (see
// use-cache.js): request data cannot be read there.
export const cacheStorage = new AsyncLocalStorage();

// RequestStore is also the async-context frame (storage, value, parent)
// that carries itself, so a request costs one object here: the dispatcher
// makes it the current frame.
export class RequestStore {
  constructor(request, route, handle) {
    this.request = request;
    this.route = route; // the route's source file, for messages
    this.handle = handle;
  }
  // As a frame, the store carries itself for requestStorage.
  get value() { return this; }
  // cookies is created on first use: most handlers never call cookies().
  get cookies() {
    this.jar ??= new MutableCookies(this.request.cookies);
    return this.jar;
  }
}
// Defaults live on the prototype, so a request pays only for what it uses.
Object.assign(RequestStore.prototype, {
  storage: requestStorage,
  parent: undefined,
  index: -1, // the route's index in the runtime's table (the proxy's is after the routes)
  jar: null, // cookies(), once used
  after: null, // after() callbacks, once there are any
  draftMode: null,
  headers: null,
  reader: null, // the response stream's reader
  gone: false, // its client left before it answered: Go has forgotten it
  prerender: 0, // a prerender's mode (next/prerender.js), 0 for a visitor's request
  dynamic: null, // in a prerender: the first reason the route is dynamic
  prerenderCache: null, // in a Cache Components prerender: 'use cache' entries by key
  privateCache: null, // 'use cache: private' results by key
});

// currentStore returns the running request's store, or throws the error
// Next.js throws when a request API is used outside a request.
export function currentStore(expression) {
  if (cacheStorage.getStore()) refuseInCache(expression);
  const store = requestStorage.getStore();
  if (!store) {
    throw new Error(`\`${expression}\` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context`);
  }
  if (store.prerender && expression !== 'draftMode') throw markDynamic(store, `${expression}()`);
  return store;
}

// markDynamic records, in a prerender (next/prerender.js), why the route
// cannot be static, and returns Next.js's error for it, which is thrown
// where request data was read.
export function markDynamic(store, expression) {
  store.dynamic ??= expression;
  const err = new Error(`Route ${store.route} couldn't be rendered statically because it used \`${expression}\`. See more info here: https://nextjs.org/docs/messages/dynamic-server-error`);
  err.digest = 'DYNAMIC_SERVER_USAGE';
  return err;
}

// routePrefix is how Next.js's messages name the running request's route.
export function routePrefix() {
  const route = requestStorage.getStore()?.route;
  return route ? `Route "${route}": ` : '';
}

// refuseInCache throws Next.js's error for request data used inside a
// cached function: its result would be shared by every request.
function refuseInCache(expression) {
  if (expression === 'draftMode') return; // it can be read there
  const prefix = routePrefix();
  const more = 'Learn more: https://nextjs.org/docs/messages/next-request-in-use-cache';
  if (expression === 'connection') {
    throw new Error(`${prefix}\`connection()\` can't be called inside \`"use cache"\` because cached functions may run during prerendering, without an incoming request. Call it outside the cached function.\n${more}`);
  }
  throw new Error(`${prefix}\`${expression}()\` can't be read inside \`"use cache"\`. Read it outside the cached function and pass what you need as an argument.\n${more}`);
}

const kTarget = Symbol('target');
const syncProtos = new Map(); // member list → prototype that forwards them

// syncable returns a Promise of `target` that also exposes target's members
// directly, so code written for Next.js 13/14 (cookies().get(…)) keeps
// working. The members are getters on a shared prototype that sits on
// Promise.prototype: one property per call, not one per member.
export function syncable(target, members) {
  let proto = syncProtos.get(members);
  if (proto === undefined) {
    proto = Object.create(Promise.prototype);
    for (const name of members) {
      Object.defineProperty(proto, name, {
        get() {
          const t = this[kTarget];
          const v = t[name];
          return typeof v === 'function' ? v.bind(t) : v;
        },
        configurable: true,
      });
    }
    syncProtos.set(members, proto);
  }
  const promise = Promise.resolve(target);
  Object.setPrototypeOf(promise, proto);
  promise[kTarget] = target;
  return promise;
}
