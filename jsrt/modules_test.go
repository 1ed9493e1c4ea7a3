package jsrt_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"

	"github.com/jsroutes/jsroutes/jsrt"
)

type codedError struct{ code string }

func (e codedError) Error() string { return "coded failure" }
func (e codedError) Code() string  { return e.code }

func TestGoModules(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/sync/route.ts": `import { add, greet, version, fail, explode, tags } from 'go:util'
export function GET() {
  const out: any = { sum: add(2, 3), greet: greet('Ada'), version, tags: tags('a', 'b', 'c') }
  try { fail('x') } catch (e: any) { out.fail = { name: e.name, message: e.message, code: e.code, isError: e instanceof Error } }
  try { explode() } catch (e: any) { out.panic = e.message }
  return Response.json(out)
}`,
		"app/uncaught/route.ts": `import { explode } from 'go:util'
export function GET() { explode(); return new Response('unreachable') }`,
		"app/callback/route.ts": `import { twice } from 'go:util'
export function GET(request: Request) {
  const fail = new URL(request.url).searchParams.has('fail')
  try {
    return new Response(twice((s: string) => { if (fail) throw new RangeError('js says no'); return s + '!' }))
  } catch (e: any) {
    return Response.json({ name: e.name, message: e.message })
  }
}`,
		"app/async/route.ts": `import { slow } from 'go:util'
export async function GET(request: Request) {
  const ms = Number(new URL(request.url).searchParams.get('ms'))
  return Response.json({ got: await slow(ms) })
}`,
	})
	var cancelled atomic.Int32
	a := serveApp(t, root, jsrt.Options{Modules: map[string]jsrt.Module{"util": {
		"add":     func(a, b int) int { return a + b },
		"greet":   func(ctx context.Context, name string) (string, error) { return "hello " + name, ctx.Err() },
		"version": "1.2.3",
		"tags":    func(t ...string) string { return strings.Join(t, "+") },
		"fail":    func(string) error { return codedError{"E_CODE"} },
		"explode": func() { panic("boom in Go") },
		// A JS callback is a Go func; a JS exception in it comes back as a Go error.
		"twice": func(cb func(string) (string, error)) (string, error) {
			a, err := cb("a")
			if err != nil {
				return "", fmt.Errorf("callback failed: %w", err)
			}
			b, err := cb("b")
			return a + b, err
		},
		"slow": jsrt.Async(func(ctx context.Context, ms int) (string, error) {
			select {
			case <-time.After(time.Duration(ms) * time.Millisecond):
				return "done", nil
			case <-ctx.Done():
				cancelled.Add(1)
				return "", ctx.Err()
			}
		}),
	}}})
	want := `{"sum":5,"greet":"hello Ada","version":"1.2.3","tags":"a+b+c","fail":{"name":"GoError","message":"coded failure","code":"E_CODE","isError":true},"panic":"panic: boom in Go"}`
	if res := a.get("/sync"); res.Body != want {
		t.Errorf("sync calls:\n got %s\nwant %s", res.Body, want)
	}
	// A panic nobody catches is a 500, and the server lives on.
	if res := a.get("/uncaught"); res.Status != 500 || res.Body != "" {
		t.Errorf("uncaught Go panic: %d %q", res.Status, res.Body)
	}
	if !strings.Contains(a.logs.String(), "boom in Go") {
		t.Error("the panic is not in the log")
	}
	// Errors cross both ways: a JS exception in a callback is a Go error,
	// which comes back to JS as a GoError.
	if res := a.get("/callback"); res.Body != "a!b!" {
		t.Errorf("callback: %q", res.Body)
	}
	if res := a.get("/callback?fail"); !strings.Contains(res.Body, `"name":"GoError"`) || !strings.Contains(res.Body, "callback failed: RangeError: js says no") {
		t.Errorf("callback that throws: %s", res.Body)
	}
	if res := a.get("/async?ms=10"); res.Body != `{"got":"done"}` {
		t.Errorf("async: %d %s", res.Status, res.Body)
	}
	// An async call does not hold up the worker: a fast request on it is
	// answered long before the 3 s call ends.
	done := make(chan result, 1)
	go func() { done <- a.get("/async?ms=3000") }()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	if res := a.get("/sync"); res.Status != 200 || time.Since(start) > 1500*time.Millisecond {
		t.Errorf("a fast request waited %v behind an async Go call", time.Since(start))
	}
	<-done

	// The Go function's context ends when the client goes away.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := newRequest(ctx, a.URL+"/async?ms=5000")
	if _, err := noRedirects.Do(req); err == nil {
		t.Fatal("request with a 100ms deadline succeeded")
	}
	deadline := time.Now().Add(2 * time.Second)
	for cancelled.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if cancelled.Load() == 0 {
		t.Error("the Go function's context was not cancelled when the client left")
	}
}

func TestUnknownGoModuleIsABuildError(t *testing.T) {
	root := fixtures.Write(t, map[string]string{"app/x/route.ts": "import { a } from 'go:nope'\nexport const GET = () => new Response(String(a))\n"})
	_, err := jsrt.New(context.Background(), jsrt.Options{Dir: root, Workers: 1})
	var be *jsrt.BuildError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "app/x/route.ts:1:19") || !strings.Contains(err.Error(), `unknown Go module "go:nope"`) {
		t.Errorf("got %v", err)
	}
	_, err = jsrt.New(context.Background(), jsrt.Options{Dir: root, Modules: map[string]jsrt.Module{"m": {"not-an-identifier": 1}}})
	if err == nil || !strings.Contains(err.Error(), "not a JavaScript identifier") {
		t.Errorf("bad export name: %v", err)
	}
}

func TestPrebuiltBundle(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/api/hello/route.ts": "export const GET = () => Response.json({ from: process.env.FROM_FILE })\n",
		".env":                   "FROM_FILE=dotenv\n",
	})
	out := t.TempDir()
	if _, err := jsrt.Build(context.Background(), jsrt.BuildOptions{Dir: root, Out: out}); err != nil {
		t.Fatal(err)
	}
	a := serveApp(t, out, jsrt.Options{})
	if res := a.get("/api/hello"); res.Body != `{"from":"dotenv"}` {
		t.Errorf("prebuilt: %d %s", res.Status, res.Body)
	}
}

func TestAccessLogAndMaxBodySize(t *testing.T) {
	root := fixtures.Write(t, map[string]string{"app/echo/route.ts": "export async function POST(r: Request) { return new Response(await r.text()) }\n"})
	a := serveApp(t, root, jsrt.Options{AccessLog: true, MaxBodySize: 100})
	if res := a.do("POST", "/echo", strings.NewReader("small")); res.Status != 200 || res.Body != "small" {
		t.Errorf("small body: %d %q", res.Status, res.Body)
	}
	if res := a.do("POST", "/echo", strings.NewReader(strings.Repeat("x", 1000))); res.Status != 413 {
		t.Errorf("large body with a length: %d", res.Status)
	}
	// Chunked (a reader of unknown length): the limit is found while reading.
	if res := a.do("POST", "/echo", struct{ io.Reader }{strings.NewReader(strings.Repeat("y", 100000))}); res.Status != 413 {
		t.Errorf("large chunked body: %d", res.Status)
	}
	logs := a.logs.String()
	for _, want := range []string{`msg=request method=POST path=/echo status=200 bytes=5`, "worker=", "route=app/echo/route.ts", "status=413"} {
		if !strings.Contains(logs, want) {
			t.Errorf("access log lacks %q:\n%s", want, logs)
		}
	}
}
