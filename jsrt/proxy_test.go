package jsrt_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/internal/jstest"
	"github.com/jsroutes/jsroutes/jsrt"
)

// What the conformance app (fixtures/apps/proxy) cannot record against
// Next.js: a rewrite to another origin (proxied, streamed), the throwing
// proxy's stack in the log, a body past the prefetch size read by both,
// every encoded variant of a gated path, and instrumentation's register()
// per worker.
func TestProxy(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Upstream", "1")
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, "upstream saw %s %s", r.Method, r.URL.RequestURI())
		w.(http.Flusher).Flush()
		fmt.Fprint(w, " (streamed)")
	})
	dir := fixtures.Write(t, map[string]string{
		"proxy.ts": `import { NextResponse } from 'next/server';
import { cookies } from 'next/headers';

export async function proxy(request) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith('/api/secret') && !request.cookies.has('session')) {
    return new Response('denied', { status: 401 });
  }
  if (pathname.startsWith('/ext/')) {
    return NextResponse.rewrite(` + "`" + up.URL + `/up${pathname}?x=1` + "`" + `);
  }
  if (pathname === '/throw') {
    throw new Error('proxy broke');
  }
  if (pathname === '/cookie') {
    (await cookies()).set('from-proxy', '1');
  }
  if (pathname === '/big') {
    const text = await request.text();
    return NextResponse.next({ headers: { 'x-proxy-read': String(text.length) } });
  }
  return NextResponse.next({ headers: { 'x-runtime': process.env.NEXT_RUNTIME } });
}
`,
		"instrumentation.ts": `export function register() {
  globalThis.registered = (globalThis.registered ?? 0) + 1;
}
`,
		"app/api/secret/route.ts":        "export const GET = () => new Response('secret')\n",
		"app/api/secret/static/route.ts": "export const dynamic = 'force-static'\nexport const GET = () => new Response('static secret')\n",
		"app/cookie/route.ts":            "export const GET = () => new Response('cookie')\n",
		"app/registered/route.ts":        "export const GET = () => new Response(String(globalThis.registered))\n",
		"app/big/route.ts":               "export const POST = async (req) => new Response(String((await req.text()).length))\n",
	})
	a := serveApp(t, dir, jsrt.Options{})
	out := t.TempDir()
	if _, err := jsrt.Build(context.Background(), jsrt.BuildOptions{Dir: dir, Out: out}); err != nil {
		t.Fatal(err)
	}
	prebuilt := serveApp(t, out, jsrt.Options{})

	t.Run("gated, every encoded variant", func(t *testing.T) {
		for _, p := range []string{"/api/secret", "/api/%73ecret", "/api/secre%74", "/%61pi/secret", "/api/%73%65%63%72%65%74", "/api/./secret", "/api/x/../secret", "/api/secret?x=1"} {
			if got := a.get(p); got.Status == http.StatusOK {
				t.Errorf("%s without a session: %d %q", p, got.Status, got.Body)
			}
			if got := a.get(p, "X-Middleware-Subrequest", "proxy:proxy:proxy:proxy:proxy", "X-Middleware-Next", "1"); got.Status == http.StatusOK {
				t.Errorf("%s with forged headers: %d %q", p, got.Status, got.Body)
			}
		}
		if got := a.get("/api/secret", "Cookie", "session=1"); got.Status != http.StatusOK || got.Body != "secret" {
			t.Errorf("with a session: %d %q", got.Status, got.Body)
		}
	})
	t.Run("a cached route still passes through", func(t *testing.T) {
		for _, srv := range []*app{a, prebuilt} {
			if got := srv.get("/api/secret/static"); got.Status != http.StatusUnauthorized {
				t.Errorf("without a session: %d %q", got.Status, got.Body)
			}
			// Prerendered at start (or by jsroutes build) without the proxy, as next build does.
			if got := srv.get("/api/secret/static", "Cookie", "session=1"); got.Body != "static secret" || got.Header.Get("X-Nextjs-Cache") != "HIT" {
				t.Errorf("with a session: %d %v %q", got.Status, got.Header, got.Body)
			}
		}
	})
	t.Run("rewrite to another origin", func(t *testing.T) {
		got := a.get("/ext/a/b?q=2")
		if got.Status != http.StatusAccepted || got.Body != "upstream saw GET /up/ext/a/b?x=1 (streamed)" || got.Header.Get("X-Upstream") != "1" {
			t.Errorf("got %d %v %q", got.Status, got.Header, got.Body)
		}
	})
	t.Run("a throwing proxy", func(t *testing.T) {
		got := a.get("/throw")
		if got.Status != http.StatusInternalServerError || got.Body != "Internal Server Error" {
			t.Errorf("got %d %q", got.Status, got.Body)
		}
		if log := a.logs.String(); !strings.Contains(log, "proxy broke") || !strings.Contains(log, "proxy.ts:13") {
			t.Errorf("the log has no source-mapped stack:\n%s", log)
		}
	})
	t.Run("cookies() in the proxy", func(t *testing.T) {
		got := a.get("/cookie")
		if got.Body != "cookie" || !strings.Contains(strings.Join(got.Header.Values("Set-Cookie"), "\n"), "from-proxy=1") {
			t.Errorf("got %v %q", got.Header, got.Body)
		}
	})
	t.Run("NEXT_RUNTIME", func(t *testing.T) {
		if got := a.get("/cookie"); got.Header.Get("X-Runtime") != "nodejs" {
			t.Errorf("x-runtime %q", got.Header.Get("X-Runtime"))
		}
	})
	t.Run("a body past the prefetch size, read by both", func(t *testing.T) {
		body := strings.Repeat("x", 100<<10)
		got := a.do("POST", "/big", strings.NewReader(body))
		if got.Body != "102400" || got.Header.Get("X-Proxy-Read") != "102400" {
			t.Errorf("got %d %v %q", got.Status, got.Header, got.Body)
		}
	})
	t.Run("register() ran in each worker before it served", func(t *testing.T) {
		for range 4 {
			if got := a.get("/registered"); got.Body != "1" {
				t.Errorf("registered %q", got.Body)
			}
		}
	})
}

// The Next.js 15 name still runs, with Next.js 16's deprecation line; a
// register() that throws stops the start with the file named.
func TestProxyConventionsAtStart(t *testing.T) {
	logs := &jstest.Log{}
	dir := fixtures.Write(t, map[string]string{
		"middleware.ts":  "export default function () { return new Response('mw', { status: 403 }) }\n",
		"app/a/route.ts": "export const GET = () => new Response('a')\n",
	})
	a := serveApp(t, dir, jsrt.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if got := a.get("/a"); got.Status != http.StatusForbidden || got.Body != "mw" {
		t.Errorf("got %d %q", got.Status, got.Body)
	}
	if !strings.Contains(logs.String(), `The \"middleware\" file convention is deprecated`) {
		t.Errorf("no deprecation line:\n%s", logs)
	}

	// An app whose route modules await at their top is one bundle: the
	// proxy and instrumentation load from it.
	dir = fixtures.Write(t, map[string]string{
		"proxy.ts":           "export const proxy = () => new Response('proxied ' + globalThis.ready)\nexport const config = { matcher: '/p' }\n",
		"instrumentation.ts": "await Promise.resolve()\nexport function register() { globalThis.ready = true }\n",
		"app/p/route.ts":     "await Promise.resolve()\nexport const GET = () => new Response('route')\n",
	})
	tla := serveApp(t, dir, jsrt.Options{})
	if got := tla.get("/p"); got.Body != "proxied true" {
		t.Errorf("a top-level await app: %d %q", got.Status, got.Body)
	}

	dir = fixtures.Write(t, map[string]string{
		"instrumentation.ts": "export async function register() { throw new Error('no telemetry') }\n",
		"app/a/route.ts":     "export const GET = () => new Response('a')\n",
	})
	_, err := jsrt.New(context.Background(), jsrt.Options{Dir: dir, Workers: 1, Logger: slog.New(slog.NewTextHandler(&jstest.Log{}, nil))})
	if err == nil || !strings.Contains(err.Error(), "instrumentation.ts: register() failed") || !strings.Contains(err.Error(), "no telemetry") {
		t.Errorf("err %v", err)
	}
}
