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
	"github.com/dop251/goja"
)

// Loop is the event loop that owns a runtime.
type Loop interface {
	// Enqueue runs f on the loop's goroutine. It is safe to call from any
	// goroutine and never blocks.
	Enqueue(f func())
}

// set adds a host function to the bridge object. Only setup code calls it,
// with names it chose, so a failure is a programming error.
func set(host *goja.Object, name string, fn any) {
	if err := host.Set(name, fn); err != nil {
		panic(err)
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
