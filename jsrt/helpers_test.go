package jsrt_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/internal/jstest"
	"github.com/jsroutes/jsroutes/jsrt"
)

// app is an app served over real HTTP on 127.0.0.1 for one test.
type app struct {
	t    *testing.T
	URL  string
	H    *jsrt.Handler
	logs *jstest.Log
}

// serveApp builds dir and serves it; the server stops when the test ends.
func serveApp(t *testing.T, dir string, opts jsrt.Options) *app {
	t.Helper()
	logs := &jstest.Log{}
	opts.Dir = dir
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if opts.Workers == 0 {
		opts.Workers = 2
	}
	h, err := jsrt.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("jsrt.New(%s): %v", dir, err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		h.Close()
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return &app{t: t, URL: srv.URL, H: h, logs: logs}
}

// result is a response with its body read.
type result struct {
	Status int
	Header http.Header
	Body   string
}

// noRedirects is a client that returns redirects instead of following them.
var noRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       20 * time.Second,
}

func (a *app) do(method, path string, body io.Reader, header ...string) result {
	a.t.Helper()
	return a.doWith(noRedirects, method, path, body, header...)
}

// doWith is do through client (another timeout, say).
func (a *app) doWith(client *http.Client, method, path string, body io.Reader, header ...string) result {
	a.t.Helper()
	req, err := http.NewRequest(method, a.URL+path, body)
	if err != nil {
		a.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if strings.EqualFold(header[i], "host") {
			req.Host = header[i+1]
			continue
		}
		req.Header.Add(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return result{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

func (a *app) get(path string, header ...string) result {
	a.t.Helper()
	return a.do(http.MethodGet, path, nil, header...)
}

// upstream is a loopback server standing in for the internet: a client from
// transport() sends every request to it, whatever the URL's host.
type upstream struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
}

func newUpstream(t *testing.T, h http.HandlerFunc) *upstream {
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.requests = append(u.requests, r)
		u.bodies = append(u.bodies, string(b))
		u.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b))
		h(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) last() (*http.Request, string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.requests) == 0 {
		return nil, ""
	}
	return u.requests[len(u.requests)-1], u.bodies[len(u.bodies)-1]
}

// client returns an *http.Client whose requests all go to the upstream, with
// the original host kept in the Host header.
func (u *upstream) client() *http.Client {
	target, _ := url.Parse(u.URL)
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Host == "127.0.0.1:1" {
			return http.DefaultTransport.RoundTrip(r) // stands for a host that is down
		}
		r2 := r.Clone(r.Context())
		r2.Host = r.URL.Host
		r2.URL.Scheme = target.Scheme
		r2.URL.Host = target.Host
		resp, err := http.DefaultTransport.RoundTrip(r2)
		if resp != nil {
			resp.Request = r // as if it had gone to the URL asked for
		}
		return resp, err
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func newRequest(ctx context.Context, url string) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
}

// raw sends one request exactly as written (a request-target Go's client
// would escape, a malformed body) and reads the answer.
func (a *app) raw(request string) result {
	a.t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(a.URL, "http://"))
	if err != nil {
		a.t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		a.t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		a.t.Fatalf("%q: %v", request, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return result{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// needPackages skips a test whose fixture app's npm packages (pkg in dir)
// are not installed, unless JSROUTES_REQUIRE_PACKAGES is set (make test
// sets it after npm ci), when that is a failure.
func needPackages(t *testing.T, dir, pkg string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg)); err != nil {
		if os.Getenv("JSROUTES_REQUIRE_PACKAGES") != "" {
			t.Fatalf("%s needs `npm ci` (JSROUTES_REQUIRE_PACKAGES is set)", dir)
		}
		t.Skipf("run `npm ci` in %s (make test does)", dir)
	}
}
