package streams

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// Compression is the Go half of CompressionStream and DecompressionStream
// (gzip, deflate, deflate-raw) on compress/*, and of node:zlib, which adds
// brotli (andybalholm/brotli), unzip (gzip or zlib, whichever the input
// is), compression levels and one-shot forms (zlib.go), for one runtime.
//
// Compressing is done on the loop, each chunk's output handed back as it
// is made: it is never larger than its input by more than a few bytes.
// Decompressing streams with backpressure, as the spec's transform does: a
// decoder per stream runs on its own goroutine, reading the input through
// a pipe as the writable side feeds it and decoding one chunk (at most
// zChunk bytes) each time the readable side pulls. Nothing is decoded
// that nobody reads, so a gzip bomb costs one chunk of memory at a time
// and its reader's loop turns between chunks (where the time limit and
// the heap guard act), instead of decoding everything into memory at the
// end, uninterruptibly (5.5 GB and 52 s for a 1 MB bomb, measured).
type Compression struct {
	rt      *goja.Runtime
	loop    bridge.Loop
	streams map[int64]*zstream
}

// zstream is one stream in flight.
type zstream struct {
	compress bool
	// Compressing: the writer and what it has written since last taken.
	w   io.WriteCloser
	out bytes.Buffer
	// Decompressing: the input pipe, and the decoder's read requests.
	pr   *io.PipeReader
	pw   *io.PipeWriter
	want chan func([]byte, error) // each receives one chunk, or nil at the end
}

const (
	// zChunk bounds one decoded chunk.
	zChunk = 64 << 10
	// zMaxOpen bounds the decompression streams a runtime has open at
	// once: each unfinished one holds a goroutine and its decoder's window
	// until it is read to its end, cancelled, or the runtime stops.
	zMaxOpen = 1024
)

var errZCancelled = errors.New("the stream was cancelled")

// Install adds the Go half of CompressionStream and DecompressionStream;
// Stop on the result ends the streams still open.
func Install(env *bridge.Env) *Compression {
	c := newCompression(env.RT, env.Loop)
	c.install(env.Host)
	installZlib(env)
	installInflate(env)
	return c
}

// newCompression returns the compression streams of one runtime.
func newCompression(rt *goja.Runtime, loop bridge.Loop) *Compression {
	return &Compression{rt: rt, loop: loop, streams: map[int64]*zstream{}}
}

// Stop ends every stream in flight (the runtime is going away).
func (c *Compression) Stop() {
	for id := range c.streams {
		c.drop(id)
	}
}

func (c *Compression) drop(id int64) {
	z, ok := c.streams[id]
	if !ok {
		return
	}
	delete(c.streams, id)
	if !z.compress {
		_ = z.pr.CloseWithError(errZCancelled)
		_ = z.pw.CloseWithError(errZCancelled)
		close(z.want)
	}
}

// install adds zStart(format, compress) → id; for compressing,
// zWrite(id, buffer, offset, length) → ArrayBuffer, zFlush(id) and
// zEnd(id) → ArrayBuffer; for decompressing, zFeed(id, buffer, offset, length) →
// promise (settled once the decoder has taken the bytes), zClose(id) (the
// input is complete) and zRead(id) → promise of the next decoded chunk
// (an ArrayBuffer) or null at the end; zDrop(id) cancels either. Bad
// formats and malformed input are TypeErrors, as the spec says.
func (c *Compression) install(host *goja.Object) {
	rt := c.rt
	bridge.Set(rt, host, "zStart", func(call goja.FunctionCall) goja.Value {
		format, compress := call.Argument(0).String(), call.Argument(1).ToBoolean()
		level := -1 // the format's default
		if v := call.Argument(2); !goja.IsUndefined(v) && !goja.IsNull(v) {
			level = int(v.ToInteger())
		}
		if !knownFormat(format) || (compress && format == "unzip") {
			bridge.ThrowTypeError(rt, "Unsupported compression format: '"+format+"'")
		}
		z := &zstream{compress: compress}
		if compress {
			var err error
			if z.w, err = newCompressor(format, level, &z.out); err != nil {
				bridge.ThrowTypeError(rt, err.Error())
			}
		} else {
			if c.open() >= zMaxOpen {
				bridge.ThrowTypeError(rt, "DecompressionStream: too many streams open at once (each must be read to its end or cancelled)")
			}
			z.pr, z.pw = io.Pipe()
			z.want = make(chan func([]byte, error), 1)
			go decompress(format, z.pr, z.want)
		}
		id := bridge.NewHandle(c.streams)
		c.streams[id] = z
		return rt.ToValue(id)
	})
	bridge.Set(rt, host, "zWrite", func(call goja.FunctionCall) goja.Value {
		z := c.stream(call.Argument(0), true)
		b := bridge.ArrayBufferBytes(rt, call.Argument(1), call.Argument(2).ToInteger(), call.Argument(3).ToInteger())
		if _, err := z.w.Write(b); err != nil {
			bridge.ThrowTypeError(rt, err.Error())
		}
		return c.take(z)
	})
	// zFlush(id) → ArrayBuffer: what the compressor holds, up to a byte
	// boundary the reader can decode (zlib's Z_SYNC_FLUSH; node:zlib's
	// flush()).
	bridge.Set(rt, host, "zFlush", func(call goja.FunctionCall) goja.Value {
		z := c.stream(call.Argument(0), true)
		if f, ok := z.w.(interface{ Flush() error }); ok {
			if err := f.Flush(); err != nil {
				bridge.ThrowTypeError(rt, err.Error())
			}
		}
		return c.take(z)
	})
	bridge.Set(rt, host, "zEnd", func(call goja.FunctionCall) goja.Value {
		z := c.stream(call.Argument(0), true)
		delete(c.streams, call.Argument(0).ToInteger())
		if err := z.w.Close(); err != nil {
			bridge.ThrowTypeError(rt, err.Error())
		}
		return c.take(z)
	})
	bridge.Set(rt, host, "zFeed", func(call goja.FunctionCall) goja.Value {
		z := c.stream(call.Argument(0), false)
		b := bytes.Clone(bridge.ArrayBufferBytes(rt, call.Argument(1), call.Argument(2).ToInteger(), call.Argument(3).ToInteger()))
		p, resolve, reject := rt.NewPromise()
		go func() {
			_, err := z.pw.Write(b) // returns once the decoder has read it all
			c.loop.Enqueue(func() {
				switch {
				case err == nil:
					_ = resolve(goja.Undefined())
				case errors.Is(err, io.ErrClosedPipe):
					_ = reject(rt.NewTypeError("The compressed data was not valid: data after the end of the compressed stream"))
				default:
					_ = reject(rt.NewTypeError("The compressed data was not valid: " + err.Error()))
				}
			})
		}()
		return rt.ToValue(p)
	})
	bridge.Set(rt, host, "zClose", func(call goja.FunctionCall) goja.Value {
		z := c.stream(call.Argument(0), false)
		go func() { _ = z.pw.Close() }() // the decoder then reads the end
		return goja.Undefined()
	})
	bridge.Set(rt, host, "zRead", func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).ToInteger()
		z := c.stream(call.Argument(0), false)
		p, resolve, reject := rt.NewPromise()
		deliver := func(b []byte, err error) {
			c.loop.Enqueue(func() {
				switch {
				case err != nil:
					c.drop(id)
					_ = reject(rt.NewTypeError("The compressed data was not valid: " + err.Error()))
				case b == nil:
					c.drop(id)
					_ = resolve(goja.Null())
				default:
					_ = resolve(rt.NewArrayBuffer(b))
				}
			})
		}
		select {
		case z.want <- deliver:
		default:
			bridge.ThrowTypeError(rt, "DecompressionStream: a read is already pending")
		}
		return rt.ToValue(p)
	})
	bridge.Set(rt, host, "zDrop", func(call goja.FunctionCall) goja.Value {
		c.drop(call.Argument(0).ToInteger()) // cancelled: nothing more comes
		return goja.Undefined()
	})
}

// stream returns the stream an id names, of the kind wanted.
func (c *Compression) stream(id goja.Value, compress bool) *zstream {
	z, ok := c.streams[id.ToInteger()]
	if !ok || z.compress != compress {
		bridge.ThrowTypeError(c.rt, "the compression stream is closed")
	}
	return z
}

// open counts the decompression streams in flight.
func (c *Compression) open() int {
	n := 0
	for _, z := range c.streams {
		if !z.compress {
			n++
		}
	}
	return n
}

// take hands JS what a compressor has written since the last take.
func (c *Compression) take(z *zstream) goja.Value {
	b := bytes.Clone(z.out.Bytes())
	z.out.Reset()
	return c.rt.ToValue(c.rt.NewArrayBuffer(b))
}

// decompress runs one decompression stream's decoder: for each read request
// it decodes at most zChunk bytes from in (blocking until the writable
// side has fed enough) and hands them over, nil at the end. When the
// input is malformed, or the stream is dropped, it closes the pipe, so a
// feed waiting on it fails too, and stops.
func decompress(format string, in *io.PipeReader, want <-chan func([]byte, error)) {
	// The decoders read through this io.ByteReader without buffering of
	// their own, so what is left in it after the end is input they did
	// not take: data after the compressed stream, an error in the spec.
	src := bufio.NewReader(in)
	var r io.Reader
	for deliver := range want {
		var err error
		if r == nil {
			r, err = newDecompressor(format, src)
		}
		var n int
		buf := make([]byte, zChunk)
		for err == nil && n == 0 {
			n, err = r.Read(buf)
		}
		switch {
		case n > 0:
			deliver(buf[:n], nil)
			continue
		case errors.Is(err, io.EOF) && src.Buffered() > 0:
			deliver(nil, errors.New("data after the end of the compressed stream"))
		case errors.Is(err, io.EOF):
			deliver(nil, nil)
		case errors.Is(err, errZCancelled):
			return
		default:
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = errors.New("the input ended before the compressed stream did")
			}
			deliver(nil, err)
		}
		// The end: input after it, or a feed still waiting, fails.
		_ = in.CloseWithError(io.ErrClosedPipe)
		return
	}
}
