package jsrt_test

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
)

// Endless recursion, plain or through Go (a native callback, toJSON, a
// getter, sort's comparator, inside a promise job), ends in the request
// that started it and never takes the process down, with the heap guard
// off as well (it used to be the only stop, after ~1 GB): goja's stack
// overflow is uncatchable, so the request fails (500, with V8's RangeError
// and the stack in the log) and its worker is replaced, as a runaway one
// is; a request interleaved on that worker gets its answer (or a 503), and
// the next request is served. Through a native callback the overflow costs
// seconds at maxCallDepth (goja unwinds an uncatchable error by one Go
// panic per native frame), so with the guard on only two routes run again.
func TestEndlessRecursionIsBounded(t *testing.T) {
	routes := map[string]string{
		"plain":   `function f(): any { return f() } f()`,
		"map":     `function f(): any { return [1].map(f)[0] } f()`,
		"tojson":  `const o: any = { toJSON() { return JSON.stringify(o) } }; JSON.stringify(o)`,
		"getter":  `Object.defineProperty(globalThis, 'loop', { get() { return (globalThis as any).loop }, configurable: true }); (globalThis as any).loop`,
		"sort":    `function f(): any { return [2, 1].sort(() => f()) } f()`,
		"promise": `await null; function f(): any { return f() } f()`,
	}
	files := map[string]string{
		"app/ok/route.ts":   "export const GET = () => new Response('ok')\n",
		"app/slow/route.ts": "export async function GET() { await new Promise((r) => setTimeout(r, 300)); return new Response('slow') }\n",
	}
	for name, code := range routes {
		files["app/"+name+"/route.ts"] = "export async function GET() {\n  " + code + "\n  return new Response('unreachable')\n}\n"
	}
	for heap, run := range map[uint64][]string{0: slices.Sorted(maps.Keys(routes)), 512 << 20: {"plain", "promise"}} {
		a := serveApp(t, fixtures.Write(t, files), jsrt.Options{Workers: 1, MaxHeapBytes: heap, RequestTimeout: time.Minute})
		for _, name := range run {
			var wg sync.WaitGroup
			var slow result
			wg.Add(1)
			go func() {
				defer wg.Done()
				slow = a.get("/slow") // interleaved on the same worker
			}()
			time.Sleep(50 * time.Millisecond)
			start := time.Now()
			res := a.get("/" + name)
			took := time.Since(start)
			wg.Wait()
			if res.Status != 500 {
				t.Errorf("heap %d, GET /%s: %d %q, want 500", heap, name, res.Status, res.Body)
			}
			if !(slow.Status == 200 && slow.Body == "slow") && slow.Status != 503 {
				t.Errorf("heap %d, /%s: the interleaved request got %d %q", heap, name, slow.Status, slow.Body)
			}
			if res := a.get("/ok"); res.Status != 200 {
				t.Errorf("heap %d, after /%s: GET /ok %d", heap, name, res.Status)
			}
			t.Logf("heap %d, /%s: %d after %v", heap, name, res.Status, took.Round(time.Millisecond))
		}
		// The replacement is made off the loop: wait for its log line.
		for deadline := time.Now().Add(10 * time.Second); strings.Count(a.logs.String(), "worker replaced") < len(run) && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		logs := a.logs.String()
		if n := strings.Count(logs, "RangeError: Maximum call stack size exceeded\\n    at "); n != len(run) {
			t.Errorf("heap %d: %d stack overflows logged with their stacks, want %d:\n%s", heap, n, len(run), logs)
		}
		if n := strings.Count(logs, "worker replaced"); n != len(run) {
			t.Errorf("heap %d: %d workers replaced, want %d:\n%s", heap, n, len(run), logs)
		}
	}
}

// A lazy global read again while its own module runs (here: Blob's module
// builds a TextEncoder, whose getter the route made read Blob) used to run
// the module again from inside itself, through Go, until the process died.
// Now the inner read throws a TypeError that the route can catch, and Blob
// loads normally once TextEncoder is back.
func TestLazyGlobalReentry(t *testing.T) {
	a := serveApp(t, fixtures.Write(t, map[string]string{
		"app/reenter/route.ts": `export function GET() {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'TextEncoder')!
  Object.defineProperty(globalThis, 'TextEncoder', { get() { return (globalThis as any).Blob }, configurable: true })
  try {
    return new Response('made ' + new Blob(['x']).size)
  } catch (e: any) {
    return new Response(e.name + ': ' + e.message)
  } finally {
    Object.defineProperty(globalThis, 'TextEncoder', saved)
  }
}`,
		"app/blob/route.ts": "export const GET = () => new Response(String(new Blob(['xy']).size))\n",
	}), jsrt.Options{Workers: 1})
	if res := a.get("/reenter"); res.Status != 200 || !strings.HasPrefix(res.Body, "TypeError: ") {
		t.Errorf("GET /reenter: %d %q, want a caught TypeError", res.Status, res.Body)
	}
	if res := a.get("/blob"); res.Status != 200 || res.Body != "2" {
		t.Errorf("GET /blob after: %d %q", res.Status, res.Body)
	}
}
