// Command jsroutes serves Next.js App Router route handlers (app/**/route.ts)
// without Node.js.
//
//	jsroutes serve [DIR] [-p PORT] [-H HOST]   serve an app (or a prebuilt bundle)
//	jsroutes dev [DIR]                         serve and rebuild on every change
//	jsroutes build [DIR] [-o OUT]              write a prebuilt bundle
//	jsroutes routes [DIR]                      print the route table
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jsroutes/jsroutes/jsrt"
	"github.com/redis/go-redis/v9"
)

const usage = `jsroutes runs Next.js route handlers (app/**/route.ts) without Node.js.

Usage:
  jsroutes serve  [DIR] [flags]     serve the app in DIR, or a prebuilt bundle (default: .)
  jsroutes dev    [DIR] [flags]     serve, and rebuild whenever a file changes
  jsroutes build  [DIR] [-o OUT]    write a prebuilt bundle to OUT (default: .jsroutes)
  jsroutes routes [DIR]             print the route table
  jsroutes --help | --version

DIR is an app directory, or a project root holding app/ or src/app/.

Run jsroutes COMMAND --help for a command's flags.
`

// serveUsage is serve's and dev's help.
const serveUsage = `Usage: jsroutes %s [DIR] [flags]

%s

Flags:
  -p, --port PORT          port to listen on (default: $PORT or 3000)
  -H, --hostname HOST      address to listen on (default: 0.0.0.0)
      --workers N          JavaScript workers (default: one per CPU)
      --log-format F       text or json (default: text)
      --access-log         log every request (default: on for dev, off for serve)
      --timeout D          bound every handler's run time, e.g. 30s (default: none)
      --headers-timeout D  bound the wait for a request's headers (default: 60s, as Node)
      --request-timeout D  bound the wait for a whole request, body included (default: 300s, as Node)
      --fetch-timeout D    bound fetch()'s wait for headers and for each part of a body
                           (default: 300s, as undici; 0: none)
      --max-body-size N    refuse request bodies over N bytes with 413 (default: none)
      --max-heap-mb N      stop a worker that allocates past N MiB of heap (default: 1024, 0: off)
      --recycle-after N    replace each worker after N requests (default: never)
      --stats-every D      log what each worker holds every D, e.g. 1m: requests in flight
                           and served, open sockets and WebSockets (default: never)
      --cache-max-mb N     in-memory cache size for static/ISR routes and fetch data (default: 64)
      --redis URL          keep the cache in Redis (redis://host:port/db), shared by every instance
      --redis-prefix P     prefix of the Redis keys (default: jsroutes:)
      --env-allow NAMES    pass only these variables (comma-separated) to process.env;
                           NODE_ENV always (default: every variable and .env value)
      --preload            run every route's module in every worker at start, instead of
                           on its route's first request (more start-up time and memory)
      --strict-config      refuse to start when next.config cannot be built or run with
                           the plugins it imports (default: run it with them stubbed, warned)
      --wasm-uninterruptible
                           compile WebAssembly without the checks that let --timeout stop
                           it: wasm loops up to 12× faster (next/og images), but a wasm
                           function that never returns keeps a CPU busy
`

// commandUsage is each command's help, printed by COMMAND --help.
var commandUsage = map[string]string{
	"serve": fmt.Sprintf(serveUsage, "serve", "Serves the app in DIR (an app directory, a project root holding app/ or src/app/,\nor a directory written by jsroutes build; default: .)."),
	"dev":   fmt.Sprintf(serveUsage, "dev", "Serves the app in DIR and rebuilds it whenever a file changes (default: .)."),
	"build": `Usage: jsroutes build [DIR] [-o OUT]

Writes a prebuilt bundle of the app in DIR (default: .) to OUT, which
jsroutes serve OUT runs without esbuild, the sources or node_modules.

Flags:
  -o, --out OUT       where to write it (default: .jsroutes)
      --strict-config fail when next.config cannot be built or run with the
                      plugins it imports (default: run it with them stubbed, warned)
`,
	"routes": `Usage: jsroutes routes [DIR]

Prints the app's route table: URL pattern, methods, segment config, the
route's share of the bundle, file. It runs no route module (only those whose
segment config is not a literal, to read it).
`,
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr, tuneGC()); err != nil {
		fmt.Fprintln(os.Stderr, "jsroutes: "+oneLine(err.Error()))
		os.Exit(1)
	}
}

// oneLine keeps an error to the one line a terminal user reads first.
func oneLine(s string) string {
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}

// run runs a command; serving calls ready once the server answers (see
// tuneGC).
func run(args []string, stdout, stderr io.Writer, ready func()) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	case "-v", "--version", "version":
		fmt.Fprintln(stdout, "jsroutes "+jsrt.Version)
		return nil
	}
	err := command(args, stdout, stderr, ready)
	if errors.Is(err, flag.ErrHelp) {
		name := args[0]
		if name == "start" {
			name = "serve"
		}
		fmt.Fprint(stdout, commandUsage[name])
		return nil
	}
	return err
}

func command(args []string, stdout, stderr io.Writer, ready func()) error {
	switch args[0] {
	case "serve", "start":
		return serve(args[1:], stdout, stderr, false, ready)
	case "dev":
		return serve(args[1:], stdout, stderr, true, ready)
	case "build":
		return build(args[1:], stdout)
	case "routes":
		return routes(args[1:], stdout)
	}
	return fmt.Errorf("unknown command %q (run jsroutes --help)", args[0])
}

// serveFlags are the flags of serve and dev.
type serveFlags struct {
	dir       string
	port      int
	host      string
	workers   int
	logFormat string
	accessLog bool
	timeout   time.Duration
	// headersTimeout, requestTimeout and fetchTimeout are Node's
	// headersTimeout and requestTimeout, and undici's.
	headersTimeout, requestTimeout, fetchTimeout time.Duration
	maxBody                                      int64
	maxHeapMB                                    uint64
	recycle                                      int64
	statsEvery                                   time.Duration
	preload                                      bool
	strictConfig                                 bool
	wasmUninterruptible                          bool
	dev                                          bool // jsroutes dev: no route cache, as next dev
	// cacheMB, redisURL and redisPrefix choose the cache's store.
	cacheMB     int64
	redisURL    string
	redisPrefix string
	// envAllow limits process.env (jsrt.Options.EnvAllowList); nil: all.
	envAllow []string
}

// parseArgs parses flags and at most one DIR, which may come before or
// after the flags, as with next start.
// A command's --help or -h returns errHelp: the command prints its usage
// (commandUsage) and exits 0.
func parseArgs(fs *flag.FlagSet, args []string) (string, error) {
	fs.SetOutput(io.Discard)
	dir, rest := ".", args
	if len(rest) > 0 && len(rest[0]) > 0 && rest[0][0] != '-' {
		dir, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", flag.ErrHelp
		}
		return "", fmt.Errorf("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		if dir != "." || fs.NArg() > 1 {
			return "", fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(fs.NArg()-1))
		}
		dir = fs.Arg(0)
	}
	return dir, nil
}

func parseServe(name string, args []string, dev bool) (serveFlags, error) {
	var f serveFlags
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	defPort := 3000
	if p, err := strconv.Atoi(os.Getenv("PORT")); err == nil {
		defPort = p
	}
	fs.IntVar(&f.port, "p", defPort, "")
	fs.IntVar(&f.port, "port", defPort, "")
	fs.StringVar(&f.host, "H", "0.0.0.0", "")
	fs.StringVar(&f.host, "hostname", "0.0.0.0", "")
	fs.IntVar(&f.workers, "workers", 0, "")
	fs.StringVar(&f.logFormat, "log-format", "text", "")
	fs.BoolVar(&f.accessLog, "access-log", dev, "")
	fs.DurationVar(&f.timeout, "timeout", 0, "")
	fs.DurationVar(&f.headersTimeout, "headers-timeout", 60*time.Second, "")
	fs.DurationVar(&f.requestTimeout, "request-timeout", 300*time.Second, "")
	fs.DurationVar(&f.fetchTimeout, "fetch-timeout", 300*time.Second, "")
	fs.Int64Var(&f.maxBody, "max-body-size", 0, "")
	fs.Uint64Var(&f.maxHeapMB, "max-heap-mb", 1024, "")
	fs.Int64Var(&f.recycle, "recycle-after", 0, "")
	fs.DurationVar(&f.statsEvery, "stats-every", 0, "")
	fs.BoolVar(&f.preload, "preload", false, "")
	fs.BoolVar(&f.strictConfig, "strict-config", false, "")
	fs.BoolVar(&f.wasmUninterruptible, "wasm-uninterruptible", false, "")
	fs.Int64Var(&f.cacheMB, "cache-max-mb", 64, "")
	fs.StringVar(&f.redisURL, "redis", "", "")
	fs.StringVar(&f.redisPrefix, "redis-prefix", "", "")
	fs.Func("env-allow", "", func(v string) error {
		f.envAllow = []string{}
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				f.envAllow = append(f.envAllow, name)
			}
		}
		return nil
	})
	dir, err := parseArgs(fs, args)
	if err != nil {
		return f, err
	}
	f.dir, f.dev = dir, dev
	if f.logFormat != "text" && f.logFormat != "json" {
		return f, fmt.Errorf("%s: --log-format must be text or json, not %q", name, f.logFormat)
	}
	return f, nil
}

// redisLog hands go-redis's messages to slog.
type redisLog struct{ log *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, fmt.Sprintf(format, v...))
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func (f serveFlags) options(logger *slog.Logger) jsrt.Options {
	fetchTimeout := f.fetchTimeout
	if fetchTimeout == 0 {
		fetchTimeout = -1 // the flag's 0 is "none"; the option's, undici's default
	}
	return jsrt.Options{
		Dir:                  f.dir,
		Workers:              f.workers,
		Logger:               logger,
		AccessLog:            f.accessLog,
		RequestTimeout:       f.timeout,
		FetchTimeout:         fetchTimeout,
		MaxBodySize:          f.maxBody,
		MaxHeapBytes:         f.maxHeapMB << 20,
		MaxRequestsPerWorker: f.recycle,
		CacheMaxBytes:        f.cacheMB << 20,
		RedisURL:             f.redisURL,
		RedisPrefix:          f.redisPrefix,
		Dev:                  f.dev,
		EnvAllowList:         f.envAllow,
		Preload:              f.preload,
		StrictNextConfig:     f.strictConfig,
		WasmUninterruptible:  f.wasmUninterruptible,
	}
}

func serve(args []string, stdout, stderr io.Writer, dev bool, ready func()) error {
	name := "serve"
	if dev {
		name = "dev"
	}
	f, err := parseServe(name, args, dev)
	if err != nil {
		return err
	}
	if _, err := os.Stat(f.dir); err != nil {
		return fmt.Errorf("app directory %s does not exist", f.dir)
	}
	logger := newLogger(f.logFormat, stderr)
	// go-redis reports each failed dial on its own; the errors that matter
	// reach the log through jsrt already, so its lines go to debug.
	redis.SetLogger(redisLog{logger})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	start := time.Now()
	// The port first: a busy one is reported before any building or
	// prerendering is spent. Connections wait in the backlog meanwhile.
	ln, err := net.Listen("tcp", net.JoinHostPort(f.host, strconv.Itoa(f.port)))
	if err != nil {
		var opErr *net.OpError
		if errors.As(err, &opErr) {
			err = opErr.Err
		}
		return fmt.Errorf("cannot listen on %s:%d: %v", f.host, f.port, err)
	}
	defer ln.Close()
	var handler http.Handler
	var app appServer
	if dev {
		d, err := newDevServer(ctx, f.options(logger), logger)
		if err != nil {
			return err
		}
		app, handler = d, d
	} else {
		h, err := jsrt.New(ctx, f.options(logger))
		if err != nil {
			return err
		}
		app, handler = h, h
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: f.headersTimeout,
		ReadTimeout:       f.requestTimeout, // the whole request: a body sent at 1 byte/s is cut
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	display := f.host
	if f.host == "0.0.0.0" || f.host == "::" || f.host == "" {
		display = "localhost"
	}
	mode := "ready"
	if dev {
		mode = "dev server ready"
	}
	fmt.Fprintf(stdout, "jsroutes %s %s on http://%s:%d (%d routes, %s)\n", jsrt.Version, mode, display, ln.Addr().(*net.TCPAddr).Port, len(app.Routes()), time.Since(start).Round(time.Millisecond))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if f.statsEvery > 0 {
		go logStats(ctx, logger, app, f.statsEvery)
	}
	ready()
	select {
	case err := <-errc:
		app.Close()
		return err
	case <-ctx.Done():
	}
	stop()
	// Graceful: stop accepting, let running responses (streams too) finish.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if herr := app.Shutdown(shutdownCtx); err == nil {
		err = herr
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("shutdown: requests still running after 30s")
	}
	return err
}

// logStats logs each worker's jsrt.Stats every d until ctx ends: sockets
// a route opens and never closes show as a count that only grows.
func logStats(ctx context.Context, log *slog.Logger, app appServer, d time.Duration) {
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		s := app.Stats()
		for _, w := range s.Workers {
			log.Info("worker stats", "worker", w.ID, "in_flight", w.InFlight, "served", w.Served,
				"sockets", w.Sockets, "max_sockets", s.MaxSockets, "websockets", w.WebSockets)
		}
	}
}

// appServer is what serve runs: a jsrt.Handler, or dev's reloading one.
type appServer interface {
	Routes() []jsrt.Route
	Stats() jsrt.Stats
	Shutdown(context.Context) error
	Close() error
}

func build(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	out := fs.String("o", ".jsroutes", "")
	fs.StringVar(out, "out", ".jsroutes", "")
	strict := fs.Bool("strict-config", false, "")
	dir, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	start := time.Now()
	routes, err := jsrt.Build(context.Background(), jsrt.BuildOptions{Dir: dir, Out: *out, StrictNextConfig: *strict})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "jsroutes: built %d routes into %s in %s (jsroutes serve %s)\n", len(routes), *out, time.Since(start).Round(time.Millisecond), *out)
	return nil
}

func routes(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("routes", flag.ContinueOnError)
	dir, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	app, err := jsrt.Inspect(context.Background(), jsrt.InspectOptions{Dir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	printRoutes(stdout, app.Routes)
	if p := app.Proxy; p != nil {
		// As `next build` lists it, under the routes.
		fmt.Fprintf(stdout, "\nƒ Proxy (%s)   runtime %s   matcher %s\n", p.File, p.Runtime, strings.Join(p.Matcher, ", "))
	}
	return nil
}
