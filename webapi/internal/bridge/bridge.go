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
	return strings.ToValidUTF8(string(b), "\uFFFD")
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
