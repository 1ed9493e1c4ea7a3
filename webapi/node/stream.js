// node:stream: Node's streams as the readable-stream package ships them
// (Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished,
// compose …), sharing Buffer and EventEmitter with route code, plus the
// Web-stream adapters (fromWeb/toWeb) that the package leaves out.
import stream from '../vendor/readable-stream.js';
import { Buffer } from './buffer.js';

const { Readable, Writable, Duplex, Transform, PassThrough, Stream, pipeline, finished, compose, addAbortSignal, destroy, isReadable, isDisturbed, isErrored } = stream;

const toBytes = (chunk) => (typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));

// Readable.fromWeb reads a ReadableStream as a Node Readable (bytes become Buffers).
Readable.fromWeb = function fromWeb(readableStream, options = {}) {
  if (!(readableStream instanceof ReadableStream)) throw new TypeError('The "readableStream" argument must be an instance of ReadableStream');
  const reader = readableStream.getReader();
  return new Readable({
    ...options,
    read() {
      reader.read().then(
        ({ done, value }) => {
          if (done) this.push(null);
          else this.push(options.objectMode || typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        },
        (err) => this.destroy(err),
      );
    },
    destroy(err, callback) {
      reader.cancel(err ?? undefined).then(() => callback(err), () => callback(err));
    },
  });
};

// Readable.toWeb exposes a Node Readable as a ReadableStream of bytes,
// pausing the Readable while the stream's queue is full.
Readable.toWeb = function toWeb(readable) {
  return new ReadableStream({
    start(controller) {
      readable.pause();
      readable.on('data', (chunk) => {
        controller.enqueue(readable.readableObjectMode ? chunk : toBytes(chunk));
        if (controller.desiredSize <= 0) readable.pause();
      });
      readable.once('end', () => controller.close());
      readable.once('error', (err) => controller.error(err));
    },
    pull() { readable.resume(); },
    cancel(reason) { readable.destroy(reason); },
  });
};

// Writable.fromWeb writes into a WritableStream through a Node Writable.
Writable.fromWeb = function fromWeb(writableStream, options = {}) {
  if (!(writableStream instanceof WritableStream)) throw new TypeError('The "writableStream" argument must be an instance of WritableStream');
  const writer = writableStream.getWriter();
  return new Writable({
    ...options,
    write(chunk, _encoding, callback) { writer.write(chunk).then(() => callback(), callback); },
    final(callback) { writer.close().then(() => callback(), callback); },
    destroy(err, callback) { writer.abort(err ?? undefined).then(() => callback(err), () => callback(err)); },
  });
};

// Writable.toWeb exposes a Node Writable as a WritableStream.
Writable.toWeb = function toWeb(writable) {
  return new WritableStream({
    write(chunk) { return new Promise((resolve, reject) => writable.write(chunk, (err) => (err ? reject(err) : resolve()))); },
    close() { return new Promise((resolve) => writable.end(resolve)); },
    abort(reason) { writable.destroy(reason); },
  });
};

export { Readable, Writable, Duplex, Transform, PassThrough, Stream, pipeline, finished, compose, addAbortSignal, destroy, isReadable, isDisturbed, isErrored };
export const { promises } = stream;
// As in Node, the module itself is the legacy Stream, carrying the rest
// (require('stream') === require('stream').Stream).
// (readable-stream's Stream already has some, read-only: only the missing are added.)
for (const [k, v] of Object.entries({ Readable, Writable, Duplex, Transform, PassThrough, Stream, pipeline, finished, compose, addAbortSignal, destroy, isReadable, isDisturbed, isErrored, promises: stream.promises })) {
  if (!(k in Stream)) Stream[k] = v;
}
export default Stream;
