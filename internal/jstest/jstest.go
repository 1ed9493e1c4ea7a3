// Package jstest serves a small app for the tests of the Web API families
// (webapi/<family>/*_test.go): each family's JS half is tested as route
// code meets it, through jsrt and real HTTP on 127.0.0.1.
package jstest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
)

// App is a served app.
type App struct {
	t   testing.TB
	URL string
}

// Serve builds files (paths relative to the project root, e.g.
// "app/x/route.ts") and serves them with one worker until the test ends.
// logger receives the app's log; nil discards it.
func Serve(t testing.TB, files map[string]string, logger *slog.Logger) *App {
	t.Helper()
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h, err := jsrt.New(context.Background(), jsrt.Options{Dir: fixtures.Write(t, files), Workers: 1, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		h.Close()
	})
	return &App{t: t, URL: srv.URL}
}

// client bounds each request: a route that never answers fails its test
// instead of holding the whole suite until its deadline.
var client = &http.Client{Timeout: time.Minute}

// Get requests path and returns the status and body.
func (a *App) Get(path string) (int, string) {
	a.t.Helper()
	res, err := client.Get(a.URL + path)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// Log is a log destination that a server and a test share: what a
// served app logs, for the test to read.
type Log struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is what was logged so far.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
