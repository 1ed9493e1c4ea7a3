// CompressionStream and DecompressionStream (gzip, deflate, deflate-raw) on
// Go's compress packages (webapi.Compression).
import { defineGlobal, host, tag } from '../host.js';
import { bytesOf } from '../encoding/encoding.js';

function chunkBytes(chunk, name) {
  if (!(chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk))) {
    throw new TypeError(`${name}: chunks must be an ArrayBuffer or ArrayBufferView`);
  }
  return bytesOf(chunk);
}

// The spec's formats (node:zlib's brotli and unzip are not among them).
function format(f) {
  const s = String(f);
  if (s !== 'gzip' && s !== 'deflate' && s !== 'deflate-raw') throw new TypeError(`Unsupported compression format: '${s}'`);
  return s;
}

export class CompressionStream {
  #stream;

  constructor(f) {
    const id = host.zStart(format(f), true);
    // Compressed output is never much larger than its input: a transform
    // that hands back each chunk's output at once.
    this.#stream = new TransformStream({
      transform(chunk, controller) {
        const b = chunkBytes(chunk, 'CompressionStream');
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

  get readable() { return this.#stream.readable; }
  get writable() { return this.#stream.writable; }
}
tag(CompressionStream, 'CompressionStream');

// DecompressionStream decodes as its reader reads: the readable side pulls
// one decoded chunk at a time (highWaterMark 0: nothing ahead of a read),
// and each write waits until the decoder has taken its bytes. Output can
// be a thousand times the input, so nothing is decoded that nobody reads.
export class DecompressionStream {
  #readable;
  #writable;

  constructor(f) {
    const id = host.zStart(format(f), false);
    this.#readable = new ReadableStream({
      pull(controller) {
        return host.zRead(id).then((out) => {
          if (out === null) controller.close();
          else controller.enqueue(new Uint8Array(out));
        });
      },
      cancel() {
        host.zDrop(id);
      },
    }, { highWaterMark: 0 });
    this.#writable = new WritableStream({
      write(chunk) {
        const b = chunkBytes(chunk, 'DecompressionStream');
        return host.zFeed(id, b.buffer, b.byteOffset, b.byteLength);
      },
      close() {
        host.zClose(id);
      },
      abort() {
        host.zDrop(id);
      },
    });
  }

  get readable() { return this.#readable; }
  get writable() { return this.#writable; }
}
tag(DecompressionStream, 'DecompressionStream');

defineGlobal('CompressionStream', CompressionStream);
defineGlobal('DecompressionStream', DecompressionStream);
