// node:zlib: gzip, deflate (zlib), deflate-raw, unzip and brotli on Go's
// compress packages and andybalholm/brotli (webapi/streams): the sync
// forms, the callback forms (run off the loop, as Node runs them on its
// thread pool; util.promisify gives the promise forms), and the stream
// forms (createGzip() & co.), Duplex streams whose decompressing side
// decodes only as it is read.
import { host } from '../host.js';
import { Buffer } from './buffer.js';
import { Duplex } from './stream.js';

export const constants = Object.freeze({
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
  Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
  Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0, ZLIB_VERNUM: 4865,
  DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7, BROTLI_DECODE: 8, BROTLI_ENCODE: 9,
  Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15, Z_MIN_CHUNK: 64, Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384,
  Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9, Z_DEFAULT_MEMLEVEL: 8, Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1,
  BROTLI_OPERATION_PROCESS: 0, BROTLI_OPERATION_FLUSH: 1, BROTLI_OPERATION_FINISH: 2, BROTLI_OPERATION_EMIT_METADATA: 3,
  BROTLI_PARAM_MODE: 0, BROTLI_MODE_GENERIC: 0, BROTLI_MODE_TEXT: 1, BROTLI_MODE_FONT: 2, BROTLI_DEFAULT_MODE: 0,
  BROTLI_PARAM_QUALITY: 1, BROTLI_MIN_QUALITY: 0, BROTLI_MAX_QUALITY: 11, BROTLI_DEFAULT_QUALITY: 11,
  BROTLI_PARAM_LGWIN: 2, BROTLI_MIN_WINDOW_BITS: 10, BROTLI_MAX_WINDOW_BITS: 24, BROTLI_DEFAULT_WINDOW: 22,
  BROTLI_PARAM_LGBLOCK: 3, BROTLI_PARAM_SIZE_HINT: 5, BROTLI_DECODER_RESULT_SUCCESS: 1,
});

function bytes(data, name) {
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const err = new TypeError(`The "${name}" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer.`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  throw err;
}

// level reads options.level, or brotli's quality parameter.
function level(format, options) {
  if (format === 'brotli') return options?.params?.[constants.BROTLI_PARAM_QUALITY];
  return options?.level;
}

function sync(format, compress) {
  return (data, options) => {
    const b = bytes(data, 'buffer');
    return Buffer.from(host.zlibSync(format, compress, b.buffer, b.byteOffset, b.byteLength, level(format, options), options?.maxOutputLength ?? 0));
  };
}

function async(format, compress) {
  return (data, options, callback) => {
    if (typeof options === 'function') [options, callback] = [{}, options];
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
    const b = bytes(data, 'buffer');
    host.zlibAsync(format, compress, b.buffer, b.byteOffset, b.byteLength, level(format, options), options?.maxOutputLength ?? 0)
      .then((out) => callback(null, Buffer.from(out)), (err) => callback(err));
  };
}

// ZlibStream is one compressing or decompressing stream. Compressing hands
// back each write's output at once; decompressing feeds the decoder as
// writes come and reads one decoded chunk per _read, so a bomb costs one
// chunk at a time.
class ZlibStream extends Duplex {
  constructor(format, compress, options = {}) {
    super({ ...options, decodeStrings: true, readableObjectMode: false, writableObjectMode: false });
    this._compress = compress;
    this._level = level(format, options);
    this._id = host.zStart(format, compress, this._level);
    this.bytesWritten = 0;
  }

  _write(chunk, encoding, callback) {
    if (chunk[kFlush]) {
      // flush()'s marker, in order with the writes before it.
      if (this._compress) {
        try {
          const out = host.zFlush(this._id);
          if (out.byteLength) this.push(Buffer.from(out));
        } catch (err) {
          callback(err);
          return;
        }
      }
      callback();
      return;
    }
    const b = bytes(chunk, 'chunk');
    this.bytesWritten += b.byteLength;
    if (this._compress) {
      try {
        const out = host.zWrite(this._id, b.buffer, b.byteOffset, b.byteLength);
        if (out.byteLength) this.push(Buffer.from(out));
        callback();
      } catch (err) {
        callback(err);
      }
      return;
    }
    host.zFeed(this._id, b.buffer, b.byteOffset, b.byteLength).then(() => callback(), (err) => callback(zlibStreamError(err)));
  }

  _final(callback) {
    if (this._compress) {
      try {
        const out = host.zEnd(this._id);
        if (out.byteLength) this.push(Buffer.from(out));
        this.push(null);
        callback();
      } catch (err) {
        callback(err);
      }
      return;
    }
    host.zClose(this._id);
    callback();
  }

  _read() {
    if (this._compress || this._reading) return;
    this._reading = true;
    host.zRead(this._id).then(
      (out) => {
        this._reading = false;
        if (out === null) this.push(null);
        else if (this.push(Buffer.from(out))) this._read();
      },
      (err) => {
        this._reading = false;
        this.destroy(zlibStreamError(err));
      },
    );
  }

  _destroy(err, callback) {
    host.zDrop(this._id);
    callback(err);
  }

  close(callback) {
    if (callback) this.once('close', callback);
    this.destroy();
  }

  // flush() makes what was written so far decodable by the reader (a sync
  // flush: Go's compressors have no full flush, which only resets the
  // dictionary besides); decompressing streams hand out what they decode
  // as it is read anyway. The callback runs once the flushed output is
  // pushed.
  flush(kind, callback) {
    if (typeof kind === 'function') callback = kind;
    const marker = Buffer.alloc(0);
    marker[kFlush] = true;
    this.write(marker, callback && (() => callback()));
  }

  // params() changes the level mid-stream, which Go's compressors cannot:
  // the level they were made with is kept when it is asked for again,
  // and anything else fails loudly rather than be ignored.
  params(lvl, strategy, callback) {
    if (lvl === this._level || (lvl === constants.Z_DEFAULT_COMPRESSION && this._level === undefined)) {
      if (callback) queueMicrotask(callback);
      return;
    }
    const err = new Error('zlib params() (changing the compression level of a stream already made) is not supported by jsroutes: make a new stream with { level }');
    err.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
    if (callback) queueMicrotask(() => callback(err));
    else throw err;
  }
}

// kFlush marks the empty chunk flush() writes.
const kFlush = Symbol('flush');

function zlibStreamError(err) {
  const e = new Error(String(err?.message ?? err).replace(/^The compressed data was not valid: /, ''));
  e.code = 'Z_DATA_ERROR';
  e.errno = -3;
  return e;
}

const kinds = {
  Gzip: ['gzip', true], Gunzip: ['gzip', false], Deflate: ['deflate', true], Inflate: ['deflate', false],
  DeflateRaw: ['deflate-raw', true], InflateRaw: ['deflate-raw', false], Unzip: ['unzip', false],
  BrotliCompress: ['brotli', true], BrotliDecompress: ['brotli', false],
};
const classes = {};
for (const [name, [format, compress]] of Object.entries(kinds)) {
  classes[name] = { [name]: class extends ZlibStream { constructor(options) { super(format, compress, options); } } }[name];
}

export const { Gzip, Gunzip, Deflate, Inflate, DeflateRaw, InflateRaw, Unzip, BrotliCompress, BrotliDecompress } = classes;
export const createGzip = (o) => new Gzip(o);
export const createGunzip = (o) => new Gunzip(o);
export const createDeflate = (o) => new Deflate(o);
export const createInflate = (o) => new Inflate(o);
export const createDeflateRaw = (o) => new DeflateRaw(o);
export const createInflateRaw = (o) => new InflateRaw(o);
export const createUnzip = (o) => new Unzip(o);
export const createBrotliCompress = (o) => new BrotliCompress(o);
export const createBrotliDecompress = (o) => new BrotliDecompress(o);

export const gzipSync = sync('gzip', true);
export const gunzipSync = sync('gzip', false);
export const deflateSync = sync('deflate', true);
export const inflateSync = sync('deflate', false);
export const deflateRawSync = sync('deflate-raw', true);
export const inflateRawSync = sync('deflate-raw', false);
export const unzipSync = sync('unzip', false);
export const brotliCompressSync = sync('brotli', true);
export const brotliDecompressSync = sync('brotli', false);

export const gzip = async('gzip', true);
export const gunzip = async('gzip', false);
export const deflate = async('deflate', true);
export const inflate = async('deflate', false);
export const deflateRaw = async('deflate-raw', true);
export const inflateRaw = async('deflate-raw', false);
export const unzip = async('unzip', false);
export const brotliCompress = async('brotli', true);
export const brotliDecompress = async('brotli', false);

// The promise forms util.promisify would make, for code that reaches for them directly.
for (const fn of [gzip, gunzip, deflate, inflate, deflateRaw, inflateRaw, unzip, brotliCompress, brotliDecompress]) {
  fn[Symbol.for('nodejs.util.promisify.custom')] = (data, options) => new Promise((resolve, reject) => fn(data, options ?? {}, (err, out) => (err ? reject(err) : resolve(out))));
}

export const codes = Object.freeze({ Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6 });

export default {
  constants, codes, Gzip, Gunzip, Deflate, Inflate, DeflateRaw, InflateRaw, Unzip, BrotliCompress, BrotliDecompress,
  createGzip, createGunzip, createDeflate, createInflate, createDeflateRaw, createInflateRaw, createUnzip, createBrotliCompress, createBrotliDecompress,
  gzipSync, gunzipSync, deflateSync, inflateSync, deflateRawSync, inflateRawSync, unzipSync, brotliCompressSync, brotliDecompressSync,
  gzip, gunzip, deflate, inflate, deflateRaw, inflateRaw, unzip, brotliCompress, brotliDecompress,
};
