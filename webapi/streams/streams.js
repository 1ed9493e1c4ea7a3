// The WHATWG Streams API from web-streams-polyfill (generated into vendor/),
// plus ReadableStream.from and the text encoding streams built on it.
//
// The polyfill is not in the bundle: it is a lazy module (see
// polyfills.LazyModules) that the runtime compiles once and a worker runs
// the first time code touches one of its globals. Most handlers never do.
import { defineGlobal, defineLazy, host, tag } from '../host.js';

// The names web-streams-polyfill exports, all globals.
const names = [
  'ByteLengthQueuingStrategy', 'CountQueuingStrategy', 'ReadableByteStreamController', 'ReadableStream',
  'ReadableStreamBYOBReader', 'ReadableStreamBYOBRequest', 'ReadableStreamDefaultController',
  'ReadableStreamDefaultReader', 'TransformStream', 'TransformStreamDefaultController', 'WritableStream',
  'WritableStreamDefaultController', 'WritableStreamDefaultWriter',
];

let streams = null;

// streamsLoaded says whether any stream class exists yet: until then no
// value can be a stream, which spares type checks from loading them.
export const streamsLoaded = () => streams !== null;

// loadStreams runs the polyfill (once per worker) and makes its classes
// plain globals.
function loadStreams() {
  if (streams !== null) return streams;
  streams = host.loadLazy('web-streams');
  for (const name of names) defineGlobal(name, streams[name]);
  addFrom(streams.ReadableStream);
  return streams;
}

for (const name of names) defineLazy(globalThis, name, loadStreams);

function addFrom(ReadableStream) {
  if (typeof ReadableStream.from === 'function') return;
  Object.defineProperty(ReadableStream, 'from', {
    writable: true,
    configurable: true,
    value: function from(iterable) {
      const asyncIt = iterable?.[Symbol.asyncIterator];
      const syncIt = iterable?.[Symbol.iterator];
      if (typeof asyncIt !== 'function' && typeof syncIt !== 'function') {
        throw new TypeError('ReadableStream.from: argument is not iterable');
      }
      const it = typeof asyncIt === 'function' ? asyncIt.call(iterable) : syncIt.call(iterable);
      return new ReadableStream({
        async pull(controller) {
          const { value, done } = await it.next();
          if (done) controller.close();
          else controller.enqueue(await value);
        },
        async cancel(reason) {
          await it.return?.(reason);
        },
      }, { highWaterMark: 0 });
    },
  });
}

export class TextEncoderStream {
  #stream;
  constructor() {
    const encoder = new TextEncoder();
    let pendingHigh = '';
    this.#stream = new TransformStream({
      transform(chunk, controller) {
        let s = pendingHigh + String(chunk);
        pendingHigh = '';
        const last = s.charCodeAt(s.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pendingHigh = s[s.length - 1];
          s = s.slice(0, -1);
        }
        if (s) controller.enqueue(encoder.encode(s));
      },
      flush(controller) {
        if (pendingHigh) controller.enqueue(encoder.encode('\uFFFD'));
      },
    });
  }
  get encoding() { return 'utf-8'; }
  get readable() { return this.#stream.readable; }
  get writable() { return this.#stream.writable; }
}
tag(TextEncoderStream, 'TextEncoderStream');

export class TextDecoderStream {
  #stream;
  #decoder;
  constructor(label = 'utf-8', options = {}) {
    const decoder = (this.#decoder = new TextDecoder(label, options));
    this.#stream = new TransformStream({
      transform(chunk, controller) {
        const s = decoder.decode(chunk, { stream: true });
        if (s) controller.enqueue(s);
      },
      flush(controller) {
        const s = decoder.decode();
        if (s) controller.enqueue(s);
      },
    });
  }
  get encoding() { return this.#decoder.encoding; }
  get fatal() { return this.#decoder.fatal; }
  get ignoreBOM() { return this.#decoder.ignoreBOM; }
  get readable() { return this.#stream.readable; }
  get writable() { return this.#stream.writable; }
}
tag(TextDecoderStream, 'TextDecoderStream');

defineGlobal('TextEncoderStream', TextEncoderStream);
defineGlobal('TextDecoderStream', TextDecoderStream);
