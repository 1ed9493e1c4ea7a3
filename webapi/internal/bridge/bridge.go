// Package bridge is what every Web API family of package webapi builds its
// host functions with: the Loop interface a runtime's owner implements,
// Set and Safe (a Go panic becomes a JS error), Offload for work that must
// not hold up the loop, the per-operation memory Budget, the JSON parser
// that checks it, random handles, and small caches. It exports only to
// webapi and its families (it is internal); jsrt sees it through webapi.
package bridge

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// Env is what each family's Install adds its host functions with: the
// runtime, the bridge object its JS half reads (host.js), and what the
// families share.
type Env struct {
	RT      *goja.Runtime
	Host    *goja.Object
	Loop    Loop
	Budget  *Budget       // what one Go-side operation may allocate
	JSON    *JSON         // JSON.parse with the budget
	Context *AsyncContext // the async context callbacks resume in
	Logger  *slog.Logger  // console's lines
}

// Loop is the event loop that owns a runtime.
type Loop interface {
	// Enqueue runs f on the loop's goroutine. It is safe to call from any
	// goroutine and never blocks.
	Enqueue(f func())
	// Now is the loop's time: when its running job started (timers count
	// from it, as Node's count from the loop's cached time). Only the
	// loop calls it.
	Now() time.Time
	// Check sees the error of a call from Go into JS that nothing in JS
	// caught, and returns it: some leave the runtime unusable (goja's
	// uncatchable stack overflow inside a promise job), and the loop must
	// know.
	Check(err error) error
}

// Set adds a host function (or value) to the bridge object. Functions are
// wrapped by Safe. Only setup code calls it, with names it chose, so a
// failure is a programming error.
func Set(rt *goja.Runtime, host *goja.Object, name string, fn any) {
	if f, ok := fn.(func(goja.FunctionCall) goja.Value); ok {
		fn = Safe(rt, name, f)
	}
	if err := host.Set(name, fn); err != nil {
		panic(err)
	}
}

// Safe wraps a host function so that a Go panic inside it (a bug, or a
// library that panics on odd input) becomes a JS Error thrown at the call,
// which route code can catch, instead of unwinding through the VM and
// taking the request or the process down. JS errors a host function throws
// on purpose pass through unchanged.
func Safe(rt *goja.Runtime, name string, fn func(goja.FunctionCall) goja.Value) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		defer func() {
			if r := recover(); r != nil {
				switch r.(type) {
				case *goja.Object, *goja.Exception, *goja.InterruptedError, *goja.StackOverflowError, *goja.CompilerSyntaxError:
					panic(r)
				}
				panic(rt.NewGoError(fmt.Errorf("internal error in %s: %v", name, r)))
			}
		}()
		return fn(call)
	}
}

// ThrowTypeError raises a JS TypeError from inside a host function.
func ThrowTypeError(rt *goja.Runtime, msg string) {
	panic(rt.NewTypeError(msg))
}

// ArrayBufferBytes returns the bytes that an (ArrayBuffer, offset, length)
// triple names, sharing memory with the JS buffer.
func ArrayBufferBytes(rt *goja.Runtime, buf goja.Value, off, n int64) []byte {
	ab, ok := buf.Export().(goja.ArrayBuffer)
	if !ok {
		ThrowTypeError(rt, "expected an ArrayBuffer")
	}
	b := ab.Bytes()
	if off < 0 || n < 0 || off+n > int64(len(b)) {
		panic(rt.NewGoError(ErrRange))
	}
	return b[off : off+n]
}

// Offload runs work on its own goroutine and returns a promise that settles
// on the loop: resolved with done(result) or rejected with a TypeError
// carrying the error's message (a panic in work is an error too). CPU-heavy
// crypto (key derivation, RSA key generation) goes through it so that, as in
// Node's thread pool, it does not hold up the other requests of the worker.
// work must not touch the runtime; done runs on the loop and may.
func Offload[T any](rt *goja.Runtime, loop Loop, work func() (T, error), done func(T) goja.Value) goja.Value {
	p, resolve, reject := rt.NewPromise()
	go func() {
		var v T
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("%v", r)
				}
			}()
			v, err = work()
		}()
		loop.Enqueue(func() {
			if err != nil {
				_ = reject(rt.NewTypeError(err.Error()))
				return
			}
			_ = resolve(done(v))
		})
	}()
	return rt.ToValue(p)
}

// ArrayBuffer is the usual done of Offload: the bytes as an ArrayBuffer.
func ArrayBuffer(rt *goja.Runtime) func([]byte) goja.Value {
	return func(b []byte) goja.Value { return rt.ToValue(rt.NewArrayBuffer(b)) }
}

// ErrRange is the error of an (ArrayBuffer, offset, length) triple that
// reaches outside its buffer.
var ErrRange = errors.New("offset or length outside the buffer")

// RangeError makes a JS RangeError (goja has a constructor for TypeError only).
func RangeError(rt *goja.Runtime, msg string) *goja.Object {
	ctor, _ := goja.AssertConstructor(rt.Get("RangeError"))
	e, err := ctor(nil, rt.ToValue(msg))
	if err != nil {
		return rt.NewTypeError(msg)
	}
	return e
}

// UTF8 decodes bytes as UTF-8 the Encoding standard's way, each malformed
// sequence becoming U+FFFD, after dropping a byte order mark if stripBOM:
// what TextDecoder, body.text() and form decoding all do.
func UTF8(b []byte, stripBOM bool) string {
	if stripBOM && len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		b = b[3:]
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return replaceInvalidUTF8(b)
}

// replaceInvalidUTF8 is the Encoding standard's UTF-8 decoder: each
// maximal subpart of a malformed sequence (a lead byte and the
// continuation bytes that could still have completed it) becomes one
// U+FFFD. strings.ToValidUTF8 folds a whole run of bad bytes into one,
// and utf8.DecodeRune gives one per byte: WPT's Blob-text and
// TextDecoder tests tell the three apart.
func replaceInvalidUTF8(b []byte) string {
	var out strings.Builder
	out.Grow(len(b) + 8)
	var cp rune
	needed, seen := 0, 0
	lower, upper := byte(0x80), byte(0xbf)
	for i := 0; i < len(b); i++ {
		c := b[i]
		if needed == 0 {
			switch {
			case c < 0x80:
				out.WriteByte(c)
			case c >= 0xc2 && c <= 0xdf:
				needed, cp = 1, rune(c&0x1f)
			case c >= 0xe0 && c <= 0xef:
				if c == 0xe0 {
					lower = 0xa0
				} else if c == 0xed {
					upper = 0x9f
				}
				needed, cp = 2, rune(c&0xf)
			case c >= 0xf0 && c <= 0xf4:
				if c == 0xf0 {
					lower = 0x90
				} else if c == 0xf4 {
					upper = 0x8f
				}
				needed, cp = 3, rune(c&0x7)
			default:
				out.WriteRune(utf8.RuneError)
			}
			continue
		}
		if c < lower || c > upper {
			// The sequence ends before this byte, which starts afresh.
			cp, needed, seen, lower, upper = 0, 0, 0, 0x80, 0xbf
			out.WriteRune(utf8.RuneError)
			i--
			continue
		}
		lower, upper = 0x80, 0xbf
		cp = cp<<6 | rune(c&0x3f)
		if seen++; seen == needed {
			out.WriteRune(cp)
			cp, needed, seen = 0, 0, 0
		}
	}
	if needed != 0 {
		out.WriteRune(utf8.RuneError)
	}
	return out.String()
}

// CallSink calls one of a JS object's callbacks (a socket's onconnect,
// a request's onresponse) with the object as this; what it throws is the
// loop's to report. Only the loop calls it.
func CallSink(loop Loop, sink *goja.Object, name string, args ...goja.Value) {
	if fn, ok := goja.AssertFunction(sink.Get(name)); ok {
		if _, err := fn(sink, args...); err != nil {
			_ = loop.Check(err)
		}
	}
}

// CallBack calls a Node-style callback (if it is a function); what it
// throws is the loop's to report. Only the loop calls it.
func CallBack(loop Loop, cb goja.Value, args ...goja.Value) {
	if fn, ok := goja.AssertFunction(cb); ok {
		if _, err := fn(goja.Undefined(), args...); err != nil {
			_ = loop.Check(err)
		}
	}
}
