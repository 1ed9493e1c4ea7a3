// node:events: EventEmitter and events.once, as Node has them.
const kCapture = Symbol('listeners');

export class EventEmitter {
  static defaultMaxListeners = 10;

  constructor() {
    this[kCapture] = new Map();
    this._maxListeners = undefined;
  }

  #list(name) {
    this[kCapture] ??= new Map();
    return this[kCapture].get(name) ?? [];
  }

  #add(name, listener, prepend, once) {
    if (typeof listener !== 'function') throw new TypeError(`The "listener" argument must be of type function. Received ${typeof listener}`);
    if (this[kCapture]?.has('newListener')) this.emit('newListener', name, listener);
    const entry = { listener, once };
    const list = this.#list(name).slice();
    if (prepend) list.unshift(entry);
    else list.push(entry);
    this[kCapture].set(name, list);
    return this;
  }

  on(name, listener) { return this.#add(name, listener, false, false); }
  addListener(name, listener) { return this.#add(name, listener, false, false); }
  prependListener(name, listener) { return this.#add(name, listener, true, false); }
  once(name, listener) { return this.#add(name, listener, false, true); }
  prependOnceListener(name, listener) { return this.#add(name, listener, true, true); }

  off(name, listener) {
    const list = this.#list(name);
    let i = list.length - 1;
    while (i >= 0 && list[i].listener !== listener) i--;
    if (i >= 0) {
      const next = list.slice(0, i).concat(list.slice(i + 1));
      if (next.length) this[kCapture].set(name, next);
      else this[kCapture].delete(name);
      if (this[kCapture].has('removeListener')) this.emit('removeListener', name, listener);
    }
    return this;
  }
  removeListener(name, listener) { return this.off(name, listener); }

  removeAllListeners(name) {
    if (name === undefined) this[kCapture] = new Map();
    else this[kCapture]?.delete(name);
    return this;
  }

  emit(name, ...args) {
    const list = this.#list(name);
    if (list.length === 0) {
      if (name === 'error') {
        const err = args[0];
        if (err instanceof Error) throw err;
        const e = new Error(`Unhandled error. (${String(err)})`);
        e.context = err;
        throw e;
      }
      return false;
    }
    for (const entry of list) {
      if (entry.once) this.off(name, entry.listener);
      entry.listener.apply(this, args);
    }
    return true;
  }

  listeners(name) { return this.#list(name).map((e) => e.listener); }
  rawListeners(name) { return this.listeners(name); }
  listenerCount(name) { return this.#list(name).length; }
  eventNames() { return [...(this[kCapture]?.keys() ?? [])]; }
  setMaxListeners(n) { this._maxListeners = n; return this; }
  getMaxListeners() { return this._maxListeners ?? EventEmitter.defaultMaxListeners; }
}

// once resolves with the arguments of the next `name` event (rejects on 'error').
export function once(emitter, name, options = {}) {
  return new Promise((resolve, reject) => {
    if (typeof emitter.addEventListener === 'function' && !(emitter instanceof EventEmitter)) {
      emitter.addEventListener(name, (...args) => resolve(args), { once: true, signal: options.signal });
      return;
    }
    const onError = (err) => {
      emitter.off(name, onEvent);
      reject(err);
    };
    const onEvent = (...args) => {
      if (name !== 'error') emitter.off('error', onError);
      resolve(args);
    };
    emitter.once(name, onEvent);
    if (name !== 'error') emitter.once('error', onError);
  });
}

EventEmitter.EventEmitter = EventEmitter;
EventEmitter.once = once;
export default EventEmitter;
