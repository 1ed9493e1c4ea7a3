package streams

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"

	"github.com/andybalholm/brotli"
	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// The formats: the Compression Streams spec's three, and node:zlib's.
var formats = map[string]bool{"gzip": true, "deflate": true, "deflate-raw": true, "brotli": true, "unzip": true}

func knownFormat(f string) bool { return formats[f] }

// newCompressor writes format to w at level (-1: the format's default;
// brotli's quality for brotli).
func newCompressor(format string, level int, w io.Writer) (io.WriteCloser, error) {
	if format == "brotli" {
		if level < 0 || level > brotli.BestCompression {
			level = brotli.BestCompression // Node's default quality is 11
		}
		return brotli.NewWriterLevel(w, level), nil
	}
	if level < -1 || level > 9 {
		return nil, fmt.Errorf("the value of \"options.level\" is out of range: it must be >= -1 and <= 9, received %d", level)
	}
	switch format {
	case "gzip":
		return gzip.NewWriterLevel(w, level)
	case "deflate":
		return zlib.NewWriterLevel(w, level)
	default:
		return flate.NewWriter(w, level)
	}
}

// newDecompressor reads format from src, which must not be buffered
// further (see decompress): unzip looks at the first byte to tell gzip
// (0x1f) from zlib.
func newDecompressor(format string, src *bufio.Reader) (io.Reader, error) {
	var r io.Reader
	var err error
	switch format {
	case "unzip":
		first, perr := src.Peek(1)
		if perr == nil && first[0] == 0x1f {
			return newDecompressor("gzip", src)
		}
		return newDecompressor("deflate", src)
	case "gzip":
		// Two bytes that are not gzip's magic are zlib's "incorrect
		// header check" at once, however short the input (Go's reader
		// waits for the whole 10-byte header, and says unexpected EOF).
		if head, _ := src.Peek(2); len(head) == 2 && (head[0] != 0x1f || head[1] != 0x8b) {
			return nil, gzip.ErrHeader
		}
		r, err = gzip.NewReader(src)
	case "deflate":
		r, err = zlib.NewReader(src)
	case "brotli":
		r = brotli.NewReader(src)
	default:
		r = flate.NewReader(src)
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF // no input at all is not a stream
	}
	return r, err
}

// installZlib adds zlibSync(format, compress, buffer, offset, length,
// level, maxOutput) → ArrayBuffer and zlibAsync(…) → promise of one: the
// one-shot forms of node:zlib. Decompressing stops at maxOutput (Node's
// maxOutputLength) and at the memory budget, with Node's RangeError,
// instead of inflating a bomb into memory.
func installZlib(env *bridge.Env) {
	rt := env.RT
	args := func(call goja.FunctionCall) (string, bool, []byte, int, int64) {
		format, compress := call.Argument(0).String(), call.Argument(1).ToBoolean()
		if !knownFormat(format) || (compress && format == "unzip") {
			bridge.ThrowTypeError(rt, "Unsupported compression format: '"+format+"'")
		}
		in := bytes.Clone(bridge.ArrayBufferBytes(rt, call.Argument(2), call.Argument(3).ToInteger(), call.Argument(4).ToInteger()))
		level := -1
		if v := call.Argument(5); !goja.IsUndefined(v) && !goja.IsNull(v) {
			level = int(v.ToInteger())
		}
		limit := call.Argument(6).ToInteger()
		if limit <= 0 || !env.Budget.Fits(float64(limit)) {
			limit = int64(maxOneShot(env.Budget))
		}
		return format, compress, in, level, limit
	}
	bridge.Set(rt, env.Host, "zlibSync", func(call goja.FunctionCall) goja.Value {
		format, compress, in, level, limit := args(call)
		out, err := oneShot(format, compress, in, level, limit)
		if err != nil {
			panic(zlibError(rt, err))
		}
		return rt.ToValue(rt.NewArrayBuffer(out))
	})
	bridge.Set(rt, env.Host, "zlibAsync", func(call goja.FunctionCall) goja.Value {
		format, compress, in, level, limit := args(call)
		p, resolve, reject := rt.NewPromise()
		go func() {
			out, err := oneShot(format, compress, in, level, limit)
			env.Loop.Enqueue(func() {
				if err != nil {
					_ = reject(zlibError(rt, err))
					return
				}
				_ = resolve(rt.NewArrayBuffer(out))
			})
		}()
		return rt.ToValue(p)
	})
}

// maxOneShot is what one decompression may produce without a limit of
// its own: Node's kMaxLength, within the budget.
func maxOneShot(b *bridge.Budget) int {
	for n := 1 << 32; n > 1<<20; n /= 2 {
		if b.Fits(float64(n)) {
			return n
		}
	}
	return 1 << 20
}

// errTooLarge is a decompression past its output limit.
var errTooLarge = errors.New("Cannot create a Buffer larger than the maximum output length")

func oneShot(format string, compress bool, in []byte, level int, limit int64) ([]byte, error) {
	var out bytes.Buffer
	if compress {
		w, err := newCompressor(format, level, &out)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(in); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		return out.Bytes(), nil
	}
	src := bufio.NewReader(bytes.NewReader(in))
	r, err := newDecompressor(format, src)
	if err != nil {
		return nil, err
	}
	n, err := io.Copy(&out, io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		return nil, err
	case n > limit:
		return nil, errTooLarge
	}
	return out.Bytes(), nil
}

// zlibError is what node:zlib throws: a RangeError past the output limit,
// else an Error with zlib's code (Z_DATA_ERROR, Z_BUF_ERROR).
func zlibError(rt *goja.Runtime, err error) *goja.Object {
	if errors.Is(err, errTooLarge) {
		e := bridge.RangeError(rt, err.Error())
		_ = e.Set("code", "ERR_BUFFER_TOO_LARGE")
		return e
	}
	code, errno, msg := "Z_DATA_ERROR", -3, err.Error()
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		code, errno, msg = "Z_BUF_ERROR", -5, "unexpected end of file"
	case errors.Is(err, gzip.ErrHeader):
		msg = "incorrect header check"
	case errors.Is(err, zlib.ErrHeader):
		msg = "incorrect header check"
	}
	e, _ := rt.New(rt.Get("Error"), rt.ToValue(msg))
	_ = e.Set("code", code)
	_ = e.Set("errno", errno)
	return e
}

// installInflate adds inflateWhole(format, buffer, offset, length) →
// ArrayBuffer or null: one whole stream of format ("unzip", gzip or zlib by
// its header; "gzip", "deflate" for zlib, "deflate-raw") decoded in Go for
// pako's and fflate's one-shot decompression (inflate.js). Null, for the
// package's own code to answer, when Go's reading is not the only one: the
// input is not one well-formed stream with nothing after it (a bad
// checksum, another gzip member, trailing bytes, a preset dictionary), or
// the output would not fit the memory budget.
func installInflate(env *bridge.Env) {
	rt := env.RT
	bridge.Set(rt, env.Host, "inflateWhole", func(call goja.FunctionCall) goja.Value {
		format := call.Argument(0).String()
		in := bridge.ArrayBufferBytes(rt, call.Argument(1), call.Argument(2).ToInteger(), call.Argument(3).ToInteger())
		out, ok := inflateWhole(format, in, int64(maxOneShot(env.Budget)))
		if !ok {
			return goja.Null()
		}
		return rt.ToValue(rt.NewArrayBuffer(out))
	})
}

// inflateWhole decodes in, a single stream of format with nothing after
// it, into at most limit bytes.
func inflateWhole(format string, in []byte, limit int64) ([]byte, bool) {
	if format != "unzip" && format != "gzip" && format != "deflate" && format != "deflate-raw" {
		return nil, false
	}
	rest := bytes.NewReader(in)
	src := bufio.NewReader(rest)
	r, err := newDecompressor(format, src)
	if err != nil {
		return nil, false
	}
	if z, ok := r.(*gzip.Reader); ok {
		z.Multistream(false)
	}
	var out bytes.Buffer
	n, err := io.Copy(&out, io.LimitReader(r, limit+1))
	if err != nil || n > limit || src.Buffered() > 0 || rest.Len() > 0 {
		return nil, false
	}
	return out.Bytes(), true
}
