// The per-request state that next/headers, next/server's after() and the
// dispatcher share. It travels with the request's code through
// AsyncLocalStorage, so interleaved requests on one worker never mix.
import { AsyncLocalStorage } from '../async-hooks.js';
import { MutableCookies } from './cookies.js';

export const requestStorage = new AsyncLocalStorage();

export class RequestStore {
  #cookies = null;
  constructor(request, route) {
    this.request = request;
    this.route = route; // the route's source file, for messages
    this.after = [];
    this.draftMode = null;
  }
  // cookies is created on first use: most handlers never call cookies().
  get cookies() {
    this.#cookies ??= new MutableCookies(this.request.cookies);
    return this.#cookies;
  }
  get cookiesTouched() { return this.#cookies !== null; }
}

// currentStore returns the running request's store, or throws the error
// Next.js throws when a request API is used outside a request.
export function currentStore(expression) {
  const store = requestStorage.getStore();
  if (!store) {
    throw new Error(`\`${expression}\` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context`);
  }
  return store;
}

// syncable returns a Promise of `target` that also exposes target's members
// directly, since Next.js 15+ keeps synchronous access working for older code.
export function syncable(target, members) {
  const promise = Promise.resolve(target);
  for (const name of members) {
    const value = target[name];
    if (typeof value === 'function') {
      Object.defineProperty(promise, name, { value: value.bind(target), configurable: true, writable: true });
    } else {
      Object.defineProperty(promise, name, { get: () => target[name], configurable: true });
    }
  }
  return promise;
}
