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

// ZStream is what both classes are: a transform stream between two ends.
class ZStream {
  #stream;
  constructor(format, compress, name) { this.#stream = zStream(format, compress, name); }
  get readable() { return this.#stream.readable; }
  get writable() { return this.#stream.writable; }
}

export class CompressionStream extends ZStream {
  constructor(format) { super(format, true, 'CompressionStream'); }
}
tag(CompressionStream, 'CompressionStream');

export class DecompressionStream extends ZStream {
  constructor(format) { super(format, false, 'DecompressionStream'); }
}
tag(DecompressionStream, 'DecompressionStream');

defineGlobal('CompressionStream', CompressionStream);
defineGlobal('DecompressionStream', DecompressionStream);
