package jsrt

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/fixtures"
)

// publicImports imports every module route code may import, for the
// isolation tests: what they export is part of the public platform.
const publicImports = `
import * as server from 'next/server'
import * as nextHeaders from 'next/headers'
import * as navigation from 'next/navigation'
import * as nextCache from 'next/cache'
import * as asyncHooks from 'node:async_hooks'
import * as buffer from 'node:buffer'
import * as nodeCrypto from 'node:crypto'
import * as events from 'node:events'
import * as path from 'node:path'
import * as util from 'node:util'
import * as url from 'node:url'
import * as querystring from 'node:querystring'
import * as stringDecoder from 'node:string_decoder'
import * as stream from 'node:stream'
import * as streamPromises from 'node:stream/promises'
import * as streamWeb from 'node:stream/web'
import * as timersPromises from 'node:timers/promises'
import * as proc from 'node:process'
import * as assert from 'node:assert'
const modules = { server, nextHeaders, navigation, nextCache, asyncHooks, buffer, nodeCrypto, events, path, util, url,
  querystring, stringDecoder, stream, streamPromises, streamWeb, timersPromises, proc, assert }
`

// walkRoute collects every object reachable from the public platform: the
// global object, every public module, a request and its context, and an
// instance of each Web platform class, through own properties (symbols
// too), accessors (their functions, and what they return), prototypes and
// the entries of Maps and Sets. It leaves them in globalThis.__reached.
const walkRoute = publicImports + `
export async function POST(request, context) {
  const roots = [globalThis, modules, request, context, request.nextUrl, request.cookies, request.headers, request.signal]
  const res = server.NextResponse.json({ a: 1 })
  res.cookies.set('a', 'b')
  roots.push(res, res.cookies, res.headers, nextHeaders.cookies(), nextHeaders.headers(), nextHeaders.draftMode())
  roots.push(new Blob(['x']), new File(['x'], 'f'), new FormData(), new ReadableStream(), new WritableStream(), new TransformStream(),
    new TextEncoder(), new TextDecoder(), new URL('http://x/?a=1'), new URLSearchParams('a=1'), new URLPattern({ pathname: '/a' }),
    new AbortController(), AbortSignal.timeout(1000), new Headers({ a: '1' }), new Request('http://x/', { method: 'POST', body: 'x' }),
    new Response('x'), Response.json(1), new CompressionStream('gzip'), new DecompressionStream('gzip'), buffer.Buffer.from('x'),
    new EventTarget(), new Event('x'), new CustomEvent('x'), new DOMException('x'), new events.EventEmitter(), new stream.Readable(),
    new stringDecoder.StringDecoder(), nodeCrypto.createHash('sha256'), nodeCrypto.createHmac('sha256', 'k'), new asyncHooks.AsyncLocalStorage(),
    await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign']), structuredClone({ a: new Map([[1, 2]]) }),
    server.userAgent(request), new server.NextRequest('http://x/'), performance, console, process, setTimeout(() => {}, 1))
  roots.push(await request.formData().catch((e) => e), new Error('x'), (() => { try { null.x } catch (e) { return e } })())
  const seen = new Set()
  const queue = [...roots]
  while (queue.length > 0 && seen.size < 200000) {
    const v = queue.pop()
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) continue
    seen.add(v)
    let keys = []
    try { keys = Reflect.ownKeys(v) } catch {}
    for (const k of keys) {
      let d
      try { d = Object.getOwnPropertyDescriptor(v, k) } catch { continue }
      if (!d) continue
      if ('value' in d) queue.push(d.value)
      else {
        queue.push(d.get, d.set)
        try { queue.push(Reflect.get(v, k)) } catch {}
      }
    }
    try { queue.push(Object.getPrototypeOf(v)) } catch {}
    try { if (v instanceof Map) v.forEach((val, key) => queue.push(key, val)) } catch {}
    try { if (v instanceof Set) v.forEach((val) => queue.push(val)) } catch {}
  }
  globalThis.__reached = [...seen]
  return new Response(String(seen.size))
}
`

// serveOneWorker serves an app of files on one worker, for the tests that
// look inside the worker; both end with the test.
func serveOneWorker(t *testing.T, files map[string]string) (*Handler, *httptest.Server) {
	h, err := New(context.Background(), Options{Dir: fixtures.Write(t, files), Workers: 1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return h, srv
}

// Nothing route code can reach from the public platform is the host
// bridge, one of its functions, or the runtime's requires: the walk above
// touches every public object (loading every lazy module on the way), and
// Go compares what it found with the worker's bridge.
func TestNothingReachesTheBridge(t *testing.T) {
	h, srv := serveOneWorker(t, map[string]string{"app/walk/route.js": walkRoute})
	res, err := http.Post(srv.URL+"/walk", "application/x-www-form-urlencoded", strings.NewReader("a=1"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("POST /walk: %d %s", res.StatusCode, body)
	}
	w := h.pool.list()[0]
	type finding struct {
		reached, bridge int
		leaks           []string
	}
	done := make(chan finding)
	w.Enqueue(func() {
		var f finding
		defer func() { done <- f }()
		reached := w.rt.GlobalObject().Get("__reached").ToObject(w.rt)
		f.reached, f.bridge = int(reached.Get("length").ToInteger()), len(w.bridge)
		for i := range f.reached {
			v := reached.Get(strconv.Itoa(i))
			for _, b := range w.bridge {
				if obj, ok := b.(*goja.Object); ok && v.SameAs(obj) {
					f.leaks = append(f.leaks, v.String())
				}
			}
		}
	})
	f := <-done
	t.Logf("walked %d objects (response: %s) against %d bridge values", f.reached, body, f.bridge)
	if f.reached < 1500 || f.bridge < 50 {
		t.Errorf("the walk reached %d objects and the bridge has %d values: the test lost its reach", f.reached, f.bridge)
	}
	for _, l := range f.leaks {
		t.Errorf("route code reaches the bridge: %.120s", l)
	}
}

// The known ways into the runtime, tried by a route while another
// request holds a secret: each is closed, and the secret stays with its
// request.
func TestRouteCodeCannotReachAnotherRequest(t *testing.T) {
	_, srv := serveOneWorker(t, map[string]string{
		"app/hold/route.ts": `export async function GET(request: Request) {
  await new Promise((r) => setTimeout(r, 300))
  return new Response(request.headers.get('authorization'))
}`,
		"app/probe/route.ts": `export async function GET(request: Request) {
  const out: Record<string, string> = {}
  const dyn = (s: string) => ['jsroutes:', s].join('')
  const tries: Record<string, () => unknown> = {
    requireHost: () => (require as any)(dyn('host.js')).host,
    requireRuntime: () => (require as any)(dyn('runtime.js')),
    requireRequest: () => (require as any)(dyn('request.js')),
    requireStore: () => (require as any)(dyn('next/request-store.js')),
    requireLazyInternal: () => (require as any)(dyn('vendor/web-streams.js')),
    globalHost: () => (globalThis as any).__jsroutes_host,
    functionThis: () => Function('return this')().__jsroutes_host,
    indirectEval: () => (0, eval)('this').__jsroutes_host,
    sloppyThis: () => (function (this: any) { return this })()?.__jsroutes_host,
    callerChain: () => (function f() { return (f as any).caller })(),
    argumentsCallee: () => Function('return arguments.callee.caller')(),
  }
  for (const [name, fn] of Object.entries(tries)) {
    try {
      const v = fn()
      out[name] = v === undefined || v === null ? 'nothing' : 'GOT ' + typeof v
    } catch (e: any) {
      out[name] = 'threw ' + e.name
    }
  }
  return Response.json(out)
}`,
	})

	var wg sync.WaitGroup
	var held string
	wg.Add(1)
	go func() {
		defer wg.Done()
		req, _ := http.NewRequest("GET", srv.URL+"/hold", nil)
		req.Header.Set("Authorization", "Bearer secret-of-another")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		held = string(b)
	}()
	time.Sleep(100 * time.Millisecond)
	res, err := http.Get(srv.URL + "/probe")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	wg.Wait()
	if held != "Bearer secret-of-another" {
		t.Errorf("the holding request answered %q", held)
	}
	if strings.Contains(string(body), "secret-of-another") {
		t.Fatalf("the probe read another request's header: %s", body)
	}
	var out map[string]string
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("GET /probe: %d %s", res.StatusCode, body)
	}
	for name, got := range out {
		if strings.HasPrefix(got, "GOT") {
			t.Errorf("%s: %s", name, got)
		}
	}
	for _, name := range []string{"requireHost", "requireRuntime", "requireRequest", "requireStore", "requireLazyInternal"} {
		if out[name] != "threw Error" {
			t.Errorf("%s: %s, want the require to throw", name, out[name])
		}
	}
}
