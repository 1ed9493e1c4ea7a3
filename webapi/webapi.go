// Package webapi is the Web platform of the jsroutes runtime, one family
// of APIs per folder, each with its Go half (host functions), its JS half
// (the classes route code sees) and its tests side by side:
//
//	url/       URL, URLSearchParams, URLPattern
//	encoding/  TextEncoder, TextDecoder, atob, btoa
//	fetch/     fetch, Headers, Request, Response, bodies, FormData, Blob
//	streams/   ReadableStream & co., CompressionStream, DecompressionStream
//	crypto/    crypto, crypto.subtle, and node:crypto's Go half
//	timers/    setTimeout & co., performance
//	console/   console and its formatter
//	dom/       EventTarget, AbortController, DOMException, structuredClone
//	next/      next/server, next/headers, next/cache, next/navigation (JS;
//	           the server half of the cache and cookies is jsrt's)
//	node/      the node: built-ins
//	wasm/      WebAssembly, on wazero
//
// This folder's own JS files are the runtime's core: the dispatcher Go
// calls per request (runtime.js), the bridge to Go (host.js), the lazy
// globals, the memory checks (memory.js), process and async context.
//
// Install is the one entry point: it adds every family's host functions
// to the bridge object the JS half reads at start-up. The JS halves are
// not run from here: package polyfills builds them, with the npm
// polyfills, into the runtime program (see Sources).
package webapi

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/console"
	"github.com/jsroutes/jsroutes/webapi/crypto"
	"github.com/jsroutes/jsroutes/webapi/encoding"
	"github.com/jsroutes/jsroutes/webapi/fetch"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
	"github.com/jsroutes/jsroutes/webapi/intl"
	"github.com/jsroutes/jsroutes/webapi/node"
	"github.com/jsroutes/jsroutes/webapi/pg"
	"github.com/jsroutes/jsroutes/webapi/regexp"
	"github.com/jsroutes/jsroutes/webapi/socket"
	"github.com/jsroutes/jsroutes/webapi/streams"
	"github.com/jsroutes/jsroutes/webapi/timers"
	"github.com/jsroutes/jsroutes/webapi/url"
	"github.com/jsroutes/jsroutes/webapi/wasm"
	"github.com/jsroutes/jsroutes/webapi/weakref"
	"github.com/jsroutes/jsroutes/webapi/websocket"
)

//go:embed *.js */*.js
var sources embed.FS

// Sources holds the JS halves by the path the runtime program names them
// with ("fetch/headers.js"; the core's files at the top). Package
// polyfills, the runtime program's owner, reads them.
func Sources() fs.FS { return sources }

// Loop is the event loop that owns a runtime: jsrt's worker.
type Loop = bridge.Loop

// Options are what the platform of one runtime is configured with.
type Options struct {
	// HeapLimit bounds what one Go-side operation (a JSON parse, a
	// decompression, a buffer) may allocate, with the live heap: past it
	// the operation throws a RangeError (see bridge.Budget). 0: no bound.
	HeapLimit uint64
	// Client sends fetch()'s requests; nil means http.DefaultClient.
	Client *http.Client
	// FetchTimeout bounds a fetch's wait for headers and for each part of
	// its body (undici's headersTimeout and bodyTimeout). 0: no bound.
	FetchTimeout time.Duration
	// RequestContext returns the context of the incoming request with the
	// given handle: a fetch it starts ends when it ends.
	RequestContext func(handle int64) context.Context
	// Root is the project's directory: node:fs reads under it (and
	// nowhere else), and process.cwd() is it, as under next start.
	Root string
	// Logger receives console's lines.
	Logger *slog.Logger
	// OnTimerError receives what a timer callback throws.
	OnTimerError func(error)
	// Wasm is the process's WebAssembly compilation cache, which every
	// runtime shares; nil gives this runtime its own.
	Wasm *wasm.Engine
	// WasmUninterruptible drops the checks that let a runaway wasm
	// function be stopped, for speed (see wasm.Install).
	WasmUninterruptible bool
}

// Platform is the Go half of one runtime's Web platform.
type Platform struct {
	env         bridge.Env
	timers      *timers.Timers
	fetch       *fetch.Fetch
	compression *streams.Compression
	sockets     *socket.Sockets
	weakrefs    *weakref.Refs
	websockets  *websocket.Sockets
	wasm        *wasm.WebAssembly
	actx        bridge.AsyncContext
}

// Install adds every family's host functions to host, the bridge object
// the runtime program receives. It runs on the loop's goroutine.
func Install(rt *goja.Runtime, host *goja.Object, loop Loop, opts Options) *Platform {
	p := &Platform{}
	budget := bridge.NewBudget(opts.HeapLimit)
	p.env = bridge.Env{RT: rt, Host: host, Loop: loop, Budget: budget, JSON: bridge.NewJSON(rt, budget), Context: &p.actx, Logger: opts.Logger}
	env := &p.env
	budget.Install(rt, host)
	env.JSON.Install(host)
	p.actx.Install(rt, host)
	url.Install(env)
	encoding.Install(env)
	crypto.Install(env)
	node.Install(env, opts.Root)
	console.Install(env)
	p.timers = timers.Install(env, opts.OnTimerError)
	p.compression = streams.Install(env)
	p.fetch = fetch.Install(env, fetch.Options{Client: opts.Client, Timeout: opts.FetchTimeout, Parent: opts.RequestContext})
	p.sockets = socket.Install(env)
	pg.Install(env, p.sockets)
	p.weakrefs = weakref.Install(env)
	regexp.Install(env)
	intl.Install(env)
	p.websockets = websocket.Install(env, opts.Client)
	var pages uint32
	if opts.HeapLimit > 0 {
		pages = uint32(min(opts.HeapLimit/65536, 65536)) // a memory may not outgrow the heap limit
	}
	p.wasm = wasm.Install(env, opts.Wasm, pages, opts.WasmUninterruptible)
	return p
}

// WasmEngine is the WebAssembly compilation cache a process's runtimes
// share (Options.Wasm).
type WasmEngine = wasm.Engine

// NewWasmEngine returns an empty one; Close releases its compiled code.
func NewWasmEngine() *WasmEngine { return wasm.NewEngine() }

// Interrupt stops the WebAssembly that runs now: the worker is stopping
// a runaway (goja's Interrupt stops the JS around it).
func (p *Platform) Interrupt() { p.wasm.Interrupt() }

// Stop ends what runs in the background for the runtime (timers, fetches,
// decompression, sockets), which is going away.
func (p *Platform) Stop() {
	p.timers.Stop()
	p.fetch.Stop()
	p.compression.Stop()
	p.sockets.Stop()
	p.weakrefs.Stop()
	p.websockets.Stop()
	p.wasm.Stop()
}

// Sockets is how many node:net and node:tls sockets the runtime holds
// open (at most socket.MaxSockets); safe on any goroutine.
func (p *Platform) Sockets() int { return p.sockets.Open() }

// WebSockets is how many WebSocket connections the runtime holds open (at
// most websocket.MaxConnections); safe on any goroutine.
func (p *Platform) WebSockets() int { return p.websockets.Open() }

// AsyncContext is the async context current on the loop: the value
// AsyncLocalStorage and the request store hold for the running callback.
func (p *Platform) AsyncContext() goja.Value { return p.actx.Current() }

// Body is the form a body read settles with.
type Body = fetch.BodyForm

// The forms of a body read.
const (
	BodyBytes = fetch.BodyBytes
	BodyText  = fetch.BodyText
	BodyJSON  = fetch.BodyJSON
)

// SettleBody settles a body read with b in this form: an ArrayBuffer,
// text, or JSON parsed within the heap budget (a SyntaxError or
// RangeError rejects). Gone (b == nil, at end) is what an empty body gives.
func (p *Platform) SettleBody(form Body, b []byte, gone bool, resolve, reject func(any) error) {
	if gone {
		form.SettleGone(p.env.RT, p.env.JSON.Parse, resolve, reject)
		return
	}
	form.Settle(p.env.RT, b, p.env.JSON.Parse, resolve, reject)
}

// Safe wraps a host function so that a Go panic in it becomes a JS error
// (see bridge.Safe): jsrt's own host functions go through it.
func Safe(rt *goja.Runtime, name string, fn func(goja.FunctionCall) goja.Value) func(goja.FunctionCall) goja.Value {
	return bridge.Safe(rt, name, fn)
}

// NewHandle returns a random unused key of m: requests are named to the
// runtime by such handles, which route code cannot guess.
func NewHandle[V any](m map[int64]V) int64 { return bridge.NewHandle(m) }

// JSStrings keeps the JS strings made of Go strings (see bridge.JSStrings).
type JSStrings = bridge.JSStrings

// HeadersOverflow says whether a request's header section passes Node's
// limits (16 KiB, 2,000 lines): jsrt answers 431 as Node does.
func HeadersOverflow(h http.Header, startLine int) bool { return fetch.HeadersOverflow(h, startLine) }

// FormDecode decodes an application/x-www-form-urlencoded name or value
// as URLSearchParams does.
func FormDecode(s string) string { return url.FormDecode(s) }
