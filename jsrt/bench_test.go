package jsrt_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
)

// benchHandler serves the seed app in-process, for the dispatch path alone
// (no sockets): go test -bench . ./jsrt
func benchHandler(b *testing.B) *jsrt.Handler {
	return benchServe(b, "../fixtures/seeds/app")
}

// benchServe serves dir with one worker, its log discarded.
func benchServe(b *testing.B, dir string) *jsrt.Handler {
	b.Helper()
	h, err := jsrt.New(context.Background(), jsrt.Options{
		Dir:     dir,
		Workers: 1,
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	return h
}

func benchRequest(b *testing.B, h http.Handler, method, path, body string, header ...string) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			var r io.Reader
			if body != "" {
				r = strings.NewReader(body)
			}
			req := httptest.NewRequest(method, path, r)
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Fatalf("%s %s: %d", method, path, w.Code)
			}
		}
	})
}

func BenchmarkHello(b *testing.B) {
	benchRequest(b, benchHandler(b), "GET", "/api/hello", "")
}

func BenchmarkDynamicParams(b *testing.B) {
	benchRequest(b, benchHandler(b), "GET", "/users/42?x=1", "")
}

func BenchmarkPostJSON(b *testing.B) {
	benchRequest(b, benchHandler(b), "POST", "/items", `{"a":1,"b":[1,2,3],"c":"text"}`, "Content-Type", "application/json")
}

func BenchmarkCookiesAndHeaders(b *testing.B) {
	benchRequest(b, benchHandler(b), "GET", "/cookies/response", "", "Cookie", "token=abc")
}

// BenchmarkFetchUpstream is a route awaiting fetch() of a loopback upstream:
// the cost of the fetch path (the upstream answers at once).
func BenchmarkFetchUpstream(b *testing.B) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"upstream":true}`)
	}))
	b.Cleanup(up.Close)
	h, err := jsrt.New(context.Background(), jsrt.Options{
		Dir:     "../fixtures/bench/app",
		Workers: 1,
		Env:     map[string]string{"UPSTREAM_URL": up.URL},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	benchRequest(b, h, "GET", "/api/upstream", "")
}

// BenchmarkProxy is the hello route behind a proxy that matches it and
// returns NextResponse.next(): against BenchmarkProxyless, the proxy's
// cost on the request path.
func BenchmarkProxy(b *testing.B) {
	benchRequest(b, proxyBenchHandler(b, true), "GET", "/api/hello", "")
}

func BenchmarkProxyless(b *testing.B) {
	benchRequest(b, proxyBenchHandler(b, false), "GET", "/api/hello", "")
}

func proxyBenchHandler(b *testing.B, proxy bool) *jsrt.Handler {
	files := map[string]string{
		"app/api/hello/route.ts": "export const GET = () => Response.json({ hello: 'world' })\n",
	}
	if proxy {
		files["proxy.ts"] = "import { NextResponse } from 'next/server'\nexport function proxy() { return NextResponse.next() }\nexport const config = { matcher: '/api/hello' }\n"
	}
	return benchServe(b, fixtures.Write(b, files))
}
