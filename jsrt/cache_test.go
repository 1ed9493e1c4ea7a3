package jsrt_test

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

	first := a.get("/static", "User-Agent", "visitor")
	if got := first.Header.Get("X-Nextjs-Cache"); got != "MISS" {
		t.Fatalf("first GET /static: x-nextjs-cache %q, want MISS", got)
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
		id := a.expectCache("/isr", "MISS", "", false)
		if got := a.get("/isr").Header.Get("Cache-Control"); got != "s-maxage=1, stale-while-revalidate=31535999" {
			t.Errorf("Cache-Control %q", got)
		}
		time.Sleep(1100 * time.Millisecond)
		a.expectCache("/isr", "STALE", id, true)
		a.eventuallyFresh("/isr", id)
	})

	t.Run("one entry per path", func(t *testing.T) {
		a := *a
		a.t = t
		one := a.expectCache("/items/1", "MISS", "", false)
		two := a.expectCache("/items/2", "MISS", one, false)
		a.expectCache("/items/1", "HIT", one, true)
		a.expectCache("/items/2", "HIT", two, true)
		a.revalidate("path=/items/[id]&type=page")
		a.expectCache("/items/1", "MISS", one, false)
		a.expectCache("/items/2", "MISS", two, false)
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
		id := a.expectCache("/tagged", "MISS", "", false)
		id = a.expectCache("/tagged", "HIT", id, true)
		a.revalidate("tag=posts&profile=max") // stale: served once more while remade
		a.expectCache("/tagged", "STALE", id, true)
		id = a.eventuallyFresh("/tagged", id)
		a.revalidate("tag=posts") // no profile: expired at once
		a.expectCache("/tagged", "MISS", id, false)
		a.revalidate("tag=unrelated")
		a.expectCache("/tagged", "HIT", "", false)
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
		if memo("x") == x {
			t.Error("revalidateTag did not expire unstable_cache's result")
		}
	})
}

// startRedis runs a redis-server on a free loopback port for one test. The
// test is skipped where redis-server is not installed, unless
// JSROUTES_REQUIRE_REDIS is set (.ci/run sets it after installing Redis).
func startRedis(t *testing.T) string {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("JSROUTES_REQUIRE_REDIS") != "" {
			t.Fatal("redis-server is required (JSROUTES_REQUIRE_REDIS is set) but not installed")
		}
		t.Skip("redis-server is not installed (apt-get install redis-server)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir := t.TempDir()
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no",
		"--dir", dir, "--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "redis://" + addr + "/0"
		}
	}
	t.Fatal("redis-server did not start listening within 10s")
	return ""
}

// TestRedisCache runs two instances on one Redis, as behind a load balancer.
func TestRedisCache(t *testing.T) {
	url := startRedis(t)
	upURL, hits := counter(t)
	opts := jsrt.Options{RedisURL: url, RedisPrefix: "test:", Env: map[string]string{"UPSTREAM": upURL}}
	one, two := serveApp(t, cacheApp, opts), serveApp(t, cacheApp, opts)

	id := one.expectCache("/static", "MISS", "", false)
	two.expectCache("/static", "HIT", id, true)
	two.revalidate("path=/static")
	id = one.expectCache("/static", "MISS", id, false)
	two.expectCache("/static", "HIT", id, true)

	id = one.expectCache("/tagged", "MISS", "", false)
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
	id = one.expectCache("/isr", "MISS", "", false)
	time.Sleep(1100 * time.Millisecond)
	one.expectCache("/isr", "STALE", id, true)
	two.expectCache("/isr", "STALE", id, true)
	fresh = one.eventuallyFresh("/isr", id)
	if _, other := two.cacheState("/isr"); other != fresh {
		t.Errorf("instances disagree after regeneration: %s and %s", fresh, other)
	}
}

// TestRedisUnavailable: a Redis that cannot be reached is a start-up error.
func TestRedisUnavailable(t *testing.T) {
	_, err := jsrt.New(t.Context(), jsrt.Options{Dir: cacheApp, RedisURL: "redis://127.0.0.1:1/0"})
	if err == nil || !strings.Contains(err.Error(), "connecting to redis at 127.0.0.1:1") {
		t.Fatalf("jsrt.New with an unreachable Redis: %v", err)
	}
}
