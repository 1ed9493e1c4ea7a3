// Event, CustomEvent and EventTarget per the DOM standard (the parts that
// exist outside a document: no capture phase or propagation path).
import { defineGlobal, tag } from '../host.js';

const kStop = Symbol('stopImmediate');

// setTargets is how dispatchEvent sets an event's read-only target and
// currentTarget (WPT's dom/abort checks the abort event's target);
// trusted marks an event the platform made (isTrusted), as an abort
// signal's or a WebSocket's events are, unlike those code constructs.
let setTargets;
export let trusted;

export class Event {
  #type; #bubbles; #cancelable; #composed; #defaultPrevented = false; #timeStamp;
  #target = null; #currentTarget = null; #trusted = false;
  static {
    setTargets = (event, target, current) => { event.#target = target; event.#currentTarget = current; };
    trusted = (event) => { event.#trusted = true; return event; };
  }
  constructor(type, init = {}) {
    if (arguments.length === 0) throw new TypeError("Failed to construct 'Event': 1 argument required, but only 0 present.");
    this.#type = String(type);
    this.#bubbles = !!init?.bubbles;
    this.#cancelable = !!init?.cancelable;
    this.#composed = !!init?.composed;
    this.#timeStamp = performance.now();
    this[kStop] = false;
  }
  get type() { return this.#type; }
  get bubbles() { return this.#bubbles; }
  get cancelable() { return this.#cancelable; }
  get composed() { return this.#composed; }
  get defaultPrevented() { return this.#defaultPrevented; }
  get timeStamp() { return this.#timeStamp; }
  get target() { return this.#target; }
  get currentTarget() { return this.#currentTarget; }
  get srcElement() { return this.#target; }
  get eventPhase() { return this.currentTarget ? 2 : 0; }
  get isTrusted() { return this.#trusted; }
  preventDefault() { if (this.#cancelable) this.#defaultPrevented = true; }
  stopPropagation() {}
  stopImmediatePropagation() { this[kStop] = true; }
  composedPath() { return this.currentTarget ? [this.currentTarget] : []; }
}
tag(Event, 'Event');

export class CustomEvent extends Event {
  #detail;
  constructor(type, init = {}) {
    super(type, init);
    this.#detail = init?.detail ?? null;
  }
  get detail() { return this.#detail; }
}
tag(CustomEvent, 'CustomEvent');

export class EventTarget {
  #listeners = new Map();

  addEventListener(type, listener, options) {
    if (listener == null) return;
    const opts = typeof options === 'boolean' ? { capture: options } : (options ?? {});
    if (opts.signal?.aborted) return;
    type = String(type);
    let list = this.#listeners.get(type);
    if (!list) this.#listeners.set(type, (list = []));
    const capture = !!opts.capture;
    if (list.some((l) => l.listener === listener && l.capture === capture)) return;
    const entry = { listener, capture, once: !!opts.once, removed: false };
    list.push(entry);
    opts.signal?.addEventListener('abort', () => this.removeEventListener(type, listener, opts));
  }

  removeEventListener(type, listener, options) {
    const capture = typeof options === 'boolean' ? options : !!options?.capture;
    const list = this.#listeners.get(String(type));
    if (!list) return;
    const i = list.findIndex((l) => l.listener === listener && l.capture === capture);
    if (i >= 0) {
      list[i].removed = true;
      list.splice(i, 1);
    }
  }

  dispatchEvent(event) {
    if (!(event instanceof Event)) throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
    setTargets(event, this, this);
    const list = this.#listeners.get(event.type);
    for (const entry of list ? [...list] : []) {
      if (entry.removed) continue;
      if (entry.once) this.removeEventListener(event.type, entry.listener, entry);
      try {
        if (typeof entry.listener === 'function') entry.listener.call(this, event);
        else entry.listener.handleEvent(event);
      } catch (err) {
        reportError(err);
      }
      if (event[kStop]) break;
    }
    setTargets(event, this, null);
    return !event.defaultPrevented;
  }
}
tag(EventTarget, 'EventTarget');

// defineEventHandlers adds on<type> attributes to a class of event
// targets: setting one makes the function a listener, in the order it was
// set among the others (as the DOM's event handler attributes are), with
// the event's target set as for any listener.
export function defineEventHandlers(cls, ...types) {
  const handlers = new WeakMap(); // target → { [type]: { fn, listener } }
  for (const type of types) {
    Object.defineProperty(cls.prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get() { return handlers.get(this)?.[type]?.fn ?? null; },
      set(fn) {
        let own = handlers.get(this);
        if (!own) handlers.set(this, (own = {}));
        if (own[type]) this.removeEventListener(type, own[type].listener);
        delete own[type];
        if (typeof fn === 'function') {
          const listener = (event) => fn.call(this, event);
          own[type] = { fn, listener };
          this.addEventListener(type, listener);
        }
      },
    });
  }
}

// reportError logs an exception that a listener threw, as browsers and Node do.
export function reportError(err) {
  console.error(err);
}

defineGlobal('Event', Event);
defineGlobal('CustomEvent', CustomEvent);
defineGlobal('EventTarget', EventTarget);
defineGlobal('reportError', reportError);
