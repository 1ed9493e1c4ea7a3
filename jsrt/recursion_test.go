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
// getter, sort's comparator, inside a promise job), throws V8's RangeError
// at a depth like V8's (10,000 frames), which the route can catch and
// answer from; uncaught, the request fails with 500 (the RangeError and
// its stack in the log). Either way the worker stays healthy: a request
// interleaved on it gets its answer and the next request is served, with
// the heap guard off as well (it used to be the only stop, after ~1 GB).
// (goja's own overflow is uncatchable and left the runtime unable to run
// promise jobs, so each one cost a worker: internal/goja/PATCHES.md.)
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
		files["app/caught-"+name+"/route.ts"] = "export async function GET() {\n  try {\n    " + code + "\n  } catch (e: any) {\n" +
			"    return new Response(e.name + ': ' + e.message + ' ' + (e instanceof RangeError))\n  }\n  return new Response('unreachable')\n}\n"
	}
	names := slices.Sorted(maps.Keys(routes))
	for _, heap := range []uint64{0, 512 << 20} {
		a := serveApp(t, fixtures.Write(t, files), jsrt.Options{Workers: 1, MaxHeapBytes: heap, RequestTimeout: time.Minute})
		for _, name := range names {
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
			caught := a.get("/caught-" + name)
			wg.Wait()
			if res.Status != 500 {
				t.Errorf("heap %d, GET /%s: %d %q, want 500", heap, name, res.Status, res.Body)
			}
			if want := "RangeError: Maximum call stack size exceeded true"; caught.Status != 200 || caught.Body != want {
				t.Errorf("heap %d, GET /caught-%s: %d %q, want %q", heap, name, caught.Status, caught.Body, want)
			}
			if slow.Status != 200 || slow.Body != "slow" {
				t.Errorf("heap %d, /%s: the interleaved request got %d %q", heap, name, slow.Status, slow.Body)
			}
			if res := a.get("/ok"); res.Status != 200 {
				t.Errorf("heap %d, after /%s: GET /ok %d", heap, name, res.Status)
			}
			t.Logf("heap %d, /%s: %d after %v", heap, name, res.Status, took.Round(time.Millisecond))
		}
		logs := a.logs.String()
		if n := strings.Count(logs, "RangeError: Maximum call stack size exceeded\\n    at "); n != len(names) {
			t.Errorf("heap %d: %d stack overflows logged with their stacks, want %d:\n%s", heap, n, len(names), logs)
		}
		if strings.Contains(logs, "worker replaced") {
			t.Errorf("heap %d: a worker was replaced:\n%s", heap, logs)
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
