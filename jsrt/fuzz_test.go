package jsrt

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dop251/goja"
)

func FuzzReserializeQuery(f *testing.F) {
	for _, s := range []string{"a%20b=c%20d&x", "q=%zz&e=%C3%A9", "=&&a==b", "%FF=%FE", "a+b=c+d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		once := reserializeQuery(q)
		if twice := reserializeQuery(once); twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", q, once, twice)
		}
		for _, c := range once {
			if c > 0x7e || c <= 0x20 {
				t.Fatalf("%q → %q has a raw %q", q, once, c)
			}
		}
	})
}

// fuzzWorker is a worker running an app whose route module installs the
// JS functions the fuzz targets call.
func fuzzWorker(f *testing.F) *worker {
	root := f.TempDir()
	src := `import { NextRequest, NextResponse } from 'next/server'
globalThis.__fuzzHeader = (name, value) => {
  try {
    const h = new Headers()
    h.set(name, value)
    return h.get(name)
  } catch (e) {
    return e instanceof TypeError ? null : 'wrong error: ' + e
  }
}
globalThis.__fuzzCookie = (name, value) => {
  const res = new NextResponse(null)
  try { res.cookies.set(name, value) } catch (e) { return e instanceof TypeError ? null : 'wrong error: ' + e }
  const line = res.headers.get('set-cookie')
  const req = new NextRequest('http://localhost/', { headers: { cookie: line.split(';')[0] } })
  return [line, req.cookies.get(name)?.value ?? null]
}
export const GET = () => new Response('fuzz')
`
	if err := os.MkdirAll(filepath.Join(root, "app", "x"), 0o755); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "app", "x", "route.ts"), []byte(src), 0o644); err != nil {
		f.Fatal(err)
	}
	// Preload: the route module defines the globals the targets call.
	h, err := New(context.Background(), Options{Dir: root, Workers: 1, Preload: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { h.Close() })
	return h.pool.list()[0]
}

// callJS calls a global JS function on the worker's loop.
func callJS(w *worker, name string, args ...string) goja.Value {
	out := make(chan goja.Value, 1)
	w.Enqueue(func() {
		fn, _ := goja.AssertFunction(w.rt.Get(name))
		vals := make([]goja.Value, len(args))
		for i, a := range args {
			vals[i] = w.rt.ToValue(a)
		}
		v, err := fn(nil, vals...)
		if err != nil {
			v = w.rt.ToValue("exception: " + err.Error())
		}
		out <- v
	})
	return <-out
}

func FuzzHeadersValidation(f *testing.F) {
	for _, s := range [][2]string{{"x-a", "b"}, {"x", " padded\t"}, {"bad name", "v"}, {"x", "a\r\nb"}, {"x", "é"}, {"x", "€"}, {"", "v"}, {"x", "\x00"}} {
		f.Add(s[0], s[1])
	}
	w := fuzzWorker(f)
	f.Fuzz(func(t *testing.T, name, value string) {
		v := callJS(w, "__fuzzHeader", name, value)
		if goja.IsNull(v) {
			return // refused with a TypeError
		}
		got := v.String()
		if strings.HasPrefix(got, "wrong error") || strings.HasPrefix(got, "exception") {
			t.Fatalf("Headers.set(%q, %q): %s", name, value, got)
		}
		if strings.ContainsAny(got, "\r\n\x00") {
			t.Fatalf("Headers.set(%q, %q) kept %q: CR, LF or NUL must never pass", name, value, got)
		}
		if strings.TrimLeft(got, " \t") != got || strings.TrimRight(got, " \t") != got {
			t.Fatalf("Headers.set(%q, %q) kept edge whitespace: %q", name, value, got)
		}
	})
}

func FuzzCookieRoundTrip(f *testing.F) {
	for _, s := range [][2]string{{"a", "1"}, {"session", "abc 123"}, {"x", "a;b=c"}, {"x", "é%zz"}, {"bad name", "v"}, {"x", "\r\n"}} {
		f.Add(s[0], s[1])
	}
	w := fuzzWorker(f)
	f.Fuzz(func(t *testing.T, name, value string) {
		if !utf8.ValidString(value) || !utf8.ValidString(name) {
			return // JS strings here are well-formed text
		}
		v := callJS(w, "__fuzzCookie", name, value)
		if goja.IsNull(v) {
			return
		}
		pair, ok := v.Export().([]any)
		if !ok {
			t.Fatalf("cookie %q=%q: %v", name, value, v)
		}
		line := pair[0].(string)
		if strings.ContainsAny(line, "\r\n\x00") {
			t.Fatalf("Set-Cookie %q for %q=%q", line, name, value)
		}
		// A cookie whose name is a plain token comes back with its value.
		if isToken(name) && !strings.ContainsAny(name, "=;") && pair[1] != value {
			t.Fatalf("cookie %q=%q came back as %v (line %q)", name, value, pair[1], line)
		}
	})
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}
