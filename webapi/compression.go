package webapi

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"

	"github.com/dop251/goja"
)

// compressor is one CompressionStream or DecompressionStream in flight.
type compressor struct {
	format   string
	compress bool
	out      bytes.Buffer
	w        io.WriteCloser // compressing: writes compressed bytes to out
	in       bytes.Buffer   // decompressing: the input so far
}

// InstallCompression adds the Go side of CompressionStream and
// DecompressionStream (gzip, deflate, deflate-raw) on compress/*.
// Compression streams: each chunk's output is handed back as it is made.
// Decompression reads the input as it comes and decodes what has arrived
// at the end; a malformed input fails with a TypeError, as the spec says.
func InstallCompression(rt *goja.Runtime, host *goja.Object) {
	streams := map[int64]*compressor{}
	take := func(c *compressor) goja.Value {
		b := append([]byte(nil), c.out.Bytes()...)
		c.out.Reset()
		return rt.ToValue(rt.NewArrayBuffer(b))
	}
	set(rt, host, "zStart", func(call goja.FunctionCall) goja.Value {
		c := &compressor{format: call.Argument(0).String(), compress: call.Argument(1).ToBoolean()}
		if c.compress {
			switch c.format {
			case "gzip":
				c.w = gzip.NewWriter(&c.out)
			case "deflate":
				c.w = zlib.NewWriter(&c.out)
			case "deflate-raw":
				c.w, _ = flate.NewWriter(&c.out, flate.DefaultCompression)
			default:
				throwTypeError(rt, "Unsupported compression format: '"+c.format+"'")
			}
		} else if c.format != "gzip" && c.format != "deflate" && c.format != "deflate-raw" {
			throwTypeError(rt, "Unsupported compression format: '"+c.format+"'")
		}
		id := NewHandle(streams)
		streams[id] = c
		return rt.ToValue(id)
	})
	set(rt, host, "zWrite", func(call goja.FunctionCall) goja.Value {
		c := streams[call.Argument(0).ToInteger()]
		b := arrayBufferBytes(rt, call.Argument(1), call.Argument(2).ToInteger(), call.Argument(3).ToInteger())
		if !c.compress {
			c.in.Write(b)
			return rt.ToValue(rt.NewArrayBuffer(nil))
		}
		if _, err := c.w.Write(b); err != nil {
			throwTypeError(rt, err.Error())
		}
		return take(c)
	})
	set(rt, host, "zDrop", func(call goja.FunctionCall) goja.Value {
		delete(streams, call.Argument(0).ToInteger()) // cancelled: nothing more comes
		return goja.Undefined()
	})
	set(rt, host, "zEnd", func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).ToInteger()
		c := streams[id]
		delete(streams, id)
		if c.compress {
			if err := c.w.Close(); err != nil {
				throwTypeError(rt, err.Error())
			}
			return take(c)
		}
		var r io.ReadCloser
		var err error
		switch c.format {
		case "gzip":
			r, err = gzip.NewReader(&c.in)
		case "deflate":
			r, err = zlib.NewReader(&c.in)
		default:
			r = flate.NewReader(&c.in)
		}
		if err == nil {
			_, err = io.Copy(&c.out, r)
		}
		if err != nil {
			throwTypeError(rt, "The compressed data was not valid: "+err.Error())
		}
		return take(c)
	})
}
