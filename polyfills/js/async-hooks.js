// AsyncLocalStorage on goja's async context tracking. The current context is
// an immutable Map from storage to store; Go saves it whenever a promise
// reaction or timer is scheduled and restores it when that runs, so a store
// follows its code across every await.
import { host, tag } from './host.js';

function enter(frame, fn, args) {
  const prev = host.ctxGet();
  host.ctxSet(frame);
  try {
    return fn(...args);
  } finally {
    host.ctxSet(prev);
  }
}

function withStore(storage, store) {
  const next = new Map(host.ctxGet() ?? undefined);
  if (store === undefined) next.delete(storage);
  else next.set(storage, store);
  return next;
}

export class AsyncLocalStorage {
  getStore() { return host.ctxGet()?.get(this); }
  run(store, fn, ...args) { return enter(withStore(this, store), fn, args); }
  exit(fn, ...args) { return enter(withStore(this, undefined), fn, args); }
  enterWith(store) { host.ctxSet(withStore(this, store)); }
  disable() { host.ctxSet(withStore(this, undefined)); }

  static bind(fn) {
    const frame = host.ctxGet();
    return (...args) => enter(frame, fn, args);
  }
  static snapshot() {
    const frame = host.ctxGet();
    return (fn, ...args) => enter(frame, fn, args);
  }
}
tag(AsyncLocalStorage, 'AsyncLocalStorage');

export class AsyncResource {
  #frame = host.ctxGet();
  constructor(type) { this.type = type; }
  runInAsyncScope(fn, thisArg, ...args) { return enter(this.#frame, fn.bind(thisArg), args); }
  bind(fn) { return (...args) => this.runInAsyncScope(fn, undefined, ...args); }
  static bind(fn, type) { return new AsyncResource(type ?? 'bound-anonymous-fn').bind(fn); }
}
