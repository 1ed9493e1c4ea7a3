package jsrt_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
)

// loadCounter is a Go module that route modules call at their top level:
// it counts, across workers, how often each module ran.
type loadCounter struct {
	mu    sync.Mutex
	loads map[string]int
}

func (c *loadCounter) module() jsrt.Module {
	return jsrt.Module{"loaded": func(name string) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.loads[name]++
	}}
}

func (c *loadCounter) count(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loads[name]
}

// lazyApp is an app whose modules report when they run: a shared module,
// two routes importing it, one that awaits slowly at its top, one that
// throws at its top, and one that is never requested.
var lazyApp = map[string]string{
	"lib/shared.ts": "import { loaded } from 'go:probe'\nloaded('shared')\nexport const shared = 'S'\n",
	"app/a/route.ts": "import { loaded } from 'go:probe'\nimport { shared } from '../../lib/shared'\nloaded('a')\n" +
		"const g = globalThis as any\ng.aRuns = (g.aRuns ?? 0) + 1\n" +
		"export const GET = () => new Response('a' + shared + ' runs=' + g.aRuns)\n",
	"app/b/route.ts": "import { loaded } from 'go:probe'\nimport { shared } from '../../lib/shared'\nloaded('b')\nexport const GET = () => new Response('b' + shared)\n",
	"app/slow/route.ts": "import { loaded } from 'go:probe'\nloaded('slow:start')\n" +
		"const value = await new Promise<string>((r) => setTimeout(() => r('ready'), 300))\nloaded('slow:done')\n" +
		"export const GET = () => new Response(value)\n",
	"app/throws/route.ts": "import { loaded } from 'go:probe'\nloaded('throws')\n" +
		"function connect(): never {\n  throw new Error('no database URL')\n}\nconnect()\n" +
		"export const GET = () => new Response('unreachable')\n",
	"app/never/route.ts": "import { loaded } from 'go:probe'\nloaded('never')\nexport const GET = () => new Response('never')\n",
}

// lazyApps are lazyApp built both ways: split into chunks compiled on
// first use, and, when a route module awaits at its top, as one bundle.
func lazyApps() map[string]map[string]string {
	split := map[string]string{}
	for k, v := range lazyApp {
		if k != "app/slow/route.ts" {
			split[k] = v
		}
	}
	return map[string]map[string]string{"split": split, "one bundle": lazyApp}
}

// A route's module, and what it imports, runs in a worker on the first
// request there that needs it, once per worker; modules no request needs
// never run.
func TestRouteModulesLoadOnFirstRequest(t *testing.T) {
	for name, files := range lazyApps() {
		t.Run(name, func(t *testing.T) { testRouteModulesLoadOnFirstRequest(t, files) })
	}
}

func testRouteModulesLoadOnFirstRequest(t *testing.T, files map[string]string) {
	c := &loadCounter{loads: map[string]int{}}
	a := serveApp(t, fixtures.Write(t, files), jsrt.Options{Workers: 2, Modules: map[string]jsrt.Module{"probe": c.module()}})
	if n := c.count("a") + c.count("shared") + c.count("never") + c.count("throws"); n != 0 {
		t.Fatalf("%d route modules ran at start", n)
	}
	if routes := a.H.Routes(); len(routes) < 4 || routes[0].Pattern != "/a" || routes[0].Methods[0] != "GET" {
		t.Fatalf("routes %+v", routes)
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if res := a.get("/a"); res.Status != 200 || res.Body != "aS runs=1" {
				t.Errorf("GET /a: %d %q", res.Status, res.Body)
			}
		}()
	}
	wg.Wait()
	if n := c.count("a"); n < 1 || n > 2 {
		t.Errorf("app/a/route.ts ran %d times for 2 workers", n)
	}
	if res := a.get("/b"); res.Status != 200 || res.Body != "bS" {
		t.Errorf("GET /b: %d %q", res.Status, res.Body)
	}
	if n := c.count("shared"); n < 1 || n > 2 {
		t.Errorf("the shared module ran %d times for 2 workers", n)
	}
	if n := c.count("never"); n != 0 {
		t.Errorf("a route no request asked for ran %d times", n)
	}
}

// A module awaiting at its top is awaited on its route's first request;
// concurrent first requests wait for the same evaluation.
func TestTopLevelAwaitInARouteModule(t *testing.T) {
	c := &loadCounter{loads: map[string]int{}}
	a := serveApp(t, fixtures.Write(t, lazyApp), jsrt.Options{Workers: 1, Modules: map[string]jsrt.Module{"probe": c.module()}})
	var wg sync.WaitGroup
	var ok atomic.Int32
	start := time.Now()
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if res := a.get("/slow"); res.Status == 200 && res.Body == "ready" {
				ok.Add(1)
			} else {
				t.Errorf("GET /slow: %d %q", res.Status, res.Body)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 8 || c.count("slow:start") != 1 || c.count("slow:done") != 1 {
		t.Errorf("%d of 8 answered; the module started %d times, finished %d", ok.Load(), c.count("slow:start"), c.count("slow:done"))
	}
	if took := time.Since(start); took < 250*time.Millisecond {
		t.Errorf("answered in %v, before the module's await (300 ms) settled", took)
	}
	// Meanwhile and after, the other routes serve.
	if res := a.get("/b"); res.Status != 200 {
		t.Errorf("GET /b: %d", res.Status)
	}
}

// A module that throws while loading answers 500 on every request to its
// route, with the error, the module and its source-mapped stack in the log
// (as Next.js 16: the failed module is not run again); the rest of the app
// serves on.
func TestARouteModuleThatThrowsWhileLoading(t *testing.T) {
	for name, files := range lazyApps() {
		t.Run(name, func(t *testing.T) { testARouteModuleThatThrowsWhileLoading(t, files) })
	}
}

func testARouteModuleThatThrowsWhileLoading(t *testing.T, files map[string]string) {
	c := &loadCounter{loads: map[string]int{}}
	a := serveApp(t, fixtures.Write(t, files), jsrt.Options{Workers: 1, Modules: map[string]jsrt.Module{"probe": c.module()}})
	for i := 0; i < 2; i++ {
		if res := a.get("/throws"); res.Status != 500 || res.Body != "" {
			t.Errorf("GET /throws: %d %q", res.Status, res.Body)
		}
	}
	if n := c.count("throws"); n != 1 {
		t.Errorf("the throwing module ran %d times, want 1 (Next.js keeps the failure)", n)
	}
	if res := a.get("/b"); res.Status != 200 || res.Body != "bS" {
		t.Errorf("GET /b: %d %q", res.Status, res.Body)
	}
	logs := a.logs.String()
	for _, want := range []string{"no database URL", "route=app/throws/route.ts", "app/throws/route.ts:4:"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q:\n%s", want, logs)
		}
	}
}

// Options.Preload runs every route module in every worker before serving:
// a failing one is logged and its route answers 500.
func TestPreload(t *testing.T) {
	for name, files := range lazyApps() {
		t.Run(name, func(t *testing.T) { testPreload(t, files) })
	}
}

func testPreload(t *testing.T, files map[string]string) {
	c := &loadCounter{loads: map[string]int{}}
	a := serveApp(t, fixtures.Write(t, files), jsrt.Options{Workers: 2, Preload: true, Modules: map[string]jsrt.Module{"probe": c.module()}})
	want := []string{"a", "b", "never", "shared", "throws"}
	if _, ok := files["app/slow/route.ts"]; ok {
		want = append(want, "slow:done")
	}
	for _, m := range want {
		if n := c.count(m); n != 2 {
			t.Errorf("%s ran %d times at start, want once per worker (2)", m, n)
		}
	}
	if !strings.Contains(a.logs.String(), "no database URL") {
		t.Error("the failing module's error is not in the log")
	}
	if res := a.get("/never"); res.Status != 200 || c.count("never") != 2 {
		t.Errorf("GET /never: %d, ran %d times", res.Status, c.count("never"))
	}
}

// Building and listing an app runs none of its route modules: a module
// that needs the production database to load does not stop either.
func TestBuildAndRoutesRunNoRouteModule(t *testing.T) {
	c := &loadCounter{loads: map[string]int{}}
	mods := map[string]jsrt.Module{"probe": c.module()}
	dir := fixtures.Write(t, lazyApp)
	routes, err := jsrt.Build(context.Background(), jsrt.BuildOptions{Dir: dir, Out: t.TempDir(), Modules: mods})
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) != 5 || c.count("throws") != 0 || c.count("a") != 0 {
		t.Errorf("build: %d routes; modules ran: %v", len(routes), c.loads)
	}
	for _, r := range routes {
		if r.Bytes == 0 {
			t.Errorf("%s: no bundle share", r.File)
		}
	}
}

// A segment config value that is not a literal cannot be read by the
// build: the route's module is loaded at start to read it, with a warning.
func TestNonLiteralSegmentConfigIsReadAtStart(t *testing.T) {
	a := serveApp(t, fixtures.Write(t, map[string]string{
		"app/cfg/route.ts":   "export const revalidate = Number(process.env.JSR_TTL ?? 3600)\nexport const GET = () => new Response(String(Date.now()))\n",
		"app/other/route.ts": "export const GET = () => new Response('o')\n",
	}), jsrt.Options{Workers: 1})
	var cfg jsrt.Route
	for _, r := range a.H.Routes() {
		if r.Pattern == "/cfg" {
			cfg = r
		}
	}
	if v, _ := cfg.Config["revalidate"].(int64); v != 3600 {
		t.Errorf("revalidate %#v", cfg.Config["revalidate"])
	}
	if !strings.Contains(a.logs.String(), "level=WARN") || !strings.Contains(a.logs.String(), "app/cfg/route.ts") {
		t.Errorf("no warning naming the route:\n%s", a.logs.String())
	}
	first := a.get("/cfg")
	if again := a.get("/cfg"); first.Body != again.Body || again.Header.Get("x-nextjs-cache") != "HIT" {
		t.Errorf("the route is not cached as revalidate = 3600: %q then %q (%s)", first.Body, again.Body, again.Header.Get("x-nextjs-cache"))
	}
}

// import() of a CommonJS module (an app's .cjs helper, a Node built-in, a
// package's CJS build) gives its exports by name and as default, as
// Node's import() does, in a split build (where esbuild's own chunk for it
// exported default alone) and in one bundle.
func TestImportOfCommonJS(t *testing.T) {
	files := map[string]string{
		"lib/legacy.cjs": "exports.answer = 42\nmodule.exports.greet = (n) => 'hi ' + n\n",
		"app/cjs/route.ts": `export async function GET() {
  const legacy = await import('../../lib/legacy.cjs')
  const zlib = await import('node:zlib')
  const { Agent } = await import('node:https')
  return Response.json({ answer: legacy.answer, greet: legacy.greet('ada'), viaDefault: legacy.default.answer,
    gzip: zlib.gunzipSync(zlib.gzipSync('round')).toString(), agent: typeof Agent })
}`,
	}
	for name, app := range map[string]map[string]string{"split": files, "one bundle": withTopLevelAwait(files)} {
		t.Run(name, func(t *testing.T) {
			a := serveApp(t, fixtures.Write(t, app), jsrt.Options{Workers: 1})
			res := a.get("/cjs")
			sameJSON(t, "import()", res.Body, `{"answer":42,"greet":"hi ada","viaDefault":42,"gzip":"round","agent":"function"}`)
		})
	}
}

// withTopLevelAwait is files plus a route module that awaits at its top,
// which makes the bundler build the app as one bundle.
func withTopLevelAwait(files map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	out["app/tla/route.ts"] = "const v = await Promise.resolve('tla')\nexport const GET = () => new Response(v)\n"
	return out
}
