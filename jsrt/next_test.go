package jsrt_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"

	"github.com/jsroutes/jsroutes/jsrt"
)

func TestAfterRunsOnceTheResponseIsSent(t *testing.T) {
	a := serveApp(t, "../fixtures/apps/next", jsrt.Options{Workers: 1})
	var wg sync.WaitGroup
	for _, who := range []string{"ada", "grace", "linus"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			res := a.get("/after?id="+who, "Cookie", "who="+who)
			if res.Body != "sent" || time.Since(start) > 2*time.Second {
				t.Errorf("response %q after %v", res.Body, time.Since(start))
			}
		}()
	}
	wg.Wait()
	var log []string
	deadline := time.Now().Add(3 * time.Second)
	for len(log) < 3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		_ = json.Unmarshal([]byte(a.get("/after/log").Body), &log)
	}
	got := strings.Join(log, ",")
	for _, who := range []string{"ada", "grace", "linus"} {
		// Each callback sees its own request's cookies.
		if !strings.Contains(got, who+":"+who) {
			t.Errorf("after() log %v lacks %s:%s", log, who, who)
		}
	}
}

func TestMaxDurationBoundsTheHandler(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/slow/route.ts": `export const maxDuration = 0.2
export async function GET(request: Request) {
  await new Promise((r) => setTimeout(r, 2000))
  return new Response('too late')
}`,
		"app/fast/route.ts": `export const GET = () => new Response('fast')`,
		"app/stream/route.ts": `export async function GET() {
  return new Response(new ReadableStream({
    async pull(c) { await new Promise((r) => setTimeout(r, 50)); c.enqueue(new TextEncoder().encode('x')) },
  }))
}`,
	})
	a := serveApp(t, root, jsrt.Options{RequestTimeout: 300 * time.Millisecond})
	start := time.Now()
	if res := a.get("/slow"); res.Status != 504 || res.Body != "" {
		t.Errorf("slow: %d %q", res.Status, res.Body)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("504 after %v, want ~200ms (maxDuration)", d)
	}
	if res := a.get("/fast"); res.Status != 200 {
		t.Errorf("fast: %d", res.Status)
	}
	// The handler-wide timeout also bounds a stream: the connection is cut.
	start = time.Now()
	resp, err := noRedirects.Get(a.URL + "/stream")
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("endless stream under a 300ms timeout: err %v after %v", err, time.Since(start))
	}
	if !strings.Contains(a.logs.String(), "timed out") {
		t.Error("timeouts are not logged")
	}
}

func TestBadSegmentConfigIsABuildError(t *testing.T) {
	for _, tt := range []struct{ export, want string }{
		{`export const dynamic = 'sometimes'`, `export const dynamic = "sometimes"`},
		{`export const revalidate = -1`, `revalidate`},
		{`export const runtime = 'deno'`, `runtime`},
		{`export const maxDuration = '10'`, `maxDuration`},
		{`export const dynamicParams = 'yes'`, `dynamicParams`},
	} {
		root := fixtures.Write(t, map[string]string{"app/x/route.ts": tt.export + "\nexport const GET = () => new Response()\n"})
		_, err := jsrt.New(context.Background(), jsrt.Options{Dir: root, Workers: 1})
		var be *jsrt.BuildError
		if !errors.As(err, &be) || !strings.Contains(err.Error(), "app/x/route.ts") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v", tt.export, err)
		}
	}
}

func TestNextConfigErrors(t *testing.T) {
	for _, tt := range []struct {
		config string
		want   string
	}{
		{"throw new Error('config exploded')\nexport default {}", "config exploded"},
		{"export default async () => { throw new Error('async config exploded') }", "async config exploded"},
		{"export default { basePath: 'no-slash' }", "basePath"},
		{"export default { redirects: async () => [{ source: 'x', destination: '/' }] }", "source"},
	} {
		root := fixtures.Write(t, map[string]string{
			"next.config.mjs": tt.config,
			"app/x/route.ts":  "export const GET = () => new Response()\n",
		})
		_, err := jsrt.New(context.Background(), jsrt.Options{Dir: root, Workers: 1})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v", tt.config, err)
		}
	}
}

func TestNextConfigAsCommonJSFunction(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		// next/constants and next/package.json, which configs and plugin wrappers import.
		"next.config.js": "const { PHASE_PRODUCTION_BUILD } = require('next/constants')\nconst { version } = require('next/package.json')\n" +
			"module.exports = (phase) => ({ env: { PHASE: phase === PHASE_PRODUCTION_BUILD && version.startsWith('16.') ? phase : 'other' }, async rewrites() { return [{ source: '/r', destination: '/x' }] } })\n",
		"app/x/route.ts": "export const GET = () => new Response(process.env.PHASE)\n",
	})
	a := serveApp(t, root, jsrt.Options{})
	for _, p := range []string{"/x", "/r"} {
		if res := a.get(p); res.Body != "phase-production-build" {
			t.Errorf("GET %s: %d %q", p, res.Status, res.Body)
		}
	}
}

func TestSkipTrailingSlashRedirect(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"next.config.js": "module.exports = { skipTrailingSlashRedirect: true }\n",
		"app/x/route.ts": "export const GET = (r: Request) => new Response(new URL(r.url).pathname)\n",
	})
	a := serveApp(t, root, jsrt.Options{})
	for _, p := range []string{"/x", "/x/"} {
		if res := a.get(p); res.Status != 200 || res.Body != p {
			t.Errorf("GET %s: %d %q", p, res.Status, res.Body)
		}
	}
}

// Requests interleave on a worker at every await; cookies(), headers() and
// AsyncLocalStorage must always see the request whose code is running.
func TestRequestContextUnderInterleaving(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/who/route.ts": `import { cookies, headers } from 'next/headers'
import { AsyncLocalStorage } from 'node:async_hooks'

const als = new AsyncLocalStorage<string>()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id')!
  return als.run(id, async () => {
    await sleep(Math.random() * 20)
    const fromCookie = (await cookies()).get('id')?.value
    await Promise.resolve()
    const fromHeader = (await headers()).get('x-id')
    await sleep(Math.random() * 20)
    const fromAls = als.getStore()
    const fromTimer = await new Promise((r) => setTimeout(() => r(als.getStore()), Math.random() * 5))
    return Response.json({ id, fromCookie, fromHeader, fromAls, fromTimer })
  })
}`,
	})
	// One worker, up to 100 requests on it at once: more than the loop
	// polls (maxPolled), so both ways of finishing a request run.
	a := serveApp(t, root, jsrt.Options{Workers: 1})
	var wg sync.WaitGroup
	sem := make(chan struct{}, 100)
	for i := 0; i < 500; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			id := fmt.Sprint(i)
			res := a.get("/who?id="+id, "Cookie", "id="+id, "X-Id", id)
			want := fmt.Sprintf(`{"id":%q,"fromCookie":%q,"fromHeader":%q,"fromAls":%q,"fromTimer":%q}`, id, id, id, id, id)
			if res.Body != want {
				t.Errorf("request %d saw %s", i, res.Body)
			}
		}(i)
	}
	wg.Wait()
}

// A next.config whose plugin wrappers cannot be built or run here runs
// with them replaced by stand-ins that hand the config back, with one
// warning naming them; what the config itself sets applies. With
// StrictNextConfig the app does not start.
func TestNextConfigPluginsThatCannotRun(t *testing.T) {
	const own = "{ env: { FROM_CONFIG: 'yes' }, async redirects() { return [{ source: '/old', destination: '/x', permanent: false }] } }"
	plugin := func(code string) map[string]string {
		return map[string]string{
			"node_modules/plugin/package.json": `{ "name": "plugin", "version": "1.0.0", "main": "index.js" }`,
			"node_modules/plugin/index.js":     code,
			"node_modules/plugin/binding.node": "not JavaScript",
		}
	}
	for _, tt := range []struct {
		name, config, plugin, stubbedWhen string
	}{
		{"a native addon: not built", "const { withNative } = require('plugin')\nmodule.exports = withNative(" + own + ")\n",
			"const b = require('./binding.node')\nexports.withNative = (c) => ({ ...c, env: b.env })\n", "be built"},
		{"throws when imported", "import withBroken from 'plugin'\nexport default withBroken(" + own + ", { silent: true })\n",
			"throw new Error('this plugin needs next build')\n", "run"},
		{"throws when called, created from options", "const createPlugin = require('plugin')\nconst withIt = createPlugin({ enabled: true })\nmodule.exports = withIt(" + own + ")\n",
			"module.exports = (opts) => (config) => { throw new Error('no webpack here') }\n", "run"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := plugin(tt.plugin)
			files["next.config.js"] = tt.config
			files["app/x/route.ts"] = "export const GET = () => new Response(process.env.FROM_CONFIG)\n"
			root := fixtures.Write(t, files)
			a := serveApp(t, root, jsrt.Options{})
			if res := a.get("/x"); res.Body != "yes" {
				t.Errorf("GET /x: %d %q", res.Status, res.Body)
			}
			if res := a.get("/old"); res.Status != http.StatusTemporaryRedirect {
				t.Errorf("GET /old: %d, want the config's own redirect", res.Status)
			}
			if w := grepLines(a.logs.String(), "next.config could not "+tt.stubbedWhen); !strings.Contains(w, "plugin replaced by stand-ins") {
				t.Errorf("no warning naming the plugin:\n%s", a.logs.String())
			}
			if _, err := jsrt.New(context.Background(), jsrt.Options{Dir: root, Workers: 1, StrictNextConfig: true}); err == nil {
				t.Error("StrictNextConfig: started")
			}
		})
	}
}

// Metadata route files are served in both shapes of bundle: split (each
// route a chunk) and one bundle, which a top-level await makes.
func TestMetadataRoutesInOneBundle(t *testing.T) {
	a := serveApp(t, fixtures.Write(t, map[string]string{
		"app/sitemap.ts":  "const base = await Promise.resolve('https://x.test')\nexport default function sitemap() { return [{ url: base + '/a' }] }\n",
		"app/favicon.ico": "ico bytes",
		"app/robots.txt":  "User-Agent: *\n",
	}), jsrt.Options{})
	for path, want := range map[string]string{"/sitemap.xml": "<loc>https://x.test/a</loc>", "/favicon.ico": "ico bytes", "/robots.txt": "User-Agent: *\n"} {
		if res := a.get(path); res.Status != 200 || !strings.Contains(res.Body, want) {
			t.Errorf("GET %s: %d %q, want %q in it", path, res.Status, res.Body, want)
		}
	}
}
