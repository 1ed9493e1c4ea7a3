package jsrt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/bundler"
	"github.com/jsroutes/jsroutes/jsrt/internal/cache"
	"github.com/jsroutes/jsroutes/polyfills"
	"github.com/jsroutes/jsroutes/webapi"
)

// worker is one goja runtime and the event loop that owns it. All JS of a
// worker runs on its loop goroutine; other goroutines hand it work with
// Enqueue. A worker serves many requests at once, interleaved at their
// awaits, as one Node.js process does.
type worker struct {
	id  int
	rt  *goja.Runtime
	log *slog.Logger

	// platform is the Go half of the Web platform (webapi.Install).
	platform *webapi.Platform

	mu    sync.Mutex
	queue []func()
	spare []func()
	// urgent is a job that runs before any queued one: abandon's, which
	// answers the requests a stopped worker holds. Queued behind the
	// others, a timer that fell due while the runaway held the loop ran
	// first and answered its request from the abandoned runtime (seen
	// under load in TestRunawayHandlersAreStopped).
	urgent atomic.Pointer[func()]
	closed bool
	wake   chan struct{}
	done   chan struct{}

	load     atomic.Int64 // requests in flight, for least-loaded dispatch
	served   atomic.Int64 // requests dispatched, for recycling and Stats
	jobStart atomic.Int64 // when the running job started (unix ns), 0 when idle
	jobTime  time.Time    // the same, for the loop itself (see Now)
	retiring atomic.Bool  // replaced: close once the last request is done
	broken   atomic.Bool  // a stack overflow or a Go panic left the runtime unusable (see Check, runJob)
	spent    atomic.Bool  // served its quota (MaxRequestsPerWorker): no new requests
	onBroken func(w *worker, reason string)
	afterRun atomic.Int64 // after() callbacks still running

	// Set once by the runtime at start-up, before registered is closed.
	registered chan struct{}
	startErr   error
	nextConfig map[string]any

	// Owned by the loop goroutine.
	exchanges  map[int64]*exchange
	rejections map[*goja.Promise]struct{}
	// js are the runtime's functions Go calls (see runtimeFns).
	js runtimeFns
	// waiting are the requests whose handlers' promises are pending (see
	// pollWaiting); loop-owned.
	waiting     []waiter
	names       webapi.JSStrings        // methods and export names, passed to dispatch
	modules     map[string]Module       // the Go modules route files import
	goModules   map[string]*goja.Object // their exports, made here (see goModule)
	lazyExports map[string]goja.Value   // the lazy modules run here (see loadLazy)
	lazyRunning map[string]*goja.Object // their module objects while they run
	chunks      map[string]*chunkModule // the route chunks run here (see requireChunk)
	// bridge lists what route code must never reach: the host object and
	// its functions, the runtime's require and the lazy modules' requires.
	// TestNothingReachesTheBridge walks the public platform for them.
	bridge []goja.Value
}

// runtimeFns are the runtime's JS functions that Go calls, registered by
// webapi/runtime.js at start-up (host.register); each goes through Check.
// They are data, not methods of the worker: w.js.cancel(…) is a call into
// JS, w.abort(…) a Go method that makes it.
type runtimeFns struct {
	dispatch goja.Callable // runs a request's handler
	settle   goja.Callable // settles a request whose handler's promise Go saw settle
	wait     goja.Callable // hands a still-pending handler's promise to JS
	pull     goja.Callable // asks a streamed response for its next chunk
	cancel   goja.Callable // ends a request whose client left (or timed out)
	finished goja.Callable // forgets a request once its answer is written
	// staticParams runs a route's generateStaticParams (see prerender).
	staticParams goja.Callable
	// describe loads a route's module and reports what it exports.
	describe goja.Callable
	// preload loads every route's module (Options.Preload).
	preload goja.Callable
	// describeProxy loads the proxy's module and reports its config.
	describeProxy goja.Callable
	// instrument loads instrumentation.ts and awaits its register().
	instrument goja.Callable
	// handled is what dispatch returns once it has answered.
	handled goja.Value
	// require returns a runtime program module by specifier: the
	// runtime's own require, which route code never holds (see appRequire).
	require goja.Callable
}

// routeExports is what a route module exports, as the runtime reports it
// once the module has loaded (see describe).
type routeExports struct {
	Methods []string
	Config  map[string]any
	// StaticParams: the file exports generateStaticParams.
	StaticParams bool
}

// shared is what every worker of a handler shares.
type shared struct {
	runtime             *goja.Program // the runtime program (polyfills.RuntimeScript)
	program             *goja.Program // the app's bundle
	env                 map[string]string
	logger              *slog.Logger
	previewModeID       string
	version             string
	client              *http.Client
	modules             map[string]Module
	cache               cache.Store
	lazy                *scripts
	heapLimit           uint64             // Options.MaxHeapBytes: the heap guard's, and each operation's (the budget of webapi/internal/bridge)
	fetchTimeout        time.Duration      // Options.FetchTimeout resolved (0: none)
	wasm                *webapi.WasmEngine // compiled WebAssembly, shared by the workers
	wasmUninterruptible bool               // Options.WasmUninterruptible
	// chunks compiles the route chunks (nil when the bundle holds the
	// route modules), and routes are the routes, for their chunks.
	chunks *scripts
	routes []bundler.Route
	// root is the app's data root: process.cwd(), and where node:fs reads
	// (bundler.Bundle.DataDir).
	root string
	// proxy and instrumentation are the app's proxy.ts and
	// instrumentation.ts (File "" for none).
	proxy, instrumentation bundler.Hook
	// preload, when set (Options.Preload), are the routes whose modules
	// each worker loads before it serves.
	preload []bundler.Route
	// onBroken replaces a worker whose runtime is unusable (see Check).
	onBroken func(w *worker, reason string)
}

func newWorker(id int, cfg *shared) (*worker, error) {
	w := &worker{
		id:          id,
		rt:          goja.New(),
		log:         cfg.logger.With("worker", id),
		wake:        make(chan struct{}, 1),
		done:        make(chan struct{}),
		exchanges:   map[int64]*exchange{},
		rejections:  map[*goja.Promise]struct{}{},
		registered:  make(chan struct{}),
		names:       webapi.JSStrings{},
		lazyExports: map[string]goja.Value{},
		lazyRunning: map[string]*goja.Object{},
		chunks:      map[string]*chunkModule{},
		modules:     cfg.modules,
		onBroken:    cfg.onBroken,
		goModules:   map[string]*goja.Object{},
	}
	w.rt.SetMaxCallStackSize(maxCallDepth)
	host := w.rt.NewObject()
	w.installHost(host, cfg)
	w.bridge = append(w.bridge, host)
	for _, k := range host.Keys() {
		// What the host only carries to the runtime to hand out (Buffer,
		// process.env's object) is public; its functions are not.
		if _, fn := goja.AssertFunction(host.Get(k)); fn && k != "Buffer" {
			w.bridge = append(w.bridge, host.Get(k))
		}
	}
	w.rt.SetPromiseRejectionTracker(func(p *goja.Promise, op goja.PromiseRejectionOperation) {
		if op == goja.PromiseRejectionReject {
			w.rejections[p] = struct{}{}
		} else {
			delete(w.rejections, p)
		}
	})
	if err := w.guard(func() error { return w.runPrograms(cfg, host) }); err != nil {
		return nil, fmt.Errorf("starting the app: %s", errorText(err))
	}
	if w.js.dispatch == nil {
		return nil, fmt.Errorf("starting the app: the runtime did not register its dispatcher")
	}
	w.reportRejections()
	go w.run()
	// The routes are registered once next.config has settled, which an
	// async config may take a few turns of the loop to do.
	select {
	case <-w.registered:
	case <-time.After(startTimeout):
		w.close()
		return nil, fmt.Errorf("starting the app: next.config did not settle within %v", startTimeout)
	}
	if w.startErr != nil {
		w.close()
		return nil, w.startErr
	}
	if cfg.instrumentation.File != "" {
		// Next.js awaits register() once per process, before the first
		// request; here each worker is a runtime of its own (its globals,
		// its module instances), so each registers before it serves.
		if err := w.ask(context.Background(), startTimeout, w.js.instrument, func(goja.Value) error { return nil }); err != nil {
			w.close()
			return nil, fmt.Errorf("%s: register() failed: %w", cfg.instrumentation.File, err)
		}
	}
	if cfg.preload != nil {
		files := make([]string, len(cfg.preload))
		for i, r := range cfg.preload {
			files[i] = r.File
		}
		if err := w.preload(context.Background(), files); err != nil {
			w.log.Error("preloading the route modules did not finish", "error", err)
		}
	}
	return w, nil
}

// preloadTimeout bounds how long a worker waits for Options.Preload's
// loading (a module whose top-level await never settles) before serving.
const preloadTimeout = 2 * time.Minute

// runPrograms runs the runtime program with the host bridge, then the
// app's bundle with appRequire (see bundler.Bundle.Code), and hands what
// the bundle exports, its next.config and its route loaders, to the
// runtime.
func (w *worker) runPrograms(cfg *shared, host *goja.Object) error {
	exports, err := w.runModule(cfg.runtime, w.newModule(), host)
	if err != nil {
		return err
	}
	req := exports.ToObject(w.rt).Get("require")
	var ok bool
	if w.js.require, ok = goja.AssertFunction(req); !ok {
		return errors.New("the runtime program exports no require")
	}
	w.bridge = append(w.bridge, req)
	runtime, err := w.js.require(goja.Undefined(), w.rt.ToValue(polyfills.RuntimeModule))
	if err != nil {
		return err
	}
	v, err := w.rt.RunProgram(cfg.program)
	if err != nil {
		return err
	}
	run, ok := goja.AssertFunction(v)
	if !ok {
		return errors.New("the bundle is not a function of require: build the app again with this jsroutes")
	}
	// The bundle hands its next.config and route loaders to register
	// (see bundler's entry), once what it imports at its top has run (an
	// async function: next.config's imports may await).
	rtm := runtime.ToObject(w.rt)
	register := func(call goja.FunctionCall) goja.Value {
		app := call.Argument(0).ToObject(w.rt)
		if config := app.Get("nextConfig"); config != nil && !goja.IsUndefined(config) {
			if _, err := callable(rtm.Get("applyNextConfig"))(goja.Undefined(), config); err != nil {
				w.throw(err)
			}
		}
		loaders, files, metadata := app.Get("routes"), app.Get("files"), app.Get("metadata")
		if cfg.chunks != nil {
			loaders, files, metadata = w.chunkLoaders(cfg)
		}
		if _, err := callable(rtm.Get("registerRoutes"))(goja.Undefined(), loaders, files, metadata); err != nil {
			w.throw(err)
		}
		hooks := [2]goja.Value{goja.Null(), goja.Null()}
		for i, h := range []bundler.Hook{cfg.proxy, cfg.instrumentation} {
			switch {
			case h.File == "":
			case cfg.chunks != nil:
				chunk := h.Chunk
				hooks[i] = w.rt.ToValue(func(goja.FunctionCall) goja.Value { return w.requireChunk(cfg.chunks, chunk) })
			default:
				hooks[i] = app.Get([]string{"proxy", "instrumentation"}[i])
			}
		}
		if _, err := callable(rtm.Get("registerHooks"))(goja.Undefined(), hooks[0], w.rt.ToValue(cfg.proxy.File), hooks[1]); err != nil {
			w.throw(err)
		}
		return goja.Undefined()
	}
	started, err := run(goja.Undefined(), w.rt.ToValue(w.appRequire), w.rt.ToValue(register))
	if err != nil {
		return err
	}
	_, err = callable(rtm.Get("appStarted"))(goja.Undefined(), started)
	return err
}

// appRequire is the require an app's bundle runs with: it returns the
// public modules of the runtime (next/server, node:crypto, …, see
// polyfills.Public) and the Go modules, and nothing else, so that route
// code, which can call it as require(…), cannot reach the host bridge,
// the runtime's request table or another request through it.
func (w *worker) appRequire(call goja.FunctionCall) goja.Value {
	spec := call.Argument(0).String()
	if name, ok := strings.CutPrefix(spec, bundler.GoModulePrefix); ok {
		m, err := w.goModule(name)
		if err != nil {
			w.throw(err)
		}
		return m
	}
	if file, ok := strings.CutPrefix(spec, polyfills.Namespace+":"); ok && polyfills.Public(file) {
		m, err := w.js.require(goja.Undefined(), w.rt.ToValue(spec))
		if err != nil {
			w.throw(err)
		}
		return m
	}
	err, _ := w.rt.New(w.rt.Get("Error"), w.rt.ToValue("Cannot find module '"+spec+"'"))
	if err == nil {
		panic(w.rt.NewTypeError("Cannot find module '" + spec + "'"))
	}
	must(err.Set("code", "MODULE_NOT_FOUND"))
	panic(err)
}

// maxCallDepth bounds the JS call stack. Without a bound, endless
// recursion grew a worker to ~1 GB before the heap guard stopped it, and
// recursion through a native callback ([1].map(f), toJSON, a getter that
// loads a module) grew the Go stack until the process died. V8 stops
// simple recursion near 10,800 frames; every JS→Go→JS path pushes frames
// here, so the Go stack stays small (~30 MB at this depth through map).
// Past it, a RangeError route code can catch (internal/goja/PATCHES.md).
const maxCallDepth = 10000

// startTimeout bounds how long an app's start-up (next.config) may take.
const startTimeout = 10 * time.Second

func (w *worker) installHost(host *goja.Object, cfg *shared) {
	rt := w.rt
	w.platform = webapi.Install(rt, host, w, webapi.Options{
		Root:                cfg.root,
		HeapLimit:           cfg.heapLimit,
		Client:              cfg.client,
		FetchTimeout:        cfg.fetchTimeout,
		Wasm:                cfg.wasm,
		WasmUninterruptible: cfg.wasmUninterruptible,
		RequestContext: func(handle int64) context.Context {
			if ex := w.exchanges[handle]; ex != nil {
				return ex.r.Context()
			}
			return context.Background()
		},
		Logger: w.log,
		OnTimerError: func(err error) {
			w.log.Error("uncaught exception in a timer callback", "error", errorText(err))
		},
	})
	w.set(host, "loadLazy", func(call goja.FunctionCall) goja.Value {
		exports, err := w.loadLazy(cfg.lazy, call.Argument(0).String())
		if err != nil {
			w.throw(err)
		}
		return exports
	})
	// nodeBuiltin(name): the namespace of the Node.js built-in module name
	// as route code imports it (node:module's createRequire), or undefined
	// for one jsroutes does not provide.
	w.set(host, "nodeBuiltin", func(call goja.FunctionCall) goja.Value {
		spec, ok := polyfills.NodeBuiltin(call.Argument(0).String())
		if !ok {
			return goja.Undefined()
		}
		m, err := w.js.require(goja.Undefined(), rt.ToValue(spec))
		if err != nil {
			w.throw(err)
		}
		return m
	})
	// promiseState and promiseResult read a promise as Go does (see
	// start): reading a rejected one's state counts as handling it.
	pending, fulfilled, rejected := rt.ToValue("pending"), rt.ToValue("fulfilled"), rt.ToValue("rejected")
	w.set(host, "promiseState", func(call goja.FunctionCall) goja.Value {
		p, _ := call.Argument(0).Export().(*goja.Promise)
		switch {
		case p == nil:
			panic(rt.NewTypeError("not a promise"))
		case p.State() == goja.PromiseStatePending:
			return pending
		case p.State() == goja.PromiseStateFulfilled:
			return fulfilled
		}
		delete(w.rejections, p)
		return rejected
	})
	w.set(host, "promiseResult", func(call goja.FunctionCall) goja.Value {
		p, _ := call.Argument(0).Export().(*goja.Promise)
		if p == nil {
			panic(rt.NewTypeError("not a promise"))
		}
		return p.Result()
	})
	w.set(host, "lazyLoaded", func(call goja.FunctionCall) goja.Value {
		_, ok := w.lazyExports[call.Argument(0).String()]
		return w.rt.ToValue(ok)
	})
	// requireLazy is the runtime program's require for a lazy module's
	// file, by specifier ("jsroutes:node/buffer.js").
	w.set(host, "requireLazy", func(call goja.FunctionCall) goja.Value {
		spec := call.Argument(0).String()
		name, ok := polyfills.LazyModuleOf(strings.TrimPrefix(spec, polyfills.Namespace+":"))
		if !ok {
			panic(w.rt.NewGoError(fmt.Errorf("the runtime has no module %s: build the app again with this jsroutes", spec)))
		}
		exports, err := w.loadLazy(cfg.lazy, name)
		if err != nil {
			w.throw(err)
		}
		return exports
	})

	env := rt.NewObject()
	for k, v := range cfg.env {
		_ = env.Set(k, v)
	}
	must(host.Set("env", env))
	must(host.Set("cwd", cfg.root))
	must(host.Set("pid", os.Getpid()))
	must(host.Set("version", cfg.version))
	must(host.Set("previewModeId", cfg.previewModeID))
	must(host.Set("memoryUsage", func() goja.Value {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return rt.NewArray(m.Sys, m.HeapSys, m.HeapAlloc)
	}))
	must(host.Set("register", func(fns *goja.Object) {
		w.js.dispatch = w.callable(fns.Get("dispatch"))
		w.js.settle = w.callable(fns.Get("settle"))
		w.js.wait = w.callable(fns.Get("wait"))
		w.js.handled = fns.Get("handled")
		w.js.pull = w.callable(fns.Get("pull"))
		w.js.cancel = w.callable(fns.Get("cancel"))
		w.js.finished = w.callable(fns.Get("finished"))
		w.js.staticParams = w.callable(fns.Get("staticParams"))
		w.js.describe = w.callable(fns.Get("describe"))
		w.js.preload = w.callable(fns.Get("preload"))
		w.js.describeProxy = w.callable(fns.Get("describeProxy"))
		w.js.instrument = w.callable(fns.Get("instrument"))
	}))
	w.set(host, "afterBegin", func(goja.FunctionCall) goja.Value {
		w.afterRun.Add(1)
		return goja.Undefined()
	})
	w.set(host, "afterEnd", func(goja.FunctionCall) goja.Value {
		w.afterRun.Add(-1)
		return goja.Undefined()
	})
	must(host.Set("configError", func(err goja.Value) {
		w.startErr = &configError{fmt.Errorf("next.config: %s", errorText(err))}
		close(w.registered)
	}))
	must(host.Set("startError", func(err goja.Value) {
		// What the bundle runs at its top is next.config and its imports.
		w.startErr = &configError{fmt.Errorf("%s", errorText(err))}
		close(w.registered)
	}))
	must(host.Set("routes", func(config map[string]any) {
		w.nextConfig = config
		close(w.registered)
	}))
	w.installExchange(host)
	w.installCache(host, cfg.cache)
}

// configError is next.config failing when a worker runs it: the server
// may run the bundle's ConfigFallback instead (see start).
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

func callable(v goja.Value) goja.Callable {
	fn, ok := goja.AssertFunction(v)
	if !ok {
		panic("jsrt: the runtime registered a non-function")
	}
	return fn
}

// callable is the package's callable for the functions the loop calls
// into the runtime through: their errors go through Check.
func (w *worker) callable(v goja.Value) goja.Callable {
	fn := callable(v)
	return func(this goja.Value, args ...goja.Value) (goja.Value, error) {
		res, err := fn(this, args...)
		return res, w.Check(err)
	}
}

// throw raises err in JS from a host function: a JS exception as it was
// thrown (a lazy module's TypeError stays a TypeError), an uncatchable one
// as it is (after Check), anything else as a GoError.
func (w *worker) throw(err error) {
	var overflow *goja.StackOverflowError
	var interrupt *goja.InterruptedError
	var ex *goja.Exception
	switch {
	case errors.As(err, &overflow):
		panic(w.Check(overflow))
	case errors.As(err, &interrupt):
		panic(interrupt)
	case errors.As(err, &ex):
		panic(ex)
	}
	panic(w.rt.NewGoError(err))
}

// Check implements webapi.Loop: it sees the error of every call from Go
// into JS. goja's own stack overflow (maxCallDepth) is uncatchable, and
// one inside a promise job leaves the runtime running no more jobs (goja
// keeps a frame of the job that unwound), so that every later await of
// every request would hang: the worker is replaced, as a runaway one is.
// The goja jsroutes builds with throws a catchable RangeError instead
// (internal/goja/PATCHES.md), so this is for a goja without that patch.
// Now is when the loop's running job started: timers are due relative to
// it, as Node's are relative to the loop's cached time (uv_now), so timers
// set in one run of code keep their order however long that run takes
// (setInterval(f, 5) then setTimeout(g, 1) runs g first even when the two
// calls are 5 ms apart on a loaded machine).
func (w *worker) Now() time.Time {
	if w.jobTime.IsZero() {
		return time.Now()
	}
	return w.jobTime
}

func (w *worker) Check(err error) error {
	var overflow *goja.StackOverflowError
	if errors.As(err, &overflow) && w.broken.CompareAndSwap(false, true) && w.onBroken != nil {
		go w.onBroken(w, reasonStackOverflow)
	}
	return err
}

// set adds a host function to the bridge object, wrapped so that a Go panic
// in it becomes a JS error (webapi.Safe).
func (w *worker) set(host *goja.Object, name string, fn func(goja.FunctionCall) goja.Value) {
	must(host.Set(name, webapi.Safe(w.rt, name, fn)))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// Enqueue implements webapi.Loop.
func (w *worker) Enqueue(f func()) {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return
	}
	w.queue = append(w.queue, f)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *worker) run() {
	defer close(w.done)
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && !w.closed && w.urgent.Load() == nil {
			w.mu.Unlock()
			<-w.wake
			w.mu.Lock()
		}
		if w.closed {
			w.mu.Unlock()
			w.platform.Stop()
			return
		}
		jobs := w.queue
		w.queue = w.spare[:0]
		w.mu.Unlock()
		if w.runUrgent() {
			continue // abandoned: what was queued belongs to it
		}
		for i, job := range jobs {
			if w.runUrgent() {
				break
			}
			w.jobTime = time.Now()
			w.jobStart.Store(w.jobTime.UnixNano())
			w.runJob(job)
			if len(w.waiting) > 0 {
				w.runJob(w.pollWaiting)
			}
			w.jobStart.Store(0)
			jobs[i] = nil
		}
		w.spare = jobs
		w.reportRejections()
		// Let the goroutines this batch woke (responses to write, requests
		// just read) run before the next batch, so that under load no
		// connection waits behind a loop that never lets go.
		runtime.Gosched()
	}
}

// urge makes f the loop's next job, before any queued one (see urgent).
func (w *worker) urge(f func()) {
	w.urgent.Store(&f)
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// runUrgent runs the urgent job, if there is one, and says whether it ran.
func (w *worker) runUrgent() bool {
	f := w.urgent.Swap(nil)
	if f == nil {
		return false
	}
	w.runJob(*f)
	return true
}

// runJob runs one of the loop's jobs. A Go panic that escaped it (host
// functions turn theirs into JS errors: this is goja's own, or the
// runtime's) unwound the VM mid-instruction, so the worker is replaced
// and the requests it holds are answered at once: when WPT's streaming
// decoder test made goja's parser panic inside eval, the request was
// left to its time limit (two minutes) and the runtime kept serving.
func (w *worker) runJob(job func()) {
	if err := w.guard(func() error { job(); return nil }); err != nil {
		w.log.Error("internal error in a worker job", "error", err)
		if w.broken.CompareAndSwap(false, true) && w.onBroken != nil {
			go w.onBroken(w, reasonPanic)
		}
	}
}

// guard runs f, turning a Go panic that escaped a host function into an
// error so that one bad request cannot take the process down.
func (w *worker) guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return f()
}

// reportRejections logs promises rejected with no handler by the end of a
// turn of the loop, as Node reports unhandled rejections.
func (w *worker) reportRejections() {
	for p := range w.rejections {
		delete(w.rejections, p)
		w.log.Error("unhandled promise rejection", "error", errorText(p.Result()))
	}
}

// drain waits until the jobs queued so far have run (so the after()
// callbacks of answered requests have started) and those callbacks are done.
func (w *worker) drain(ctx context.Context) error {
	barrier := make(chan struct{})
	w.Enqueue(func() { close(barrier) })
	select {
	case <-barrier:
	case <-w.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	for w.afterRun.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.done:
			return nil
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

// busyFor says how long the running job has run (0 when idle): a worker
// stuck in one job is running code that does not yield.
func (w *worker) busyFor() time.Duration {
	start := w.jobStart.Load()
	if start == 0 {
		return 0
	}
	return time.Since(time.Unix(0, start))
}

// abandon stops a worker that is stuck: the running JS is interrupted, and
// every request the worker still holds is answered 503 (a stream in
// progress is cut) rather than left hanging. Then the worker closes.
func (w *worker) abandon(reason string) {
	w.rt.Interrupt("jsroutes: " + reason)
	w.platform.Interrupt() // and the WebAssembly it may be in
	w.urge(func() {
		w.rt.ClearInterrupt()
		for _, ex := range w.exchanges {
			if !ex.settled {
				ex.unavailable = true
				w.settle(ex, false)
			} else if ex.stream {
				select {
				case ex.chunks <- chunk{err: true}:
				default:
				}
			}
			w.forget(ex)
		}
		w.close()
	})
}

// retireWhenIdle closes a recycled worker once its last request is done.
func (w *worker) retireWhenIdle() {
	w.retiring.Store(true)
	w.Enqueue(w.closeIfIdle)
}

// closeIfIdle runs on the loop whenever a request lets go of the worker.
func (w *worker) closeIfIdle() {
	if w.retiring.Load() && len(w.exchanges) == 0 {
		w.close()
	}
}

// close stops the loop after the jobs already queued. It does not wait.
// unusable says whether new requests must wait for this worker's
// replacement: its runtime is broken, or it has served its quota.
func (w *worker) unusable() bool { return w.broken.Load() || w.spent.Load() }

func (w *worker) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// errorText renders a JS exception or value with its (source-mapped) stack.
func errorText(v any) string {
	switch e := v.(type) {
	case *goja.StackOverflowError:
		// goja's is uncatchable and has no value: say what V8 would.
		var b bytes.Buffer
		b.WriteString("RangeError: Maximum call stack size exceeded")
		for i, f := range e.Stack() {
			if i == 10 {
				b.WriteString("\n    …")
				break
			}
			b.WriteString("\n    at ")
			f.Write(&b)
		}
		return appFrames(b.String())
	case *goja.Exception:
		return exceptionText(e.Value(), e.String())
	case goja.Value:
		return exceptionText(e, "")
	case error:
		return e.Error()
	}
	return fmt.Sprint(v)
}

func exceptionText(v goja.Value, fallback string) string {
	if obj, ok := v.(*goja.Object); ok {
		if stack := obj.Get("stack"); stack != nil && !goja.IsUndefined(stack) && stack.String() != "" {
			return appFrames(stack.String()) + causeText(obj, 0)
		}
	}
	if fallback != "" {
		return fallback
	}
	if v == nil {
		return "undefined"
	}
	return v.String()
}

// causeText renders an error's cause chain as Node prints it ("[cause]:
// …"): "TypeError: fetch failed" says little without the lookup or
// connection error under it.
func causeText(obj *goja.Object, depth int) string {
	cause, ok := obj.Get("cause").(*goja.Object)
	if !ok || depth >= 3 {
		return ""
	}
	text := cause.String()
	if stack := cause.Get("stack"); stack != nil && !goja.IsUndefined(stack) && stack.String() != "" {
		text = appFrames(stack.String())
	} else if msg := cause.Get("message"); msg != nil && !goja.IsUndefined(msg) {
		text = msg.String()
	}
	return "\n  [cause]: " + strings.ReplaceAll(text, "\n", "\n  ") + causeText(cause, depth+1)
}

// appFrames drops the runtime's own frames (jsroutes:…) from a stack trace,
// so that what is logged points at the app's files.
func appFrames(stack string) string {
	lines := strings.Split(strings.TrimRight(stack, "\n"), "\n")
	out := lines[:1]
	for _, l := range lines[1:] {
		if !strings.Contains(l, "jsroutes:") {
			out = append(out, l)
		}
	}
	if len(out) == 1 && len(lines) > 1 {
		out = append(out, lines[1]) // keep one frame when the error is the runtime's own
	}
	return strings.Join(out, "\n")
}
