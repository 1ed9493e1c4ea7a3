// pako's and fflate's one-shot decompression in Go (inflateWhole,
// webapi/streams/zlib.go): the bundler wraps the packages' functions
// (bundler/accelerate.go) to ask here first. goja inflated 64 KiB in
// ~50–100 ms, Node in ~1. A call this does not take (options, a
// dictionary, an output buffer, a string input) or a stream Go does not
// read as the only answer (a bad checksum, more data after the stream)
// returns undefined, and the package's own code answers, with its errors.
// Their compression stays theirs: Go's deflate would not write zlib's
// bytes.
import { host } from '../host.js';

function whole(format, data) {
  const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : undefined;
  if (bytes === undefined) return undefined;
  const ab = host.inflateWhole(format, bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return ab === null ? undefined : new Uint8Array(ab);
}

// none says whether options are absent or an object with no option but,
// when allowed, raw as a boolean.
function none(options, rawAllowed = false) {
  if (options === undefined) return true;
  if (options === null || typeof options !== 'object') return false;
  for (const k of Object.keys(options)) {
    if (!(rawAllowed && k === 'raw' && typeof options.raw === 'boolean')) return false;
  }
  return true;
}

// pako: inflate reads zlib or gzip by its header (as pako does by
// default), raw deflate with { raw: true } (its inflateRaw's call).
export const inflate = (input, options) => (none(options, true) ? whole(options?.raw ? 'deflate-raw' : 'unzip', input) : undefined);
export const inflateRaw = (input, options) => (none(options) ? whole('deflate-raw', input) : undefined);
export const ungzip = inflate;

// fflate.
export const gunzipSync = (data, opts) => (none(opts) ? whole('gzip', data) : undefined);
export const unzlibSync = (data, opts) => (none(opts) ? whole('deflate', data) : undefined);
export const inflateSync = (data, opts) => (none(opts) ? whole('deflate-raw', data) : undefined);
