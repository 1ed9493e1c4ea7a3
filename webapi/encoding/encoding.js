// TextEncoder and TextDecoder per the Encoding standard. Go does the byte
// work (UTF-8 and the legacy single-byte and UTF-16 encodings by WHATWG label);
// this file keeps the streaming state and the IDL surface.
import { defineGlobal, host, tag } from '../host.js';
import { DOMException } from '../dom/dom-exception.js';

export class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input = '') {
    return new Uint8Array(host.utf8Encode(String(input)));
  }
  encodeInto(source, destination) {
    if (!(destination instanceof Uint8Array)) throw new TypeError("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
    const [read, written] = host.utf8EncodeInto(String(source), destination.buffer, destination.byteOffset, destination.byteLength);
    return { read, written };
  }
}
tag(TextEncoder, 'TextEncoder');

// bytesOf views any BufferSource as a Uint8Array without copying.
export function bytesOf(input, what = 'input') {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError(`The provided value for ${what} is not of type '(ArrayBuffer or ArrayBufferView)'`);
}

// utf8Pending counts the bytes at the end of `bytes` that start a UTF-8
// sequence not yet complete, which a streaming decode must hold back.
function utf8Pending(bytes) {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

// utf16Pending counts the bytes at the end of `bytes` a streaming UTF-16
// decode must hold back: an odd byte, and a high surrogate whose low half
// has not come yet.
function utf16Pending(bytes, littleEndian) {
  const odd = bytes.length % 2;
  const end = bytes.length - odd;
  if (end < 2) return odd;
  const unit = littleEndian ? bytes[end - 2] | (bytes[end - 1] << 8) : (bytes[end - 2] << 8) | bytes[end - 1];
  return unit >= 0xd800 && unit <= 0xdbff ? odd + 2 : odd;
}

export class TextDecoder {
  #encoding; #fatal; #ignoreBOM; #pending = null; #bomSeen = false;

  constructor(label = 'utf-8', options = {}) {
    const name = host.encodingName(String(label));
    if (!name || name === 'replacement') throw new RangeError(`Failed to construct 'TextDecoder': The encoding label provided ('${label}') is invalid.`);
    this.#encoding = name;
    this.#fatal = !!options?.fatal;
    this.#ignoreBOM = !!options?.ignoreBOM;
  }
  get encoding() { return this.#encoding; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }

  decode(input, options = {}) {
    let bytes = input === undefined ? new Uint8Array(0) : bytesOf(input);
    const stream = !!options?.stream;
    if (this.#pending) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    }
    if (stream) {
      const keep = this.#encoding === 'utf-8' ? utf8Pending(bytes)
        : this.#encoding.startsWith('utf-16') ? utf16Pending(bytes, this.#encoding === 'utf-16le') : 0;
      if (keep) {
        this.#pending = bytes.slice(bytes.length - keep);
        bytes = bytes.subarray(0, bytes.length - keep);
      }
    }
    // The BOM is only stripped at the very start of a stream.
    const stripBOM = !this.#ignoreBOM && !this.#bomSeen;
    if (bytes.length) this.#bomSeen = true;
    const out = host.decode(this.#encoding, bytes.buffer, bytes.byteOffset, bytes.byteLength, this.#fatal, stripBOM);
    if (!stream) {
      this.#bomSeen = false;
      this.#pending = null;
    }
    return out;
  }
}
tag(TextDecoder, 'TextDecoder');

defineGlobal('TextEncoder', TextEncoder);
defineGlobal('TextDecoder', TextDecoder);

defineGlobal('btoa', function btoa(data) {
  if (arguments.length === 0) throw new TypeError("Failed to execute 'btoa' on 'Window': 1 argument required, but only 0 present.");
  const out = host.btoa(String(data));
  if (out === null) throw new DOMException("Failed to execute 'btoa' on 'Window': The string to be encoded contains characters outside of the Latin1 range.", 'InvalidCharacterError');
  return out;
});
defineGlobal('atob', function atob(data) {
  if (arguments.length === 0) throw new TypeError("Failed to execute 'atob' on 'Window': 1 argument required, but only 0 present.");
  const out = host.atob(String(data));
  if (out === null) throw new DOMException("Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded.", 'InvalidCharacterError');
  return out;
});
