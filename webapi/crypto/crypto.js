// crypto.randomUUID and crypto.getRandomValues on Go's crypto/rand.
import { defineGlobal, host, tag } from '../host.js';
import { DOMException } from '../dom/dom-exception.js';

const integerArrays = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

export class Crypto {
  getRandomValues(array) {
    if (!integerArrays.some((T) => array instanceof T)) {
      throw new DOMException("Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type that is not an integer array.", 'TypeMismatchError');
    }
    if (array.byteLength > 65536) {
      throw new DOMException(`Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536).`, 'QuotaExceededError');
    }
    host.randomFill(array.buffer, array.byteOffset, array.byteLength);
    return array;
  }
  randomUUID() { return host.randomUUID(); }
}
tag(Crypto, 'Crypto');

export const crypto = new Crypto();
defineGlobal('Crypto', Crypto);
defineGlobal('crypto', crypto);
