package jsrt_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/jsrt"
)

func coreApp(t *testing.T) *app {
	return serveApp(t, "../fixtures/apps/core", jsrt.Options{Env: map[string]string{"FROM_OPTIONS": "options"}})
}

func TestRoutingConventions(t *testing.T) {
	a := coreApp(t)
	tests := []struct {
		path       string
		wantStatus int
		wantBody   string
	}{
		{"/", 200, "root"},
		{"/about", 200, "about"},            // (marketing) is a route group
		{"/marketing/about", 404, ""},       // …left out of the URL
		{"/_private/secret", 404, ""},       // private folders are ignored
		{"/secret", 404, ""},                // …with everything below them
		{"/_underscore", 200, "underscore"}, // %5F escapes a leading underscore
		{"/sitemap.xml", 200, "<urlset/>"},  // folder names may hold dots
		{"/blog/hello", 200, `{"route":"blog/[slug]","params":{"slug":"hello"}}`},
		{"/blog/latest", 200, `{"route":"blog/latest"}`}, // static beats dynamic; no params at all
		{"/blog/x/comments/9", 200, `{"route":"blog/[slug]/comments/[id]","params":{"slug":"x","id":"9"}}`},
		{"/docs/a/b/c", 200, `{"route":"docs/[...slug]","params":{"slug":["a","b","c"]}}`},
		{"/docs/intro", 200, `{"route":"docs/intro"}`}, // static beats catch-all
		{"/docs", 404, ""}, // a catch-all needs one segment
		{"/shop", 200, `{"route":"shop/[[...slug]]","params":{}}`}, // no key when empty
		{"/shop/a/b", 200, `{"route":"shop/[[...slug]]","params":{"slug":["a","b"]}}`},
		{"/shop/sale", 200, `{"route":"shop/sale"}`}, // static (in a group) beats optional catch-all
		{"/docs/a%2Fb/%C3%A9", 200, `{"route":"docs/[...slug]","params":{"slug":["a/b","é"]}}`},
		{"/sync-params/7", 200, "id=7"},
		{"/Blog/hello", 404, ""}, // paths are case-sensitive
	}
	for _, tt := range tests {
		res := a.get(tt.path)
		if res.Status != tt.wantStatus || (tt.wantBody != "" && res.Body != tt.wantBody) {
			t.Errorf("GET %s: %d %q, want %d %q", tt.path, res.Status, res.Body, tt.wantStatus, tt.wantBody)
		}
		if tt.wantStatus == 404 {
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || !strings.Contains(res.Body, "This page could not be found") {
				t.Errorf("GET %s: 404 should be the HTML not-found page, got %q %q", tt.path, ct, res.Body)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "private, no-cache, no-store, max-age=0, must-revalidate" {
				t.Errorf("GET %s: 404 Cache-Control %q", tt.path, cc)
			}
		}
	}
	// A parameter that is not valid percent-encoded UTF-8 fails as in Next.js 16.
	if res := a.get("/blog/%FF"); res.Status != 500 || res.Body != "Internal Server Error" || res.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("GET /blog/%%FF: %d %q, want Next's text 500", res.Status, res.Body)
	}
}

func TestHTTPSemantics(t *testing.T) {
	a := coreApp(t)
	tests := []struct {
		name       string
		method     string
		path       string
		wantStatus int
		wantHeader map[string]string
		wantBody   *string
	}{
		{"HEAD falls back to GET", "HEAD", "/", 200, map[string]string{"Content-Type": "text/plain;charset=UTF-8", "Content-Length": "4"}, ptr("")},
		{"automatic OPTIONS", "OPTIONS", "/", 204, map[string]string{"Allow": "GET, HEAD, OPTIONS"}, ptr("")},
		{"automatic OPTIONS lists every export", "OPTIONS", "/echo", 204, map[string]string{"Allow": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"}, ptr("")},
		{"OPTIONS without GET", "OPTIONS", "/only-post", 204, map[string]string{"Allow": "OPTIONS, POST"}, ptr("")},
		{"405 for a method not exported", "DELETE", "/", 405, map[string]string{"Allow": "", "Content-Type": ""}, ptr("")},
		{"HEAD without GET", "HEAD", "/only-post", 405, nil, ptr("")},
		{"GET without GET", "GET", "/only-post", 405, nil, ptr("")},
		{"trailing slash", "GET", "/about/", 308, map[string]string{"Location": "/about", "Refresh": "0;url=/about"}, ptr("/about")},
		{"trailing slash keeps the query", "GET", "/about/?x=1", 308, map[string]string{"Location": "/about?x=1"}, nil},
		{"double slashes", "GET", "//about", 308, map[string]string{"Location": "/about"}, nil},
		// Next.js normalizes slashes first, keeping the trailing one for the next redirect.
		{"double slashes, then the trailing one", "GET", "/a//about/?x=1", 308, map[string]string{"Location": "/a/about/?x=1"}, nil},
		// Browsers read "/\\evil.com" as "//evil.com": another host.
		{"backslashes are slashes", "GET", "//\\evil.com/", 308, map[string]string{"Location": "/evil.com/", "Refresh": "0;url=/evil.com/"}, nil},
		{"a backslash first", "GET", "/\\evil.com", 308, map[string]string{"Location": "/evil.com"}, nil},
		{"unknown path", "GET", "/nope", 404, nil, nil},
	}
	for _, tt := range tests {
		var res result
		if strings.Contains(tt.path, "\\") { // Go's client would escape it
			res = a.raw(tt.method + " " + tt.path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
		} else {
			res = a.do(tt.method, tt.path, nil)
		}
		if res.Status != tt.wantStatus {
			t.Errorf("%s: %s %s = %d, want %d", tt.name, tt.method, tt.path, res.Status, tt.wantStatus)
			continue
		}
		for k, v := range tt.wantHeader {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: header %s = %q, want %q", tt.name, k, got, v)
			}
		}
		if tt.wantBody != nil && res.Body != *tt.wantBody {
			t.Errorf("%s: body %q, want %q", tt.name, res.Body, *tt.wantBody)
		}
	}
}

func ptr(s string) *string { return &s }

func TestRequestObject(t *testing.T) {
	a := coreApp(t)
	port := a.URL[strings.LastIndexByte(a.URL, ':')+1:]
	var got struct {
		Method, URL, Pathname, Search, Host, Custom string
		Query                                       map[string]string
		Body                                        *string
	}
	decode := func(res result) {
		t.Helper()
		got.Body = nil
		if err := json.Unmarshal([]byte(res.Body), &got); err != nil {
			t.Fatalf("%d %q: %v", res.Status, res.Body, err)
		}
	}
	decode(a.get("/echo?a%20b=c%20d&x&e=%C3%A9", "X-Custom", "yes"))
	if want := "http://localhost:" + port + "/echo?a+b=c+d&x=&e=%C3%A9"; got.URL != want {
		t.Errorf("request.url = %q, want %q (localhost:<port>, query re-serialised)", got.URL, want)
	}
	if got.Pathname != "/echo" || got.Search != "?a+b=c+d&x=&e=%C3%A9" || got.Query["a b"] != "c d" || got.Query["e"] != "é" {
		t.Errorf("nextUrl: %+v", got)
	}
	if got.Host != "127.0.0.1:"+port || got.Custom != "yes" || got.Method != "GET" || got.Body != nil {
		t.Errorf("request: %+v", got)
	}
	decode(a.get("/echo", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example"))
	if want := "https://localhost:" + port + "/echo"; got.URL != want {
		t.Errorf("with X-Forwarded-Proto: %q, want %q (X-Forwarded-Host ignored)", got.URL, want)
	}
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		decode(a.do(m, "/echo", strings.NewReader("payload "+m)))
		if got.Method != m || got.Body == nil || *got.Body != "payload "+m {
			t.Errorf("%s: %+v", m, got)
		}
	}
}

func TestErrorsAreLoggedNotSent(t *testing.T) {
	a := coreApp(t)
	tests := []struct {
		path    string
		wantLog string // in the log, never in the response
	}{
		{"/errors/throw", "Error: boom from a route"},
		{"/errors/throw", "app/errors/throw/route.ts:2:"}, // source-mapped
		{"/errors/reject", "TypeError: rejected on purpose"},
		{"/errors/nested", "app/errors/nested/route.ts:2:"},
		{"/errors/not-response", "No response is returned from route handler 'app/errors/not-response/route.ts'"},
		{"/errors/sync-undefined", "No response is returned from route handler 'app/errors/sync-undefined/route.ts'"},
		{"/errors/response-error", "TypeError: The route handler returned Response.error()"},
		{"/errors/rewrite", "NextResponse.rewrite() was used in a app route handler"},
		{"/errors/next", "NextResponse.next() was used in a app route handler"},
		{"/errors/bad-status", "RangeError: Failed to construct 'Response': The status provided (99) is outside the range [200, 599]."},
		{"/errors/crlf-header", "TypeError: Headers.set:"},
	}
	for _, tt := range tests {
		res := a.get(tt.path)
		if res.Status != 500 || res.Body != "" || res.Header.Get("Content-Type") != "" {
			t.Errorf("GET %s: %d %q %q, want an empty 500 without a type", tt.path, res.Status, res.Body, res.Header.Get("Content-Type"))
		}
		if strings.Contains(res.Body, "route.ts") || res.Header.Get("Set-Cookie") != "" || res.Header.Get("X-Injected") != "" {
			t.Errorf("GET %s leaked %q %v", tt.path, res.Body, res.Header)
		}
		if !strings.Contains(a.logs.String(), tt.wantLog) {
			t.Errorf("GET %s: log lacks %q", tt.path, tt.wantLog)
		}
	}
	if strings.Contains(a.logs.String(), "jsroutes:runtime.js") && !strings.Contains(a.logs.String(), "NextResponse") {
		t.Errorf("logged stacks should show app frames, not the runtime's")
	}
}

func TestBundlingFeatures(t *testing.T) {
	a := coreApp(t)
	checks := []struct{ path, want string }{
		{"/env", `{"FROM_ENV":"env","FROM_LOCAL":"local","FROM_PRODUCTION":"production","OVERRIDDEN":"from .env.local","EXPANDED":"base-expanded","QUOTED":"quoted # not a comment","MULTILINE":"line1\nline2","FROM_OPTIONS":"options","NODE_ENV":"production","nodeEnvInlined":true}`},
		{"/imports", `{"greet":"hello ts paths","data":{"answer":42},"cjs":"commonjs","esm":"ESM","viaAls":"stored"}`},
		// Packages resolve per runtime: a Node.js route gets their Node build
		// (above), an edge route their edge build, both with react-server.
		{"/imports-edge", `{"esm":"ESM! (web build)"}`},
		{"/syntax", `{"seen":[1,2,3],"disposed":true,"counted":2,"sealed":true,"optional":"nullish","bigint":"18446744073709551616"}`},
		{"/timers", `["microtask","timeout","interval","interval"]`},
		// A package's imports of built-ins that cannot work load, and fail only when used;
		// node:fs reads under the project root only.
		{"/node-only", `{"shout":"WORKS!","hasExists":"function","read":"EACCES: permission denied, open '/etc/hostname'","uname":"The Node.js built-in module \"child_process\" is not available in jsroutes (imported by node_modules/node-only-pkg/index.js)"}`},
	}
	for _, c := range checks {
		if res := a.get(c.path); res.Status != 200 || res.Body != c.want {
			t.Errorf("GET %s: %d %s\nwant %s", c.path, res.Status, res.Body, c.want)
		}
	}
}

func TestProcessEnvironmentWinsOverEnvFiles(t *testing.T) {
	t.Setenv("OVERRIDDEN", "from the process")
	a := coreApp(t)
	var env map[string]any
	_ = json.Unmarshal([]byte(a.get("/env").Body), &env)
	if env["OVERRIDDEN"] != "from the process" {
		t.Errorf("OVERRIDDEN = %v, want the process environment's value", env["OVERRIDDEN"])
	}
}

func TestConsoleGoesToTheLogWithItsSource(t *testing.T) {
	a := coreApp(t)
	a.get("/console")
	logs := a.logs.String()
	for _, want := range []string{`msg="hello from a route { a: 1 }"`, "source=app/console/route.ts:2:", "Error: logged, not thrown", "level=ERROR"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestRoutesTable(t *testing.T) {
	a := coreApp(t)
	byPattern := map[string]jsrt.Route{}
	for _, r := range a.H.Routes() {
		byPattern[r.Pattern] = r
	}
	echo := byPattern["/echo"]
	if strings.Join(echo.Methods, ",") != "GET,POST,PUT,DELETE,PATCH" || echo.File != "app/echo/route.ts" {
		t.Errorf("/echo: %+v", echo)
	}
	for _, p := range []string{"/", "/about", "/_underscore", "/blog/[slug]", "/docs/[...slug]", "/shop/[[...slug]]", "/sitemap.xml"} {
		if _, ok := byPattern[p]; !ok {
			t.Errorf("route %s missing from %v", p, a.H.Routes())
		}
	}
	if _, ok := byPattern["/_private/secret"]; ok {
		t.Error("private folder routed")
	}
}
