// Package jsrt runs Next.js App Router route handlers (app/**/route.ts) in
// Go. New bundles an app and starts a pool of JavaScript workers; the
// returned Handler is an http.Handler that serves every route with the
// behaviour of `next start`.
//
// Each worker is a goja runtime with its own event loop. A request is
// dispatched to the least-loaded worker and runs there to completion,
// interleaved with the worker's other requests at every await, as in one
// Node.js process; module-level state is per worker.
package jsrt

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/go-sourcemap/sourcemap"
	"github.com/jsroutes/jsroutes/bundler"
	"github.com/jsroutes/jsroutes/jsrt/internal/cache"
	"github.com/jsroutes/jsroutes/jsrt/internal/plan"
	"github.com/jsroutes/jsroutes/polyfills"
	"github.com/jsroutes/jsroutes/webapi"
	"golang.org/x/sync/singleflight"
)

// Version is the jsroutes version, reported by the CLI and process.versions.
const Version = "0.1.0"

// Options configures a Handler.
type Options struct {
	// Dir is the app directory, a project root that holds app/ or src/app/,
	// or a prebuilt bundle written by Build (`jsroutes build`), which starts
	// without bundling.
	Dir string
	// Workers is the number of JavaScript workers; 0 means one per CPU.
	Workers int
	// Logger receives access errors, route errors and console output.
	// Nil means slog.Default().
	Logger *slog.Logger
	// Env adds to (and overrides) the environment that route code sees in
	// process.env, which otherwise is the process environment plus the
	// app's .env files, as under `next start`.
	Env map[string]string
	// HTTPClient is the client that fetch() uses. Nil means a client with
	// Go's default transport. Tests point it at a local upstream.
	HTTPClient *http.Client
	// FetchTimeout bounds a fetch()'s wait for its response's headers, and
	// each wait for more of its body, as undici's headersTimeout and
	// bodyTimeout do: past it the fetch fails (a TypeError whose cause's
	// code is UND_ERR_HEADERS_TIMEOUT or UND_ERR_BODY_TIMEOUT) instead of
	// waiting forever on an upstream that never answers. 0 means undici's
	// 300 s; negative, no bound.
	FetchTimeout time.Duration
	// WasmUninterruptible compiles WebAssembly without the checks that let
	// RequestTimeout and the heap guard stop a wasm function: wasm loops
	// run up to 12× faster (an OG image's PNG encoding: 400 ms → 33 ms),
	// but a wasm function that never returns keeps a CPU busy until the
	// process ends (its worker is replaced). For apps whose wasm is trusted
	// to finish, such as next/og's.
	WasmUninterruptible bool
	// RequestTimeout bounds how long a handler may run, streaming included;
	// a route's `export const maxDuration` (seconds) overrides it. A handler
	// still running then is answered with 504 (or, mid-stream, the
	// connection is cut) and its request's signal aborts. 0 means no bound.
	RequestTimeout time.Duration
	// MaxBodySize bounds request bodies, in bytes: a larger one is answered
	// with 413 before the handler runs (by its Content-Length) or fails the
	// body read (when it arrives chunked). 0 means no bound, as in Next.js.
	MaxBodySize int64
	// Modules are Go values and functions route files import from
	// "go:<name>" (see Module).
	Modules map[string]Module
	// AccessLog logs one line per request: method, path, status, bytes,
	// duration, worker and route.
	AccessLog bool
	// StrictNextConfig refuses to start when next.config cannot be built
	// or run with the packages it imports. By default those (the plugin
	// wrappers real configs use: withSentryConfig, withContentlayer, …)
	// are replaced by stand-ins that hand the config back unchanged, with
	// a warning naming them, and the app runs with what its config itself
	// sets (basePath, headers, redirects, rewrites, env).
	StrictNextConfig bool
	// MaxRequestsPerWorker recycles a worker after this many requests: a
	// fresh one takes new requests while the old finishes its own. It bounds
	// what module state and leaks in route code can grow to. 0: never.
	MaxRequestsPerWorker int64
	// MaxHeapBytes is the heap size past which a worker busy in one long job
	// is stopped (interrupted and replaced; its requests get 503/504), so a
	// handler allocating without bound does not take the process down. The
	// heap is sampled every 20 ms; see the README for what it can and
	// cannot catch. 0: no limit.
	MaxHeapBytes uint64
	// EnvAllowList, when not nil, limits process.env to these names (the
	// values still come from the process environment, .env files and Env),
	// for services that must not hand their secrets to route code.
	// NODE_ENV and NEXT_RUNTIME, which Next.js sets, stay.
	EnvAllowList []string
	// CacheMaxBytes bounds the in-memory cache of static and ISR route
	// responses, fetch data and unstable_cache results (least recently used
	// entries go first). 0 means 64 MiB. Unused when RedisURL is set.
	CacheMaxBytes int64
	// RedisURL (redis://[user:password@]host:port/db) keeps the cache in
	// Redis instead, so that every instance pointed at one server shares
	// cached responses and sees each other's revalidatePath/revalidateTag.
	RedisURL string
	// RedisPrefix starts every key jsroutes writes to Redis; "" means
	// "jsroutes:". Apps sharing one Redis server need different prefixes.
	RedisPrefix string
	// Dev serves as `next dev` does: nothing is prerendered and static or
	// ISR route handlers run on every request, so an edit shows at once.
	// The data cache (fetch, unstable_cache) still works, as in next dev.
	Dev bool
	// Preload runs every route's module in every worker at start, as
	// jsroutes did before modules loaded lazily: no request pays for its
	// route's first load, at the cost of start-up time and of memory in
	// every worker for routes it may never serve. Without it, a route's
	// module (and what it imports) runs in a worker on the first request
	// there that needs it, as under `next start`.
	Preload bool
}

// BuildOptions says what Build builds.
type BuildOptions struct {
	// Dir is the app directory or a project root holding app/ or src/app/.
	Dir string
	// Out is the directory to write the prebuilt bundle to.
	Out string
	// Modules are the Go modules the app imports; the service that serves
	// the bundle must register the same ones.
	Modules map[string]Module
	// Logger receives what the prerendered routes log. Nil means
	// slog.Default().
	Logger *slog.Logger
	// StrictNextConfig: see Options.StrictNextConfig.
	StrictNextConfig bool
}

// Build bundles an app into a directory that New (and `jsroutes serve`)
// runs without esbuild, the app's sources or its node_modules: the fast
// cold start for deployments. It prerenders as next build does, and
// returns the route table.
func Build(ctx context.Context, opts BuildOptions) ([]Route, error) {
	if err := checkModules(opts.Modules); err != nil {
		return nil, err
	}
	b, err := buildApp(ctx, opts.Dir, opts.Modules, opts.StrictNextConfig)
	if err != nil {
		return nil, err
	}
	if err := b.Write(opts.Out); err != nil {
		return nil, err
	}
	// Prerender from the bundle in memory, with a private cache, and keep
	// what it made beside the bundle.
	a, err := compileApp(b, "")
	if err != nil {
		return nil, err
	}
	store := cache.NewMemory(math.MaxInt64)
	h, err := start(ctx, a, Options{Workers: 1, Modules: opts.Modules, Logger: opts.Logger, StrictNextConfig: opts.StrictNextConfig}, store)
	if err != nil {
		return nil, fmt.Errorf("prerendering: %w", err)
	}
	defer h.Close()
	if err := writePrerendered(opts.Out, store); err != nil {
		return nil, err
	}
	return h.Routes(), nil
}

// InspectOptions says what Inspect reads.
type InspectOptions struct {
	// Dir is the app directory, a project root, or a prebuilt bundle.
	Dir string
	// Modules are the Go modules the app imports.
	Modules map[string]Module
	// Logger receives what the few route modules Inspect must load log.
	// Nil means slog.Default().
	Logger *slog.Logger
}

// App is what Inspect reports of an app.
type App struct {
	Routes []Route
	// Proxy is the app's proxy.ts (or middleware.ts); nil when it has none.
	Proxy *Proxy
}

// Proxy describes an app's proxy.
type Proxy struct {
	// File is the proxy file relative to the project root.
	File string
	// Matcher lists its config.matcher sources ("/:path*" when it has none:
	// every path).
	Matcher []string
	// Runtime is "nodejs" (the default) or "edge", as its config says.
	Runtime string
}

// Inspect returns an app's route table and proxy without serving it: what
// each route exports comes from the build, which reads it without running
// the module, so no route module runs but those whose segment config is
// not a literal (loaded, in one worker, to read it), and the proxy's,
// whose matcher is read by running it. `jsroutes routes` prints it.
func Inspect(ctx context.Context, opts InspectOptions) (*App, error) {
	if err := checkModules(opts.Modules); err != nil {
		return nil, err
	}
	a, err := loadApp(ctx, opts.Dir, opts.Modules, false)
	if err != nil {
		return nil, err
	}
	a.inspect = true
	h, err := start(ctx, a, Options{Workers: 1, Modules: opts.Modules, Logger: opts.Logger}, cache.NewMemory(0))
	if err != nil {
		return nil, err
	}
	defer h.Close()
	return &App{Routes: h.Routes(), Proxy: h.Proxy()}, nil
}

// Handler serves an app's routes. It is safe for concurrent use.
type Handler struct {
	log    *slog.Logger
	bundle *bundler.Bundle
	routes []Route
	// plan decides what each request gets before any worker is involved
	// (plan.go); planRoutes and prerender fill it at start-up.
	planner *plan.Planner
	// exports are what each route's module exports (see planRoutes).
	exports []routeExports
	// lifetimes are, per route, how long its cached entries live in
	// seconds (0: until revalidated); the planner knows whether it is cached.
	lifetimes []int64
	// modes are, per route, how its generations run the handler
	// (prerenderAsIs, …); dynamic marks the cached routes a generation
	// found dynamic (request data, uncached IO): served per request since.
	modes   []int
	dynamic []atomic.Bool
	// proxy is the app's proxy.ts, when it has one (see proxy.go).
	proxy   *proxyInfo
	timeout time.Duration
	// previewModeID is this start's draft-mode id (Next makes one per build).
	previewModeID string
	maxBody       int64
	accessLog     bool
	pool          *pool

	// cache holds cached route responses and data; generating runs one
	// generation per cache key at a time.
	cache cache.Store
	// wasm is the WebAssembly compiled for the workers (closed with them).
	wasm       *webapi.WasmEngine
	generating singleflight.Group
	// dev: no route cache (Options.Dev).
	dev bool

	inflight sync.WaitGroup
	closing  atomic.Bool
	closeMu  sync.Once
}

// Route describes one route of a running app.
type Route struct {
	// Pattern is the URL pattern, e.g. "/blog/[slug]".
	Pattern string
	// File is the route file relative to the project root.
	File string
	// Methods are the HTTP methods the file exports, in the order GET, HEAD,
	// OPTIONS, POST, PUT, DELETE, PATCH.
	Methods []string
	// Config holds the segment config the file exports (dynamic, revalidate …).
	Config map[string]any
	// Bytes is the route's share of the bundle: the bytes of the modules
	// its file pulls in (a module several routes import counts in each).
	Bytes int
}

// New builds the app in opts.Dir (or loads it, when Dir is a prebuilt
// bundle) and starts its workers.
func New(ctx context.Context, opts Options) (*Handler, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	if err := checkModules(opts.Modules); err != nil {
		return nil, err
	}
	a, err := loadApp(ctx, opts.Dir, opts.Modules, opts.StrictNextConfig)
	if err != nil {
		return nil, err
	}
	store, err := openCache(ctx, opts, log)
	if err != nil {
		return nil, err
	}
	h, err := start(ctx, a, opts, store)
	if err != nil {
		_ = store.Close()
	}
	return h, err
}

// app is an app ready to start: its bundle, and the programs every worker
// runs (the runtime program, then the bundle), compiled once.
type app struct {
	bundle   *bundler.Bundle
	runtime  *goja.Program
	program  *goja.Program
	prebuilt string // the prebuilt bundle's directory, whose prerendered responses load at start
	inspect  bool   // only the route table is wanted (Inspect): nothing is prerendered
	chunks   *scripts
}

// loadApp is start-up's first two phases: build the app (or load a
// prebuilt bundle), and compile it with the runtime program, which
// compiles meanwhile.
func loadApp(ctx context.Context, dir string, modules map[string]Module, strictConfig bool) (*app, error) {
	runtimeProg := make(chan compiled, 1)
	go func() {
		p, err := compile(polyfills.Specifier(polyfills.RuntimeScriptFile), polyfills.RuntimeScript())
		runtimeProg <- compiled{p, err}
	}()
	var b *bundler.Bundle
	var err error
	prebuilt := ""
	if bundler.IsPrebuilt(dir) {
		b, err = bundler.Load(dir)
		prebuilt = dir
	} else {
		b, err = buildApp(ctx, dir, modules, strictConfig)
	}
	rp := <-runtimeProg
	if err != nil {
		return nil, err
	}
	return finishCompile(b, prebuilt, rp)
}

// buildApp bundles the app in dir. What esbuild held is garbage once it
// returns, and Go keeps freed memory for a while: it is handed back to the
// system at once, in the background (an 800-route app's build otherwise
// left ~600 MiB of RSS behind a server that needs ~40).
func buildApp(ctx context.Context, dir string, modules map[string]Module, strictConfig bool) (*bundler.Bundle, error) {
	b, err := bundler.Build(ctx, bundler.Options{Dir: dir, GoModules: moduleExports(modules), StrictNextConfig: strictConfig})
	if err != nil {
		return nil, buildError(err)
	}
	go debug.FreeOSMemory()
	return b, nil
}

// compiled is a program compiled in the background.
type compiled struct {
	prog *goja.Program
	err  error
}

// compileApp compiles a bundle in memory with the runtime program.
func compileApp(b *bundler.Bundle, prebuilt string) (*app, error) {
	p, err := compile(polyfills.Specifier(polyfills.RuntimeScriptFile), polyfills.RuntimeScript())
	return finishCompile(b, prebuilt, compiled{p, err})
}

func finishCompile(b *bundler.Bundle, prebuilt string, rp compiled) (*app, error) {
	if rp.err != nil {
		return nil, fmt.Errorf("the runtime: %w", rp.err)
	}
	program, err := compile("bundle.js", b.Code)
	if err != nil {
		return nil, err
	}
	a := &app{bundle: b, runtime: rp.prog, program: program, prebuilt: prebuilt}
	if b.Chunks != nil {
		a.chunks = newChunkPrograms(b)
	}
	return a, nil
}

// start is start-up's last three phases: the pool of workers, each running
// the app; the route plan (what each route exports, its segment config
// checked, next.config parsed, how each meets the cache); and prerendering.
// The Handler it returns owns store.
func start(ctx context.Context, a *app, opts Options, store cache.Store) (*Handler, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	b := a.bundle
	for _, w := range b.Warnings {
		file := w.File
		if w.Line > 0 {
			file = fmt.Sprintf("%s:%d", w.File, w.Line)
		}
		log.Warn(w.Text, "file", file)
	}
	n := opts.Workers
	if n <= 0 {
		n = runtime.NumCPU()
	}
	client := opts.HTTPClient
	if client == nil {
		client = defaultClient()
	}
	cfg := &shared{
		runtime:             a.runtime,
		program:             a.program,
		env:                 processEnv(b.Env, opts.Env),
		logger:              log,
		previewModeID:       randomHex(16),
		version:             Version,
		client:              client,
		modules:             opts.Modules,
		cache:               store,
		lazy:                newLazyModules(),
		heapLimit:           opts.MaxHeapBytes,
		fetchTimeout:        opts.FetchTimeout,
		wasm:                webapi.NewWasmEngine(),
		wasmUninterruptible: opts.WasmUninterruptible,
	}
	if opts.Preload {
		cfg.preload = b.Routes
	}
	if b.Chunks != nil {
		cfg.chunks, cfg.routes = a.chunks, b.Routes
	}
	cfg.proxy, cfg.instrumentation = b.Proxy, b.Instrumentation
	cfg.root = b.DataDir()
	switch {
	case cfg.fetchTimeout == 0:
		cfg.fetchTimeout = defaultFetchTimeout
	case cfg.fetchTimeout < 0:
		cfg.fetchTimeout = 0
	}
	if opts.EnvAllowList != nil {
		cfg.env = allowEnv(cfg.env, opts.EnvAllowList)
	}
	h := &Handler{log: log, bundle: b, timeout: opts.RequestTimeout, previewModeID: cfg.previewModeID,
		maxBody: opts.MaxBodySize, accessLog: opts.AccessLog, cache: store, dev: opts.Dev, wasm: cfg.wasm}
	var err error
	h.pool, err = newPool(cfg, n, opts.MaxRequestsPerWorker, opts.MaxHeapBytes)
	var configErr *configError
	if errors.As(err, &configErr) && b.ConfigFallback != "" && !opts.StrictNextConfig {
		// next.config threw with its plugins: run it without them.
		log.Warn(b.ConfigFallbackWarning(err), "file", b.NextConfig)
		if cfg.program, err = compile("bundle.js", b.ConfigFallback); err == nil {
			h.pool, err = newPool(cfg, n, opts.MaxRequestsPerWorker, opts.MaxHeapBytes)
		}
	}
	if err != nil {
		return nil, err
	}
	first := h.pool.list()[0]
	if err := h.planRoutes(ctx, first); err != nil {
		h.Close()
		return nil, err
	}
	if a.prebuilt != "" {
		if err := loadPrerendered(ctx, a.prebuilt, store); err != nil {
			h.Close()
			return nil, err
		}
	}
	if a.inspect {
		return h, nil
	}
	if err := h.prerender(ctx, first); err != nil {
		h.Close()
		return nil, err
	}
	return h, nil
}

// planRoutes settles the route table (methods, segment config, checked),
// next.config's rules, and whether and how long each route is cached, so
// that a request only reads them. What each route exports comes from the
// build, which reads it without running the module (bundler's analyze);
// a route whose exports it could not read (a segment config value that is
// not a literal, an `export *`) is loaded on w to learn them, with a
// warning, since Next.js reads segment config statically.
func (h *Handler) planRoutes(ctx context.Context, w *worker) error {
	b := h.bundle
	config, err := plan.ParseConfig(w.nextConfig)
	if err != nil {
		return problem(b.NextConfig, err.Error())
	}
	if len(b.UseCache) > 0 && !config.UseCache() {
		m := b.UseCache[0]
		return &BuildError{Problems: []Problem{{File: m.File, Line: m.Line, Column: m.Column,
			Text: `To use "use cache", please enable the feature flag ` + "`cacheComponents`" + ` in your Next.js config.`}}}
	}
	if keys := config.CacheHandlers(); len(keys) > 0 {
		h.log.Warn("next.config's cache handlers are not loaded: jsroutes keeps cached responses and 'use cache' entries in its own store (memory, or Redis with --redis)",
			"keys", strings.Join(keys, ", "))
	}
	planned := make([]plan.Route, len(b.Routes))
	h.lifetimes = make([]int64, len(b.Routes))
	h.modes = make([]int, len(b.Routes))
	h.dynamic = make([]atomic.Bool, len(b.Routes))
	h.exports = make([]routeExports, len(b.Routes))
	for i, r := range b.Routes {
		e := routeExports{Methods: r.Methods, Config: r.Config, StaticParams: r.StaticParams}
		if len(r.Unknown) > 0 {
			h.log.Warn("the build could not read what a route exports without running it; it is loaded at start to read it (Next.js reads segment config statically: use literal values)",
				"route", r.File, "exports", strings.Join(r.Unknown, ", "))
			if loaded, err := w.describe(ctx, i); err != nil {
				h.log.Error("loading a route module failed", "route", r.File, "error", err)
			} else {
				e = loaded
			}
		}
		if e.Config == nil {
			e.Config = map[string]any{}
		}
		if err := validateConfig(r.File, e.Config, config.CacheComponents()); err != nil {
			return err
		}
		h.exports[i] = e
		route := Route{Pattern: r.Pattern, File: r.File, Methods: e.Methods, Config: e.Config, Bytes: r.Bytes}
		h.routes = append(h.routes, route)
		seconds, cached, mode := route.cacheLife(e.StaticParams, config.CacheComponents())
		h.lifetimes[i], h.modes[i] = seconds, mode
		planned[i] = plan.Route{Route: r, Methods: route.Methods,
			// A dynamic route is cached only when it exports generateStaticParams.
			Cached:     cached && !h.dev && (!r.HasParams() || e.StaticParams),
			OnlyListed: r.HasParams() && route.Config["dynamicParams"] == false}
	}
	matcher, err := h.planProxy(ctx, w, config)
	if err != nil {
		return err
	}
	h.planner = plan.New(config, planned, h.maxBody, matcher)
	return nil
}

// openCache opens the store Options ask for. Redis goes behind a
// cache.Breaker: when it goes away, routes serve uncached.
func openCache(ctx context.Context, opts Options, log *slog.Logger) (cache.Store, error) {
	if opts.RedisURL == "" {
		return cache.NewMemory(opts.CacheMaxBytes), nil
	}
	prefix := opts.RedisPrefix
	if prefix == "" {
		prefix = "jsroutes:"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	r, err := cache.NewRedis(ctx, opts.RedisURL, prefix)
	if err != nil {
		return nil, err
	}
	return cache.NewBreaker(r, log), nil
}

// compile parses the bundle once; every worker runs the same Program.
func compile(name, code string) (prog *goja.Program, err error) {
	defer func() {
		// goja's parser has panicked on some inputs; report, don't crash.
		if r := recover(); r != nil {
			err = fmt.Errorf("compiling %s: %v", name, r)
		}
	}()
	// The inline source map (half the bundle) is decoded and parsed on
	// another goroutine while the code compiles: a cold start waits for the
	// longer of the two, not their sum.
	source, mapURL, _ := strings.Cut(code, "\n//# sourceMappingURL=")
	maps := make(chan *sourcemap.Consumer, 1)
	go func() {
		defer func() {
			if recover() != nil {
				maps <- nil
			}
		}()
		maps <- inlineSourceMap(name, mapURL)
	}()
	ast, err := goja.Parse(name, source, parser.WithDisableSourceMaps)
	if err != nil {
		<-maps
		return nil, fmt.Errorf("compiling %s: %w", name, err)
	}
	prog, err = goja.CompileAST(ast, false)
	if m := <-maps; m != nil {
		ast.File.SetSourceMap(m) // positions are mapped when a stack is printed
	}
	return prog, err
}

// inlineSourceMap parses a data: URL source map, or returns nil (stacks then
// name bundle positions).
func inlineSourceMap(name, url string) *sourcemap.Consumer {
	_, b64, ok := strings.Cut(strings.TrimSpace(url), "base64,")
	if !ok || !strings.HasPrefix(url, "data:application/json") {
		return nil
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil
	}
	m, err := sourcemap.Parse(name, data)
	if err != nil {
		return nil
	}
	return m
}

// processEnv is what process.env holds: the process environment, then the
// .env files' values for names it does not set, then the caller's overrides.
func processEnv(fromFiles, overrides map[string]string) map[string]string {
	env := map[string]string{}
	for k, v := range fromFiles {
		env[k] = v
	}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	for k, v := range overrides {
		env[k] = v
	}
	env["NODE_ENV"] = "production"
	// What Next.js's server sets for the code it runs; the edge runtime's
	// sandbox says "edge", which jsroutes does not tell apart.
	env["NEXT_RUNTIME"] = "nodejs"
	return env
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Routes returns the route table, sorted by pattern.
func (h *Handler) Routes() []Route {
	out := make([]Route, len(h.routes))
	copy(out, h.routes)
	return out
}

// Proxy describes the app's proxy, or returns nil when it has none.
func (h *Handler) Proxy() *Proxy {
	if h.proxy == nil {
		return nil
	}
	return &Proxy{File: h.proxy.file, Matcher: append([]string(nil), h.proxy.sources...), Runtime: h.proxy.runtime}
}

// Shutdown stops taking requests, waits until the requests in flight have
// been answered (streams included) and their after() callbacks have run, or
// ctx is done, then closes the workers.
func (h *Handler) Shutdown(ctx context.Context) error {
	h.closing.Store(true)
	done := make(chan struct{})
	go func() {
		h.inflight.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
		for _, w := range h.pool.list() {
			if err = w.drain(ctx); err != nil {
				break
			}
		}
	case <-ctx.Done():
		err = ctx.Err()
	}
	h.Close()
	return err
}

// Close stops the workers at once. Requests still running fail.
func (h *Handler) Close() error {
	h.closeMu.Do(func() {
		h.closing.Store(true)
		if h.pool != nil {
			h.pool.close()
		}
		if h.cache != nil {
			_ = h.cache.Close()
		}
		if h.wasm != nil {
			_ = h.wasm.Close()
		}
	})
	return nil
}

// allowEnv keeps only the allowed names (and NODE_ENV, which Next sets).
func allowEnv(env map[string]string, allow []string) map[string]string {
	out := map[string]string{"NODE_ENV": env["NODE_ENV"], "NEXT_RUNTIME": env["NEXT_RUNTIME"]}
	for _, k := range allow {
		if v, ok := env[k]; ok {
			out[k] = v
		}
	}
	return out
}

// defaultFetchTimeout is undici's headersTimeout and bodyTimeout.
const defaultFetchTimeout = 300 * time.Second

// defaultClient is what fetch() uses when the embedder gives no client: Go's
// default transport, but keeping as many idle connections per host as a busy
// route needs (Go keeps 2; Node's fetch keeps all), so that routes calling one
// API do not open a new connection per request.
func defaultClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 0 // no overall limit
	t.MaxIdleConnsPerHost = 1024
	t.IdleConnTimeout = 60 * time.Second
	return &http.Client{Transport: t}
}
