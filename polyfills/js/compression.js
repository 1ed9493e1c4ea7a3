// CompressionStream and DecompressionStream (gzip, deflate, deflate-raw) on
// Go's compress packages.
import { defineGlobal, host, tag } from './host.js';
import { bytesOf } from './encoding.js';

function zStream(format, compress, name) {
  const id = host.zStart(String(format), compress);
  return new TransformStream({
    transform(chunk, controller) {
      if (!(chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk))) {
        throw new TypeError(`${name}: chunks must be an ArrayBuffer or ArrayBufferView`);
      }
      const b = bytesOf(chunk);
      const out = host.zWrite(id, b.buffer, b.byteOffset, b.byteLength);
      if (out.byteLength) controller.enqueue(new Uint8Array(out));
    },
    flush(controller) {
      const out = host.zEnd(id);
      if (out.byteLength) controller.enqueue(new Uint8Array(out));
    },
    cancel() {
      host.zDrop(id);
    },
  });
}

export class CompressionStream {
  #stream;
  constructor(format) { this.#stream = zStream(format, true, 'CompressionStream'); }
  get readable() { return this.#stream.readable; }
  get writable() { return this.#stream.writable; }
}
tag(CompressionStream, 'CompressionStream');

export class DecompressionStream {
  #stream;
  constructor(format) { this.#stream = zStream(format, false, 'DecompressionStream'); }
  get readable() { return this.#stream.readable; }
  get writable() { return this.#stream.writable; }
}
tag(DecompressionStream, 'DecompressionStream');

defineGlobal('CompressionStream', CompressionStream);
defineGlobal('DecompressionStream', DecompressionStream);
