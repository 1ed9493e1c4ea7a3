// WeakRef and FinalizationRegistry, on Go's weak pointers and cleanups
// (weakref.go): a target is collected once nothing else holds it, and the
// registry's callback then runs with its held value.
import { defineGlobal, host, tag } from '../host.js';

const canBeHeldWeakly = (v) => (v !== null && typeof v === 'object') || typeof v === 'function';

class WeakRef {
  #ref;
  constructor(target) {
    if (new.target === undefined) throw new TypeError("Constructor WeakRef requires 'new'");
    if (!canBeHeldWeakly(target)) throw new TypeError('WeakRef: invalid target');
    this.#ref = host.weakRef(target);
  }
  deref() {
    return host.weakDeref(this.#ref);
  }
}
tag(WeakRef, 'WeakRef');

class FinalizationRegistry {
  #callback;
  constructor(cleanup) {
    if (new.target === undefined) throw new TypeError("Constructor FinalizationRegistry requires 'new'");
    if (typeof cleanup !== 'function') throw new TypeError('FinalizationRegistry: cleanup must be callable');
    this.#callback = cleanup;
  }
  register(target, heldValue, unregisterToken) {
    if (!canBeHeldWeakly(target)) throw new TypeError('FinalizationRegistry.prototype.register: invalid target');
    if (target === heldValue) throw new TypeError('FinalizationRegistry.prototype.register: target and holdings must not be same');
    if (unregisterToken !== undefined && !canBeHeldWeakly(unregisterToken)) throw new TypeError('FinalizationRegistry.prototype.register: invalid unregister token');
    host.finalizationRegister(this.#callback, target, heldValue, unregisterToken);
  }
  unregister(unregisterToken) {
    if (!canBeHeldWeakly(unregisterToken)) throw new TypeError('Invalid unregisterToken');
    return host.finalizationUnregister(unregisterToken);
  }
}
tag(FinalizationRegistry, 'FinalizationRegistry');

if (typeof globalThis.WeakRef !== 'function') defineGlobal('WeakRef', WeakRef);
if (typeof globalThis.FinalizationRegistry !== 'function') defineGlobal('FinalizationRegistry', FinalizationRegistry);
