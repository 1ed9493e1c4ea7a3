// AsyncLocalStorage on goja's async context tracking. The current context
// is a chain of frames, each { storage, value, parent }; Go saves the frame
// in force whenever a promise reaction or timer is scheduled and restores it
// when that runs, so a store follows its code across every await. Frames are
// immutable, so a saved one never changes under the code that saved it.
import { host, tag } from './host.js';

export class Frame {
  constructor(storage, value, parent) {
    this.storage = storage;
    this.value = value;
    this.parent = parent;
  }
}

function enter(frame, fn, args) {
  const prev = host.ctxGet();
  host.ctxSet(frame);
  try {
    return fn(...args);
  } finally {
    host.ctxSet(prev);
  }
}

const noStore = Symbol('no store');

export class AsyncLocalStorage {
  getStore() {
    for (let f = host.ctxGet(); f; f = f.parent) {
      if (f.storage === this) return f.value === noStore ? undefined : f.value;
    }
    return undefined;
  }
  run(store, fn, ...args) { return enter(new Frame(this, store, host.ctxGet()), fn, args); }
  exit(fn, ...args) { return enter(new Frame(this, noStore, host.ctxGet()), fn, args); }
  enterWith(store) { host.ctxSet(new Frame(this, store, host.ctxGet())); }
  disable() { host.ctxSet(new Frame(this, noStore, host.ctxGet())); }

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
