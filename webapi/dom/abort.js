// AbortController and AbortSignal per the DOM standard.
import { defineGlobal, tag } from '../host.js';
import { DOMException } from './dom-exception.js';
import { Event, EventTarget, defineEventHandlers, trusted } from './event-target.js';

const kAbort = Symbol('abort');
const kCreate = Symbol('create');

export class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;

  constructor(key) {
    if (key !== kCreate) throw new TypeError('Illegal constructor');
    super();
  }
  get aborted() { return this.#aborted; }
  get reason() { return this.#reason; }
  throwIfAborted() { if (this.#aborted) throw this.#reason; }

  [kAbort](reason = new DOMException('This operation was aborted', 'AbortError')) {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.dispatchEvent(trusted(new Event('abort')));
  }

  static abort(reason) {
    const signal = new AbortSignal(kCreate);
    signal[kAbort](reason);
    return signal;
  }

  static timeout(ms) {
    const signal = new AbortSignal(kCreate);
    setTimeout(() => signal[kAbort](new DOMException('The operation was aborted due to timeout', 'TimeoutError')), Number(ms)).unref();
    return signal;
  }

  static any(signals) {
    const signal = new AbortSignal(kCreate);
    for (const s of signals) {
      if (s.aborted) {
        signal[kAbort](s.reason);
        return signal;
      }
    }
    for (const s of signals) s.addEventListener('abort', () => signal[kAbort](s.reason), { once: true });
    return signal;
  }
}
tag(AbortSignal, 'AbortSignal');
defineEventHandlers(AbortSignal, 'abort');

export class AbortController {
  #signal = new AbortSignal(kCreate);
  get signal() { return this.#signal; }
  abort(reason) { this.#signal[kAbort](reason); }
}
tag(AbortController, 'AbortController');

// abortSignal aborts a signal from inside the runtime (the server does this
// when a client goes away).
export function abortSignal(signal, reason) { signal[kAbort](reason); }

defineGlobal('AbortSignal', AbortSignal);
defineGlobal('AbortController', AbortController);
