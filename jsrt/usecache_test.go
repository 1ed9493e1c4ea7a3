package jsrt_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
)

// useCacheApp is the Cache Components app the conformance suite records.
const useCacheApp = "../fixtures/apps/usecache"

const cacheComponentsConfig = "export default { cacheComponents: true }\n"

// What Next.js's compiler refuses about 'use cache' and Cache Components
// is a start-up error naming the file and line.
func TestUseCacheStartErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"directive without cacheComponents", map[string]string{
			"lib/data.ts":     "import { cacheLife } from 'next/cache'\n\nexport async function data() {\n  'use cache'\n  return 1\n}\n",
			"app/x/route.ts":  "import { data } from '../../lib/data'\nexport async function GET() { return Response.json(await data()) }\n",
			"next.config.mjs": "export default {}\n",
		}, "lib/data.ts:4:1: To use \"use cache\", please enable the feature flag `cacheComponents` in your Next.js config."},
		{"segment config under cacheComponents", map[string]string{
			"app/x/route.ts":  "export const revalidate = 60\nexport async function GET() { return Response.json(1) }\n",
			"next.config.mjs": cacheComponentsConfig,
		}, "app/x/route.ts: Route segment config \"revalidate\" is not compatible with `nextConfig.cacheComponents`. Please remove it."},
		{"a cached function that is not async", map[string]string{
			"app/x/route.ts":  "function data() {\n  'use cache'\n  return 1\n}\nexport async function GET() { return Response.json(data()) }\n",
			"next.config.mjs": cacheComponentsConfig,
		}, "app/x/route.ts:2:1: \"use cache\" functions must be async functions."},
		{"a 'use cache' file exporting a value", map[string]string{
			"lib/data.ts":     "'use cache'\n\nexport const answer = 42\nexport async function data() { return answer }\n",
			"app/x/route.ts":  "import { data } from '../../lib/data'\nexport async function GET() { return Response.json(await data()) }\n",
			"next.config.mjs": cacheComponentsConfig,
		}, "lib/data.ts:1:1: Only async functions are allowed to be exported in a \"use cache\" file."},
		{"a cached class method", map[string]string{
			"app/x/route.ts":  "class Repo {\n  async all() {\n    'use cache'\n    return []\n  }\n}\nexport async function GET() { return Response.json(await new Repo().all()) }\n",
			"next.config.mjs": cacheComponentsConfig,
		}, "app/x/route.ts:3:1: It is not allowed to define inline \"use cache\" annotated class instance methods."},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, err := jsrt.New(context.Background(), jsrt.Options{Dir: fixtures.Write(t, c.files), Workers: 1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err == nil {
				h.Close()
				t.Fatalf("started; want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q\nwant it to hold %q", err, c.want)
			}
		})
	}
}

// A Cache Components prerender tells cached data from uncached IO: a
// handler whose only IO is inside 'use cache' is static; one that waits
// on anything else, or reads request data, is served per request.
func TestCacheComponentsPrerender(t *testing.T) {
	files := map[string]string{
		"next.config.mjs": cacheComponentsConfig,
		"lib/slow.ts": `import { cacheLife } from 'next/cache'
export async function slowCached() {
  'use cache'
  cacheLife('hours')
  await new Promise((r) => setTimeout(r, 20))
  return { id: crypto.randomUUID() }
}
`,
		"app/cached-io/route.ts": `import { slowCached } from '../../lib/slow'
export async function GET() { return Response.json(await slowCached()) }
`,
		"app/uncached-io/route.ts": `let calls = 0
export async function GET() {
  await new Promise((r) => setTimeout(r, 20))
  return Response.json({ calls: ++calls })
}
`,
		"app/headers/route.ts": `export async function GET(request: Request) {
  return Response.json({ ua: request.headers.get('user-agent'), id: crypto.randomUUID() })
}
`,
		"app/clock/route.ts": `export async function GET() { return Response.json({ id: String(Math.random()) }) }
`,
		"app/inside/route.ts": `import { revalidateTag } from 'next/cache'
import { connection } from 'next/server'
async function sneaky() {
  'use cache'
  revalidateTag('x', 'max')
  return 1
}
export async function GET() {
  await connection()
  try { await sneaky(); return new Response('ran') } catch (e) { return new Response(e.message.slice(0, 40)) }
}
`,
	}
	a := serveApp(t, fixtures.Write(t, files), jsrt.Options{})
	for _, c := range []struct {
		path   string
		static bool
	}{
		{"/cached-io", true},
		{"/uncached-io", false},
		{"/headers", false},
		{"/clock", false},
	} {
		first, second := a.get(c.path), a.get(c.path)
		if first.Status != 200 || second.Status != 200 {
			t.Errorf("%s: %d, %d", c.path, first.Status, second.Status)
			continue
		}
		label := first.Header.Get("X-Nextjs-Cache")
		if c.static && (label != "HIT" || first.Body != second.Body || first.Header.Get("Cache-Control") != "s-maxage=3600, stale-while-revalidate=82800") {
			t.Errorf("%s: want prerendered for cacheLife('hours'), got %q %q, bodies %s / %s", c.path, label, first.Header.Get("Cache-Control"), first.Body, second.Body)
		}
		if !c.static && (label != "" || first.Body == second.Body) {
			t.Errorf("%s: want dynamic, got x-nextjs-cache %q, bodies %s / %s", c.path, label, first.Body, second.Body)
		}
	}
	// An error inside a cached function reaches its caller masked, and
	// the log has the error itself.
	if res := a.get("/inside"); res.Body != "An error occurred in the Server Componen" ||
		!strings.Contains(a.logs.String(), "`revalidateTag(\\\"x\\\")` can't be called inside a cached function") {
		t.Errorf("revalidateTag inside 'use cache': %q\n%s", res.Body, a.logs.String())
	}
	if !strings.Contains(a.logs.String(), `route=app/uncached-io/route.ts used="IO that was not cached"`) {
		t.Errorf("the log does not say why /uncached-io is dynamic:\n%s", a.logs.String())
	}
}

// Without Cache Components, a route static by default (a metadata route,
// one with generateStaticParams, one with revalidate) that reads request
// data is served per request, as `next build` finds; force-static ones
// stay static and see an empty request.
func TestLegacyPrerenderFindsDynamicRoutes(t *testing.T) {
	files := map[string]string{
		"app/sitemap.ts": `import { headers } from 'next/headers'
export default async function sitemap() {
  const host = (await headers()).get('host')
  return [{ url: 'http://' + host + '/' + crypto.randomUUID() }]
}
`,
		"app/isr/route.ts": `export const revalidate = 60
export async function GET(request: Request) { return Response.json({ q: new URL(request.url).search, id: crypto.randomUUID() }) }
`,
		"app/forced/route.ts": `export const dynamic = 'force-static'
export async function GET(request: Request) { return Response.json({ ua: request.headers.get('user-agent'), id: crypto.randomUUID() }) }
`,
		"app/plain-isr/route.ts": `export const revalidate = 60
export async function GET() { return Response.json({ id: crypto.randomUUID() }) }
`,
	}
	a := serveApp(t, fixtures.Write(t, files), jsrt.Options{})
	for _, c := range []struct {
		path   string
		static bool
	}{
		{"/sitemap.xml", false},
		{"/isr?x=1", false},
		{"/forced", true},
		{"/plain-isr", true},
	} {
		first, second := a.get(c.path), a.get(c.path)
		label := first.Header.Get("X-Nextjs-Cache")
		if c.static != (label == "HIT" && first.Body == second.Body) || first.Status != 200 {
			t.Errorf("%s: static %v: got %d x-nextjs-cache %q, bodies %s / %s", c.path, c.static, first.Status, label, first.Body, second.Body)
		}
	}
}

// Two instances on one Redis share 'use cache' entries and the tags
// revalidated on either.
func TestUseCacheRedis(t *testing.T) {
	url := startRedis(t)
	opts := jsrt.Options{RedisURL: url, RedisPrefix: "usecache:"}
	one, two := serveApp(t, useCacheApp, opts), serveApp(t, useCacheApp, opts)

	first := one.get("/tagged").Body
	if got := two.get("/tagged").Body; got != first {
		t.Fatalf("the second instance made its own entry: %s, then %s", first, got)
	}
	if one.get("/dyn/shared").Body[:60] != two.get("/dyn/shared").Body[:60] {
		t.Errorf("a cached function's entry by argument is not shared")
	}
	if res := two.do(http.MethodPost, "/revalidate?tag=stamp-tagged&profile=max", nil); res.Status != 200 {
		t.Fatalf("revalidateTag: %d %s", res.Status, res.Body)
	}
	if got := one.get("/tagged").Body; got != first {
		t.Errorf("after revalidateTag max the other instance should serve the stale entry once: %s", got)
	}
	var fresh string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got := one.get("/tagged").Body; got != first {
			fresh = got
			break
		}
	}
	if fresh == "" {
		t.Fatal("the stale entry was never remade")
	}
	if got := two.get("/tagged").Body; got != fresh {
		t.Errorf("the instances disagree after the refresh: %s and %s", fresh, got)
	}
	two.do(http.MethodPost, "/revalidate?tag=stamp-tagged", nil) // expires at once
	if got := one.get("/tagged").Body; got == fresh {
		t.Errorf("an expired tag's entry was served: %s", got)
	}
}
