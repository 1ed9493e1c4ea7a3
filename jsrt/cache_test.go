package jsrt_test

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/internal/servers"
	"github.com/jsroutes/jsroutes/jsrt"
)

const cacheApp = "../fixtures/apps/cache"

// cacheState is a cached route's answer: x-nextjs-cache and the body's id.
func (a *app) cacheState(path string) (label, id string) {
	a.t.Helper()
	res := a.get(path)
	if res.Status != http.StatusOK {
		a.t.Fatalf("GET %s: %d %s", path, res.Status, res.Body)
	}
	var body struct{ ID string }
	if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
		a.t.Fatalf("GET %s: %v in %q", path, err, res.Body)
	}
	return res.Header.Get("X-Nextjs-Cache"), body.ID
}

// expectCache asserts a cached route's label and whether its body is the
// one seen before (prev) or a new one; it returns the body's id.
func (a *app) expectCache(path, wantLabel, prev string, same bool) string {
	a.t.Helper()
	label, id := a.cacheState(path)
	if label != wantLabel || (id == prev) != same {
		a.t.Fatalf("GET %s: x-nextjs-cache %q, id %s (before: %s); want %q and same body %v", path, label, id, prev, wantLabel, same)
	}
	return id
}

// eventually polls a cached route until it answers HIT with a new body.
func (a *app) eventuallyFresh(path, old string) string {
	a.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if label, id := a.cacheState(path); label == "HIT" && id != old {
			return id
		}
		time.Sleep(50 * time.Millisecond)
	}
	a.t.Fatalf("GET %s: no regenerated response within 15s", path)
	return ""
}

func (a *app) revalidate(query string) {
	a.t.Helper()
	if res := a.do(http.MethodPost, "/revalidate?"+query, nil); res.Status != http.StatusOK {
		a.t.Fatalf("POST /revalidate?%s: %d %s", query, res.Status, res.Body)
	}
}

func TestRouteCache(t *testing.T) {
	a := serveApp(t, cacheApp, jsrt.Options{})

	// Cached routes are made at start-up, as next build makes them.
	first := a.get("/static", "User-Agent", "visitor")
	if got := first.Header.Get("X-Nextjs-Cache"); got != "HIT" {
		t.Fatalf("first GET /static: x-nextjs-cache %q, want HIT", got)
	}
	if !strings.Contains(first.Body, `"ua":null`) {
		t.Errorf("a prerender must not see the visitor's headers: %s", first.Body)
	}
	again := a.get("/static")
	if again.Body != first.Body || again.Header.Get("X-Nextjs-Cache") != "HIT" {
		t.Fatalf("second GET /static: %s %q, want HIT with %s", again.Header.Get("X-Nextjs-Cache"), again.Body, first.Body)
	}
	for name, want := range map[string]string{"Cache-Control": "s-maxage=31536000", "Content-Type": "application/json"} {
		if got := again.Header.Get(name); got != want {
			t.Errorf("GET /static %s: %q, want %q", name, got, want)
		}
	}
	if head := a.do(http.MethodHead, "/static", nil); head.Status != 200 || head.Body != "" || head.Header.Get("X-Nextjs-Cache") != "HIT" {
		t.Errorf("HEAD /static: %d %q %q", head.Status, head.Header.Get("X-Nextjs-Cache"), head.Body)
	}

	// Methods the prerendered route does not export: Next's 405.
	post := a.do(http.MethodPost, "/static", nil)
	if post.Status != 405 || post.Body != "Method Not Allowed" || !slices.Equal(post.Header.Values("Allow"), []string{"GET", "HEAD"}) {
		t.Errorf("POST /static: %d %q Allow %q", post.Status, post.Body, post.Header.Values("Allow"))
	}
	if res := a.do(http.MethodPost, "/both", nil); res.Status != 200 || res.Body != `{"posted":true}` {
		t.Errorf("POST /both (exported beside a cached GET): %d %s", res.Status, res.Body)
	}

	t.Run("revalidate seconds", func(t *testing.T) {
		a := *a
		a.t = t
		id := a.eventuallyFresh("/isr", "")
		if got := a.get("/isr").Header.Get("Cache-Control"); got != "s-maxage=1, stale-while-revalidate=31535999" {
			t.Errorf("Cache-Control %q", got)
		}
		time.Sleep(1100 * time.Millisecond)
		a.expectCache("/isr", "STALE", id, true)
		a.eventuallyFresh("/isr", id)
	})

	t.Run("generateStaticParams", func(t *testing.T) {
		a := *a
		a.t = t
		one := a.expectCache("/posts/first", "HIT", "", false)
		two := a.expectCache("/posts/second", "HIT", one, false)
		a.expectCache("/posts/first", "HIT", one, true)
		if res := a.get("/posts/other"); res.Status != 404 {
			t.Errorf("dynamicParams = false, unlisted param: %d", res.Status)
		}
		// With dynamicParams left true, an unlisted param is made on its
		// first request and cached.
		b := a.expectCache("/listed/b", "MISS", "", false)
		a.expectCache("/listed/b", "HIT", b, true)
		// Without generateStaticParams a dynamic route is not cached.
		label, item := a.cacheState("/items/1")
		if again, _ := a.cacheState("/items/1"); label != "" || again == item {
			t.Errorf("/items/1 (no generateStaticParams): x-nextjs-cache %q, cached body %v", label, again == item)
		}
		a.revalidate("path=/posts/[slug]&type=page")
		a.expectCache("/posts/first", "MISS", one, false)
		a.expectCache("/posts/second", "MISS", two, false)
	})

	t.Run("revalidatePath", func(t *testing.T) {
		a := *a
		a.t = t
		_, id := a.cacheState("/static")
		a.revalidate("path=/static")
		id = a.expectCache("/static", "MISS", id, false)
		a.expectCache("/static", "HIT", id, true)
		a.revalidate("path=/&type=layout") // everything under the root
		a.expectCache("/static", "MISS", id, false)
	})

	t.Run("revalidateTag", func(t *testing.T) {
		a := *a
		a.t = t
		id := a.eventuallyFresh("/tagged", "") // revalidatePath("/", "layout") above expired it
		data := func() string {
			var body struct{ Data struct{ Posts string } }
			_ = json.Unmarshal([]byte(a.get("/tagged").Body), &body)
			return body.Data.Posts
		}
		before := data()
		a.revalidate("tag=posts&profile=max") // stale: served once more while remade
		a.expectCache("/tagged", "STALE", id, true)
		id = a.eventuallyFresh("/tagged", id)
		if data() == before {
			t.Error("the regenerated response used the stale unstable_cache result")
		}
		a.revalidate("tag=posts") // no profile: expired at once
		id = a.expectCache("/tagged", "MISS", id, false)
		a.revalidate("tag=unrelated")
		a.expectCache("/tagged", "HIT", id, true)
	})
}

// counter is an upstream that counts its requests.
func counter(t *testing.T) (string, *atomic.Int32) {
	var n atomic.Int32
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"hit":%d}`, n.Add(1))
	})
	return up.URL, &n
}

func TestDataCache(t *testing.T) {
	upURL, hits := counter(t)
	a := serveApp(t, cacheApp, jsrt.Options{Env: map[string]string{"UPSTREAM": upURL}})
	fetched := func(query string) string {
		t.Helper()
		res := a.get("/fetched" + query)
		if res.Status != 200 || !strings.Contains(res.Body, `"type":"application/json"`) || !strings.Contains(res.Body, `"url":"`+upURL) {
			t.Fatalf("GET /fetched%s: %d %s", query, res.Status, res.Body)
		}
		return res.Body
	}
	expectHits := func(want int32) {
		t.Helper()
		if got := hits.Load(); got != want {
			t.Fatalf("upstream requests: %d, want %d", got, want)
		}
	}
	one := fetched("")
	if fetched("") != one {
		t.Error("a fetch with next.revalidate was not answered from the data cache")
	}
	expectHits(1)
	fetched("?mode=no-store")
	fetched("?mode=no-store")
	expectHits(3)
	fetched("?mode=force-cache")
	fetched("?mode=force-cache")
	expectHits(4)
	a.revalidate("tag=upstream")
	if fetched("") == one {
		t.Error("revalidateTag did not expire the tagged fetch")
	}
	expectHits(5)

	// Stale data is returned once more while one background fetch refreshes it.
	short := fetched("?mode=short")
	expectHits(6)
	time.Sleep(1100 * time.Millisecond)
	if fetched("?mode=short") != short {
		t.Error("stale data was not served while refreshing")
	}
	deadline := time.Now().Add(10 * time.Second)
	for fetched("?mode=short") == short {
		if time.Now().After(deadline) {
			t.Fatal("the refreshed data was not stored within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	expectHits(7) // one refresh, however many requests saw the stale data

	t.Run("unstable_cache", func(t *testing.T) {
		memo := func(k string) string {
			res := a.get("/memo?k=" + k)
			if res.Status != 200 || !strings.Contains(res.Body, `"key":"`+k+`"`) {
				t.Fatalf("GET /memo?k=%s: %d %s", k, res.Status, res.Body)
			}
			return res.Body
		}
		x := memo("x")
		if memo("x") != x {
			t.Error("unstable_cache ran again for the same argument")
		}
		if memo("y") == x {
			t.Error("unstable_cache answered another argument's result")
		}
		a.revalidate("tag=memo")
		x2 := memo("x")
		if x2 == x {
			t.Error("revalidateTag did not expire unstable_cache's result")
		}
		a.revalidate("path=/elsewhere")
		if memo("x") != x2 {
			t.Error("revalidatePath of another path expired the data")
		}
		a.revalidate("path=/memo") // the data a path reads answers to its path too
		if memo("x") == x2 {
			t.Error("revalidatePath did not expire the data read by that path")
		}
	})
}

// startRedis runs a redis-server on a free loopback port for one test
// (internal/servers: skipped where it is not installed, unless
// JSROUTES_REQUIRE_REDIS is set).
func startRedis(t *testing.T) string {
	url, _ := servers.Redis(t, 0)
	return url
}

// When Redis goes away the app serves uncached, quickly, and says so once;
// when it comes back, caching resumes. (unstable_cache routes answered 500
// on every request, and a blackholed Redis cost 8-15 s a request.)
func TestRedisGoesAway(t *testing.T) {
	url, kill := servers.Redis(t, 0)
	port, _ := strconv.Atoi(url[strings.LastIndexByte(url, ':')+1 : strings.LastIndexByte(url, '/')])
	a := serveApp(t, cacheApp, jsrt.Options{RedisURL: url, RedisPrefix: "away:"})
	memo := func() (int, string) {
		res := a.get("/memo?k=a")
		return res.Status, res.Body
	}
	_, first := memo()
	if _, again := memo(); again != first {
		t.Fatalf("unstable_cache does not cache: %s then %s", first, again)
	}
	kill()
	for i := range 5 {
		start := time.Now()
		status, body := memo()
		if status != 200 || body == first {
			t.Errorf("with Redis gone, GET /memo %d: %d %s (want a fresh, uncached 200)", i, status, body)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("with Redis gone, GET /memo %d took %v", i, d)
		}
		if res := a.get("/static"); res.Status != 200 {
			t.Errorf("with Redis gone, GET /static: %d", res.Status)
		}
	}
	if n := strings.Count(a.logs.String(), "cache store unavailable"); n != 1 {
		t.Errorf("the outage was logged %d times:\n%s", n, a.logs.String())
	}
	servers.Redis(t, port) // back, empty
	deadline := time.Now().Add(40 * time.Second)
	for {
		_, one := memo()
		if _, two := memo(); two == one {
			break // cached again
		}
		if time.Now().After(deadline) {
			t.Fatalf("caching did not resume after Redis came back:\n%s", a.logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(a.logs.String(), "caching resumes") {
		t.Errorf("the recovery is not logged:\n%s", a.logs.String())
	}
}

// A Redis that accepts connections and never answers costs a request at
// most the breaker's timeout, and the requests after it nothing.
func TestRedisBlackholed(t *testing.T) {
	url, kill := servers.Redis(t, 0)
	addr := url[len("redis://"):strings.LastIndexByte(url, '/')]
	a := serveApp(t, cacheApp, jsrt.Options{RedisURL: url, RedisPrefix: "hole:"})
	kill()
	hole, err := net.Listen("tcp", addr) // takes connections, says nothing
	if err != nil {
		t.Skipf("cannot take over %s: %v", addr, err)
	}
	defer hole.Close()
	go func() {
		for {
			c, err := hole.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	var slow int
	for i := range 6 {
		start := time.Now()
		if res := a.get("/memo?k=b"); res.Status != 200 {
			t.Errorf("GET /memo %d: %d", i, res.Status)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("GET /memo %d took %v", i, d)
		} else if d > 500*time.Millisecond {
			slow++
		}
	}
	if slow > 2 {
		t.Errorf("%d of 6 requests waited on the blackholed Redis: the breaker did not open", slow)
	}
}

// TestRedisCache runs two instances on one Redis, as behind a load balancer.
func TestRedisCache(t *testing.T) {
	url := startRedis(t)
	upURL, hits := counter(t)
	gate, gateURL := newGate(t)
	opts := jsrt.Options{RedisURL: url, RedisPrefix: "test:", Env: map[string]string{"UPSTREAM": upURL, "GATE": gateURL}}
	one, two := serveApp(t, cacheApp, opts), serveApp(t, cacheApp, opts)

	id := one.expectCache("/static", "HIT", "", false) // the first to start made it
	two.expectCache("/static", "HIT", id, true)
	two.revalidate("path=/static")
	id = one.expectCache("/static", "MISS", id, false)
	two.expectCache("/static", "HIT", id, true)

	id = one.expectCache("/tagged", "HIT", "", false)
	two.expectCache("/tagged", "HIT", id, true)
	one.revalidate("tag=posts&profile=max")
	two.expectCache("/tagged", "STALE", id, true)
	fresh := two.eventuallyFresh("/tagged", id)
	one.expectCache("/tagged", "HIT", fresh, true)

	body := one.get("/fetched").Body
	if two.get("/fetched").Body != body || hits.Load() != 1 {
		t.Errorf("the second instance did not use the first's fetch data (%d upstream requests)", hits.Load())
	}

	// Stale on both at once: the regenerations agree on one new response.
	// The route's regeneration waits on the gate, so while it is closed
	// nothing remakes the entry: what each instance answers depends on no
	// timing (a 1.1 s sleep raced a 1 s revalidate under load before).
	gate.close()
	for label, stale := "", ""; label != "STALE"; {
		time.Sleep(100 * time.Millisecond)
		label, stale = one.cacheState("/isr-gated")
		id = stale
	}
	one.expectCache("/isr-gated", "STALE", id, true)
	two.expectCache("/isr-gated", "STALE", id, true) // one holds the regeneration lock
	gate.open()
	fresh = one.eventuallyFresh("/isr-gated", id)
	if _, other := two.cacheState("/isr-gated"); other != fresh {
		t.Errorf("instances disagree after regeneration: %s and %s", fresh, other)
	}
}

// gate is an upstream that answers only while it is open.
type gate struct {
	mu     sync.Mutex
	opened chan struct{}
}

func newGate(t *testing.T) (*gate, string) {
	g := &gate{opened: make(chan struct{})}
	close(g.opened)
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		ch := g.opened
		g.mu.Unlock()
		select {
		case <-ch:
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	})
	return g, up.URL
}

func (g *gate) close() {
	g.mu.Lock()
	g.opened = make(chan struct{})
	g.mu.Unlock()
}

func (g *gate) open() {
	g.mu.Lock()
	close(g.opened)
	g.mu.Unlock()
}

// TestRedisUnavailable: a Redis that cannot be reached is a start-up error.
func TestRedisUnavailable(t *testing.T) {
	_, err := jsrt.New(t.Context(), jsrt.Options{Dir: cacheApp, RedisURL: "redis://127.0.0.1:1/0"})
	if err == nil || !strings.Contains(err.Error(), "connecting to redis at 127.0.0.1:1") {
		t.Fatalf("jsrt.New with an unreachable Redis: %v", err)
	}
}

// TestPrebuiltCache: jsroutes build prerenders, and a server started from
// the bundle serves the build's responses.
func TestPrebuiltCache(t *testing.T) {
	out := t.TempDir()
	if _, err := jsrt.Build(t.Context(), jsrt.BuildOptions{Dir: cacheApp, Out: out}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "jsroutes-prerender.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries map[string]struct{ B []byte }
	if err := json.Unmarshal(data, &entries); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"route:/static", "route:/posts/first", "route:/posts/second", "route:/tagged"} {
		if _, ok := entries[key]; !ok {
			t.Errorf("the build did not prerender %s (has %d entries)", key, len(entries))
		}
	}
	if _, ok := entries["route:/items/[id]"]; ok {
		t.Error("a dynamic route without generateStaticParams was prerendered")
	}
	a := serveApp(t, out, jsrt.Options{})
	if res := a.get("/static"); res.Body != string(entries["route:/static"].B) || res.Header.Get("X-Nextjs-Cache") != "HIT" {
		t.Errorf("GET /static from the bundle: %q %s, want the build's %s", res.Header.Get("X-Nextjs-Cache"), res.Body, entries["route:/static"].B)
	}
}

// TestDevDoesNotCache: with Options.Dev (jsroutes dev) cached routes run on
// every request, as under next dev.
func TestDevDoesNotCache(t *testing.T) {
	a := serveApp(t, cacheApp, jsrt.Options{Dev: true})
	label, id := a.cacheState("/static")
	again, id2 := a.cacheState("/static")
	if label != "" || again != "" || id == id2 {
		t.Errorf("dev: x-nextjs-cache %q then %q, same body %v; want no cache", label, again, id == id2)
	}
}
