// Command jsroutes serves Next.js App Router route handlers (app/**/route.ts)
// without Node.js.
//
//	jsroutes serve [DIR] [-p PORT] [-H HOST]
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
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"github.com/jsroutes/jsroutes/jsrt"
)

const usage = `jsroutes runs Next.js route handlers (app/**/route.ts) without Node.js.

Usage:
  jsroutes serve [DIR] [-p PORT] [-H HOST]   serve the app in DIR (default: .)
  jsroutes --help                            show this help
  jsroutes --version                         print the version

DIR is an app directory, or a project root holding app/ or src/app/.

Flags of serve:
  -p, --port PORT        port to listen on (default: $PORT or 3000)
  -H, --hostname HOST    address to listen on (default: 0.0.0.0)
      --workers N        JavaScript workers (default: one per CPU)
`

func main() {
	if os.Getenv("GOGC") == "" {
		// A worker's heap is mostly the runtime's long-lived objects, and a
		// request allocates many short-lived ones: collecting at 3× the
		// live heap instead of 2× halves GC work for a few MiB (see
		// BENCHMARKS.md). GOGC in the environment wins.
		debug.SetGCPercent(200)
	}
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "jsroutes: "+err.Error())
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
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
	case "serve", "start":
		return serve(args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown command %q (run jsroutes --help)", args[0])
}

func serve(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	defPort := 3000
	if p, err := strconv.Atoi(os.Getenv("PORT")); err == nil {
		defPort = p
	}
	var port, workers int
	var host string
	fs.IntVar(&port, "p", defPort, "")
	fs.IntVar(&port, "port", defPort, "")
	fs.StringVar(&host, "H", "0.0.0.0", "")
	fs.StringVar(&host, "hostname", "0.0.0.0", "")
	fs.IntVar(&workers, "workers", 0, "")
	dir, rest := ".", args
	if len(rest) > 0 && len(rest[0]) > 0 && rest[0][0] != '-' {
		dir, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return fmt.Errorf("serve: %v", err)
	}
	if fs.NArg() > 0 {
		if dir != "." || fs.NArg() > 1 {
			return fmt.Errorf("serve: unexpected argument %q", fs.Arg(fs.NArg()-1))
		}
		dir = fs.Arg(0)
	}

	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	start := time.Now()
	h, err := jsrt.New(ctx, jsrt.Options{Dir: dir, Workers: workers, Logger: logger})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		h.Close()
		return fmt.Errorf("cannot listen on %s:%d: %v", host, port, errors.Unwrap(err))
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	display := host
	if host == "0.0.0.0" || host == "::" || host == "" {
		display = "localhost"
	}
	fmt.Fprintf(stdout, "jsroutes %s ready on http://%s:%d (%d routes, %s)\n", jsrt.Version, display, ln.Addr().(*net.TCPAddr).Port, len(h.Routes()), time.Since(start).Round(time.Millisecond))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		h.Close()
		return err
	case <-ctx.Done():
	}
	stop()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if herr := h.Shutdown(shutdownCtx); err == nil {
		err = herr
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("shutdown: requests still running after 30s")
	}
	return err
}
