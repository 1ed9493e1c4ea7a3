package jsrt_test

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"

	"github.com/andybalholm/brotli"
	"github.com/jsroutes/jsroutes/jsrt"
)

// fetchApp serves routes that fetch from a loopback upstream whose
// behaviour each path chooses.
func fetchApp(t *testing.T) (*app, *atomic.Int32) {
	var cancelled atomic.Int32
	acks := make(chan struct{}, 1)
	// arrivals[tag] is told when /slow?tag=… has reached the upstream, and
	// answers /arrived?tag=…: a route aborts a fetch only once the upstream
	// has it (under a loaded make test, an abort 50 ms after the fetch
	// once came before the upstream read the request, which it then never
	// saw cancelled).
	var arrivals sync.Map
	arrival := func(tag string) chan struct{} {
		ch, _ := arrivals.LoadOrStore(tag, make(chan struct{}, 1))
		return ch.(chan struct{})
	}
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/arrived":
			select {
			case <-arrival(r.URL.Query().Get("tag")):
			case <-time.After(10 * time.Second):
			}
		case "/slow":
			if tag := r.URL.Query().Get("tag"); tag != "" {
				select {
				case arrival(tag) <- struct{}{}:
				default: // told already
				}
			}
			select {
			case <-time.After(2 * time.Second):
				fmt.Fprint(w, "slow")
			case <-r.Context().Done():
				cancelled.Add(1)
			}
		case "/redirect":
			http.Redirect(w, r, "/final?from=redirect", http.StatusFound)
		case "/final":
			fmt.Fprint(w, "final "+r.URL.RawQuery)
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			fmt.Fprint(zw, "compressed with gzip")
			zw.Close()
		case "/br":
			w.Header().Set("Content-Encoding", "br")
			bw := brotli.NewWriter(w)
			fmt.Fprint(bw, "compressed with brotli")
			bw.Close()
		case "/stream":
			rc := http.NewResponseController(w)
			for i := 0; i < 3; i++ {
				fmt.Fprintf(w, "chunk%d;", i)
				_ = rc.Flush()
				time.Sleep(50 * time.Millisecond)
			}
		case "/stream-acked":
			// The next chunk only once the route has read this one (it
			// fetches /ack): a loaded machine cannot merge two chunks in
			// the socket, as 50 ms apart once did under make test.
			rc := http.NewResponseController(w)
			for i := 0; i < 3; i++ {
				fmt.Fprintf(w, "chunk%d;", i)
				_ = rc.Flush()
				if i < 2 {
					select {
					case <-acks:
					case <-time.After(10 * time.Second):
						return
					}
				}
			}
		case "/ack":
			acks <- struct{}{}
		case "/echo":
			w.Header().Set("Content-Type", "application/json")
			body := make([]byte, r.ContentLength)
			_, _ = r.Body.Read(body)
			_ = json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "ct": r.Header.Get("Content-Type"), "body": string(body), "ua": r.Header.Get("User-Agent"), "x": r.Header.Get("X-Custom")})
		case "/json-bad":
			fmt.Fprint(w, `{"a":`)
		case "/json-bom":
			fmt.Fprint(w, "\xEF\xBB\xBF{\"a\":[1,\"\xff\"]}")
		case "/nocontent":
			w.WriteHeader(http.StatusNoContent)
		case "/status":
			w.Header().Set("X-Up", "1")
			w.WriteHeader(418)
			fmt.Fprint(w, "teapot")
		default:
			fmt.Fprint(w, "ok")
		}
	})
	root := fixtures.Write(t, map[string]string{
		"app/fetch/route.ts": `export async function GET(request: Request) {
  const q = new URL(request.url).searchParams
  const path = q.get('path')
  const init: RequestInit = {}
  if (q.has('redirect')) init.redirect = q.get('redirect') as RequestRedirect
  if (q.has('timeout')) init.signal = AbortSignal.timeout(Number(q.get('timeout')))
  try {
    const res = await fetch('https://api.example.com' + path, init)
    return Response.json({ status: res.status, statusText: res.statusText, redirected: res.redirected, url: res.url,
      location: res.headers.get('location'), up: res.headers.get('x-up'), body: await res.text(),
      immutable: (() => { try { res.headers.set('x-up', '2'); return false } catch (e) { return e instanceof TypeError } })() })
  } catch (err: any) {
    return Response.json({ error: err.name, message: err.message, cause: err.cause?.message ?? null })
  }
}`,
		"app/abort/route.ts": abortOnceArrived("abort", "setTimeout(() => c.abort(), 50)"),
		// AbortSignal.timeout's abort, once the upstream has the request.
		"app/timeout/route.ts": abortOnceArrived("timeout", `const timeout = AbortSignal.timeout(50)
  timeout.addEventListener('abort', () => c.abort(timeout.reason))`),
		"app/post/route.ts": `export async function GET() {
  const res = await fetch('https://api.example.com/echo', {
    method: 'POST',
    headers: { 'x-custom': 'yes' },
    body: new URLSearchParams({ a: '1', b: 'two words' }),
  })
  return Response.json(await res.json())
}`,
		"app/stream/route.ts": `export async function GET() {
  const res = await fetch('https://api.example.com/stream-acked')
  const seen: string[] = []
  const decoder = new TextDecoder()
  for await (const chunk of res.body as any) {
    seen.push(decoder.decode(chunk))
    if (seen.length < 3) await fetch('https://api.example.com/ack')
  }
  return Response.json({ chunks: seen.length, text: seen.join('') })
}`,
		"app/passthrough/route.ts": `export async function GET() {
  const res = await fetch('https://api.example.com/stream')
  return new Response(res.body, { headers: { 'content-type': 'text/plain' } })
}`,
		"app/down/route.ts": `export async function GET() {
  try {
    await fetch('http://127.0.0.1:1/nothing-listens-here')
    return new Response('reached?!')
  } catch (err: any) {
    return Response.json({ name: err.name, message: err.message, hasCause: err.cause instanceof Error })
  }
}`,
		"app/fast/route.ts": `export const GET = () => new Response('fast')`,
		// json() of fetched and incoming bodies, errors as in Node; like
		// Node's, it parses with the global JSON.parse of the moment.
		"app/json/route.ts": `const outcome = (p: Promise<unknown>) => p.then((v) => ({ ok: v }), (e) => ({ error: e.name }))
export async function GET() {
  const good = await fetch('https://api.example.com/json-bom')
  const bad = await fetch('https://api.example.com/json-bad')
  const head = await fetch('https://api.example.com/json-bom', { method: 'HEAD' })
  const none = await fetch('https://api.example.com/nocontent')
  return Response.json({
    good: await outcome(good.json()), again: await outcome(good.json()), used: good.bodyUsed,
    bad: await outcome(bad.json()), head: [head.body, await outcome(head.json())], none: [none.status, await outcome(none.json())],
    replaced: await withParse(() => 'replaced', async () => (await fetch('https://api.example.com/json-bad')).json()),
  })
}
async function withParse(parse: any, f: () => Promise<unknown>) {
  const original = JSON.parse
  JSON.parse = parse
  try { return await f() } finally { JSON.parse = original }
}
export async function POST(request: Request) {
  return Response.json(await outcome(request.json()))
}`,
	})
	a := serveApp(t, root, jsrt.Options{Workers: 1, HTTPClient: up.client()})
	return a, &cancelled
}

func TestFetch(t *testing.T) {
	a, _ := fetchApp(t)
	tests := []struct{ path, want string }{
		{"/fetch?path=/plain", `"status":200,"statusText":"OK","redirected":false,"url":"https://api.example.com/plain","location":null,"up":null,"body":"ok"`},
		{"/fetch?path=/redirect", `"status":200,"statusText":"OK","redirected":true,"url":"https://api.example.com/final?from=redirect","location":null,"up":null,"body":"final from=redirect"`},
		{"/fetch?path=/redirect&redirect=manual", `"status":302,"statusText":"Found","redirected":false,"url":"https://api.example.com/redirect","location":"/final?from=redirect"`},
		{"/fetch?path=/redirect&redirect=error", `{"error":"TypeError","message":"fetch failed","cause":`},
		{"/fetch?path=/gzip", `"body":"compressed with gzip"`},
		{"/fetch?path=/br", `"body":"compressed with brotli"`},
		{"/fetch?path=/status", `"status":418,"statusText":"I'm a teapot","redirected":false,"url":"https://api.example.com/status","location":null,"up":"1","body":"teapot","immutable":true`},
		{"/post", `{"body":"a=1&b=two+words","ct":"application/x-www-form-urlencoded;charset=UTF-8","method":"POST","ua":"node","x":"yes"}`},
		{"/stream", `{"chunks":3,"text":"chunk0;chunk1;chunk2;"}`},
		{"/down", `{"name":"TypeError","message":"fetch failed","hasCause":true}`},
	}
	for _, tt := range tests {
		res := a.get(tt.path)
		if res.Status != 200 || !strings.Contains(res.Body, tt.want) {
			t.Errorf("GET %s: %d %s\nwant it to contain %s", tt.path, res.Status, res.Body, tt.want)
		}
	}
	if res := a.get("/passthrough"); res.Body != "chunk0;chunk1;chunk2;" {
		t.Errorf("an upstream body passed through: %q", res.Body)
	}
}

func TestBodyJSON(t *testing.T) {
	a, _ := fetchApp(t)
	want := `{"good":{"ok":{"a":[1,"�"]}},"again":{"error":"TypeError"},"used":true,"bad":{"error":"SyntaxError"},` +
		`"head":[null,{"error":"SyntaxError"}],"none":[204,{"error":"SyntaxError"}],"replaced":"replaced"}`
	if res := a.get("/json"); res.Body != want {
		t.Errorf("GET /json:\n got %s\nwant %s", res.Body, want)
	}
	for body, want := range map[string]string{
		`{"n":[1,2,{"x":null}]}`: `{"ok":{"n":[1,2,{"x":null}]}}`,
		`{"n":`:                  `{"error":"SyntaxError"}`,
		``:                       `{"error":"SyntaxError"}`,
	} {
		if res := a.do("POST", "/json", strings.NewReader(body)); res.Body != want {
			t.Errorf("POST /json %q: %s, want %s", body, res.Body, want)
		}
	}
}

// Aborting a fetch, by a signal or a timeout, cancels the Go request.
func TestFetchAbortCancelsTheUpstreamRequest(t *testing.T) {
	a, cancelled := fetchApp(t)
	start := time.Now()
	if res := a.get("/abort"); res.Body != `{"error":"AbortError"}` || time.Since(start) > time.Second {
		t.Errorf("abort: %s after %v", res.Body, time.Since(start))
	}
	if res := a.get("/timeout"); res.Body != `{"error":"TimeoutError"}` {
		t.Errorf("AbortSignal.timeout, upstream reached: %s", res.Body)
	}
	deadline := time.Now().Add(2 * time.Second)
	for cancelled.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := cancelled.Load(); n < 2 {
		t.Errorf("the upstream saw %d cancelled requests, want 2", n)
	}
	// fetch's own signal option, whether or not the upstream has the
	// request yet when it fires.
	if res := a.get("/fetch?path=/slow&timeout=50"); !strings.Contains(res.Body, `"error":"TimeoutError"`) {
		t.Errorf("AbortSignal.timeout: %s", res.Body)
	}
}

// abortOnceArrived is a route that fetches /slow?tag=tag with c's signal,
// waits until the upstream has the request (/arrived), then runs abort
// (JS that aborts c) and answers the fetch's error name.
func abortOnceArrived(tag, abort string) string {
	return `export async function GET() {
  const c = new AbortController()
  const pending = fetch('https://api.example.com/slow?tag=` + tag + `', { signal: c.signal })
  await (await fetch('https://api.example.com/arrived?tag=` + tag + `')).text()
  ` + abort + `
  try {
    await pending
    return new Response('not aborted')
  } catch (err: any) {
    return Response.json({ error: err.name })
  }
}`
}

// A handler awaiting a slow upstream does not hold up a fast route on the
// same worker (the app runs one worker).
func TestSlowFetchDoesNotBlockTheWorker(t *testing.T) {
	a, cancelled := fetchApp(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.get("/fetch?path=/slow&timeout=1500")
	}()
	time.Sleep(100 * time.Millisecond)
	for i := 0; i < 5; i++ {
		start := time.Now()
		if res := a.get("/fast"); res.Body != "fast" || time.Since(start) > time.Second {
			t.Errorf("fast route: %q after %v while a slow fetch runs", res.Body, time.Since(start))
		}
	}
	<-done
	_ = cancelled
}

// When the client of a request goes away, its fetches are cancelled.
func TestClientGoneCancelsFetch(t *testing.T) {
	a, cancelled := fetchApp(t)
	client := &http.Client{Timeout: 100 * time.Millisecond}
	if _, err := client.Get(a.URL + "/fetch?path=/slow"); err == nil {
		t.Fatal("a 100ms client got an answer from a 2s upstream")
	}
	deadline := time.Now().Add(2 * time.Second)
	for cancelled.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if cancelled.Load() == 0 {
		t.Error("the upstream request was not cancelled when the client left")
	}
}

// fetch() gives up as undici does on an upstream that never answers
// (headersTimeout) or stops sending its body (bodyTimeout): a TypeError
// whose cause has undici's code, instead of a wait with no end.
func TestFetchTimeouts(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stall-body" {
			w.Header().Set("Content-Length", "100")
			_, _ = w.Write([]byte("part"))
			w.(http.Flusher).Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	a := serveApp(t, fixtures.Write(t, map[string]string{
		"app/f/route.ts": `export async function GET(request: Request) {
  const what = new URL(request.url).searchParams.get('what')
  try {
    const res = await fetch(process.env.UPSTREAM + '/' + what)
    return new Response(await res.text())
  } catch (e: any) {
    return Response.json({ name: e.name, message: e.message, code: e.cause?.code })
  }
}`,
	}), jsrt.Options{FetchTimeout: 300 * time.Millisecond, Env: map[string]string{"UPSTREAM": up.URL}})
	for what, want := range map[string]string{
		"stall-headers": `{"name":"TypeError","message":"fetch failed","code":"UND_ERR_HEADERS_TIMEOUT"}`,
		"stall-body":    `{"name":"TypeError","message":"terminated","code":"UND_ERR_BODY_TIMEOUT"}`,
	} {
		start := time.Now()
		res := a.get("/f?what=" + what)
		if res.Status != 200 || res.Body != want {
			t.Errorf("%s: %d %s, want %s", what, res.Status, res.Body, want)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: answered after %v", what, d)
		}
	}
}
