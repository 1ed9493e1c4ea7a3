// Package webapi implements, in Go, the parts of the Web platform that the
// jsroutes runtime needs from its host: URL parsing, text encodings, random
// numbers, timers, the clock, logging, multipart parsing and async context.
//
// Each API has an Install function that adds its host functions to the
// bridge object the JavaScript half of the runtime (package polyfills)
// reads at start-up; the JS classes built on them are the public surface.
// Everything here runs on the goroutine that owns the goja runtime, except
// where a doc comment says otherwise.
package webapi

import (
	"fmt"

	"github.com/dop251/goja"
)

// Loop is the event loop that owns a runtime.
type Loop interface {
	// Enqueue runs f on the loop's goroutine. It is safe to call from any
	// goroutine and never blocks.
	Enqueue(f func())
	// Check sees the error of a call from Go into JS that nothing in JS
	// caught, and returns it: some leave the runtime unusable (goja's
	// uncatchable stack overflow inside a promise job), and the loop must
	// know.
	Check(err error) error
}

// set adds a host function (or value) to the bridge object. Functions are
// wrapped by Safe. Only setup code calls it, with names it chose, so a
// failure is a programming error.
func set(rt *goja.Runtime, host *goja.Object, name string, fn any) {
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

// throwTypeError raises a JS TypeError from inside a host function.
func throwTypeError(rt *goja.Runtime, msg string) {
	panic(rt.NewTypeError(msg))
}

// arrayBufferBytes returns the bytes that an (ArrayBuffer, offset, length)
// triple names, sharing memory with the JS buffer.
func arrayBufferBytes(rt *goja.Runtime, buf goja.Value, off, n int64) []byte {
	ab, ok := buf.Export().(goja.ArrayBuffer)
	if !ok {
		throwTypeError(rt, "expected an ArrayBuffer")
	}
	b := ab.Bytes()
	if off < 0 || n < 0 || off+n > int64(len(b)) {
		panic(rt.NewGoError(errRange))
	}
	return b[off : off+n]
}

// offload runs work on its own goroutine and returns a promise that settles
// on the loop: resolved with done(result) or rejected with a TypeError
// carrying the error's message (a panic in work is an error too). CPU-heavy
// crypto (key derivation, RSA key generation) goes through it so that, as in
// Node's thread pool, it does not hold up the other requests of the worker.
// work must not touch the runtime; done runs on the loop and may.
func offload[T any](rt *goja.Runtime, loop Loop, work func() (T, error), done func(T) goja.Value) goja.Value {
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

// arrayBuffer is the usual done of offload: the bytes as an ArrayBuffer.
func arrayBuffer(rt *goja.Runtime) func([]byte) goja.Value {
	return func(b []byte) goja.Value { return rt.ToValue(rt.NewArrayBuffer(b)) }
}
