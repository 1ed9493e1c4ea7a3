package plan

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/bundler"
	"github.com/jsroutes/jsroutes/fixtures"
)

// testPlanner is a planner over a small app, with no worker: the route
// files exist only for the scan, their exports are given here.
func testPlanner(t *testing.T, config map[string]any, proxy ...*Matcher) *Planner {
	t.Helper()
	methods := map[string][]string{
		"/":                  {"GET"},
		"/api/hello":         {"GET", "POST"},
		"/blog/[slug]":       {"GET"},
		"/docs/[...slug]":    {"GET"},
		"/static":            {"GET"},
		"/only/[id]":         {"GET"},
		"/shop/[[...slug]]":  {"GET"},
		"/api/upload":        {"POST"},
		"/api/items/[id]":    {"DELETE", "PATCH"},
		"/metadata/feed.xml": {"GET"},
	}
	files := map[string]string{}
	for pattern := range methods {
		files["app"+strings.TrimSuffix(pattern, "/")+"/route.ts"] = "export {}\n"
	}
	b, err := bundler.Build(context.Background(), bundler.Options{Dir: fixtures.Write(t, files)})
	if err != nil {
		t.Fatal(err)
	}
	routes := b.Routes
	cfg, err := ParseConfig(config)
	if err != nil {
		t.Fatal(err)
	}
	var list []Route
	for _, r := range routes {
		route := Route{Route: r, Methods: methods[r.Pattern]}
		switch r.Pattern {
		case "/static":
			route.Cached = true
		case "/only/[id]":
			route.Cached, route.OnlyListed, route.Listed = true, true, map[string]bool{"/only/1": true}
		}
		list = append(list, route)
	}
	var m *Matcher
	if len(proxy) > 0 {
		m = proxy[0]
	}
	return New(cfg, list, 1<<10, m)
}

// The planner decides Next.js's path semantics from the request alone.
func TestPlan(t *testing.T) {
	rules := map[string]any{
		"redirects": []any{
			map[string]any{"source": "/old/:path*", "destination": "/new/:path*", "permanent": true},
			map[string]any{"source": "/temp", "destination": "https://example.test/x", "permanent": false},
		},
		"headers": []any{
			map[string]any{"source": "/api/:path*", "headers": []any{map[string]any{"key": "x-api", "value": "1"}}},
		},
		"rewrites": map[string]any{
			"beforeFiles": []any{map[string]any{"source": "/before", "destination": "/api/hello"}},
			"afterFiles":  []any{map[string]any{"source": "/after/:x", "destination": "/blog/:x"}},
			"fallback": []any{
				map[string]any{"source": "/ext/:x", "destination": "https://upstream.test/:x"},
				map[string]any{"source": "/fb", "destination": "/static"},
			},
		},
	}
	type want struct {
		answer   Answer
		location string
		status   int
		pattern  string // the route's, for Run
		export   string
		path     string
		header   string // x-api
	}
	for _, tt := range []struct {
		name, method, target string
		config               map[string]any
		body                 int64 // Content-Length
		want                 want
	}{
		{"root", "GET", "/", nil, 0, want{answer: Run, pattern: "/", export: "GET", path: "/"}},
		{"static route", "GET", "/api/hello", nil, 0, want{answer: Run, pattern: "/api/hello", export: "GET", path: "/api/hello"}},
		{"HEAD from GET", "HEAD", "/api/hello", nil, 0, want{answer: Run, pattern: "/api/hello", export: "GET", path: "/api/hello"}},
		{"automatic OPTIONS", "OPTIONS", "/api/hello", nil, 0, want{answer: Options, location: "GET, HEAD, OPTIONS, POST"}},
		{"405", "PUT", "/api/hello", nil, 0, want{answer: MethodNotAllowed}},
		{"a method no route can export", "PROPFIND", "/api/hello", nil, 0, want{answer: UnknownMethod}},
		{"a made-up method on a cached route", "FROB", "/static", nil, 0, want{answer: UnknownMethod}},
		{"405 from a cached route", "POST", "/static", nil, 0, want{answer: StaticMethodNotAllowed}},
		{"no GET, no HEAD", "HEAD", "/api/upload", nil, 0, want{answer: MethodNotAllowed}},
		{"dynamic", "GET", "/blog/a%20b", nil, 0, want{answer: Run, pattern: "/blog/[slug]", export: "GET", path: "/blog/a%20b"}},
		{"catch-all", "GET", "/docs/a/b", nil, 0, want{answer: Run, pattern: "/docs/[...slug]", export: "GET", path: "/docs/a/b"}},
		{"optional catch-all, bare", "GET", "/shop", nil, 0, want{answer: Run, pattern: "/shop/[[...slug]]", export: "GET", path: "/shop"}},
		{"bad escape", "GET", "/blog/%E0%A4", nil, 0, want{answer: BadParam}},
		{"unknown", "GET", "/nope", nil, 0, want{answer: NotFound}},
		{"dynamicParams false, listed", "GET", "/only/1", nil, 0, want{answer: Run, pattern: "/only/[id]", export: "GET", path: "/only/1"}},
		{"dynamicParams false, unlisted", "GET", "/only/2", nil, 0, want{answer: NotFound}},
		{"dot segments", "GET", "/blog/../api/hello", nil, 0, want{answer: Run, pattern: "/api/hello", export: "GET", path: "/api/hello"}},
		{"trailing slash", "GET", "/api/hello/?q=1", nil, 0, want{answer: SlashRedirect, location: "/api/hello"}},
		{"backslash (no open redirect)", "GET", "//\\evil.com/", nil, 0, want{answer: SlashRedirect, location: "/evil.com/"}},
		{"double slash", "GET", "/api//hello", nil, 0, want{answer: SlashRedirect, location: "/api/hello"}},
		{"body over the limit", "POST", "/api/hello", nil, 2 << 10, want{answer: TooLarge}},
		{"body within the limit", "POST", "/api/hello", nil, 10, want{answer: Run, pattern: "/api/hello", export: "POST", path: "/api/hello"}},
		{"trailingSlash: true adds one", "GET", "/api/hello", map[string]any{"trailingSlash": true}, 0, want{answer: SlashRedirect, location: "/api/hello/"}},
		{"trailingSlash: true", "GET", "/api/hello/", map[string]any{"trailingSlash": true}, 0, want{answer: Run, pattern: "/api/hello", export: "GET", path: "/api/hello"}},
		{"skipTrailingSlashRedirect", "GET", "/api/hello/", map[string]any{"skipTrailingSlashRedirect": true}, 0, want{answer: Run, pattern: "/api/hello", export: "GET", path: "/api/hello"}},
		{"basePath", "GET", "/base/api/hello", map[string]any{"basePath": "/base"}, 0, want{answer: Run, pattern: "/api/hello", export: "GET", path: "/api/hello"}},
		{"basePath root", "GET", "/base", map[string]any{"basePath": "/base"}, 0, want{answer: Run, pattern: "/", export: "GET", path: "/"}},
		{"outside basePath", "GET", "/api/hello", map[string]any{"basePath": "/base"}, 0, want{answer: NotFound}},
		{"config redirect", "GET", "/old/a/b", rules, 0, want{answer: ConfigRedirect, location: "/new/a/b", status: 308}},
		{"external redirect", "GET", "/temp", rules, 0, want{answer: ConfigRedirect, location: "https://example.test/x", status: 307}},
		{"config headers", "GET", "/api/hello", rules, 0, want{answer: Run, pattern: "/api/hello", export: "GET", path: "/api/hello", header: "1"}},
		{"config headers on a 404", "GET", "/api/nope", rules, 0, want{answer: NotFound, header: "1"}},
		{"beforeFiles rewrite", "GET", "/before", rules, 0, want{answer: Run, pattern: "/api/hello", export: "GET", path: "/api/hello"}},
		{"afterFiles rewrite", "GET", "/after/x", rules, 0, want{answer: Run, pattern: "/blog/[slug]", export: "GET", path: "/blog/x"}},
		{"fallback rewrite", "GET", "/fb", rules, 0, want{answer: Run, pattern: "/static", export: "GET", path: "/static"}},
		{"external rewrite", "GET", "/ext/y", rules, 0, want{answer: Proxy, location: "https://upstream.test/y"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := testPlanner(t, tt.config)
			r := httptest.NewRequest(tt.method, tt.target, nil)
			if tt.body > 0 {
				r = httptest.NewRequest(tt.method, tt.target, strings.NewReader(strings.Repeat("x", int(tt.body))))
			}
			d := p.Plan(r)
			got := want{answer: d.Answer, location: d.Location, status: d.Status, header: d.Header.Get("x-api")}
			if d.Answer == Run {
				got.pattern, got.export, got.path = p.Route(d.Route).Pattern, d.Export, d.Path
			}
			if got != tt.want {
				t.Errorf("%s %s:\n got %+v\nwant %+v", tt.method, tt.target, got, tt.want)
			}
		})
	}
}

// A proxy runs after next.config's redirects and before its rewrites, for
// the paths its matcher names: as sent or percent-decoded, case-sensitively,
// with the basePath, has and missing as next.config's rules.
func TestPlanProxy(t *testing.T) {
	matcher := `{"matcher": ["/api/:path*", {"source": "/blog/:slug", "has": [{"type": "header", "key": "x-gate", "value": "open"}]}, {"source": "/docs/:path*", "missing": [{"type": "cookie", "key": "pass"}]}]}`
	redirect := map[string]any{"redirects": []any{map[string]any{"source": "/api/old", "destination": "/api/hello", "permanent": false}}}
	for _, tt := range []struct {
		name, target, proxy string
		config              map[string]any
		header              [2]string
		want                Answer
	}{
		{"matched", "/api/hello", matcher, nil, [2]string{}, RunProxy},
		{"matched, a path no route serves", "/api/nope", matcher, nil, [2]string{}, RunProxy},
		{"an encoded letter", "/api/%68ello", matcher, nil, [2]string{}, RunProxy},
		{"an encoded slash", "/api%2Fhello", matcher, nil, [2]string{}, RunProxy},
		{"upper case is another path", "/API/hello", matcher, nil, [2]string{}, NotFound},
		{"outside the matcher", "/static", matcher, nil, [2]string{}, Run},
		{"a slash redirect first", "/api/hello/", matcher, nil, [2]string{}, SlashRedirect},
		{"a config redirect first", "/api/old", matcher, redirect, [2]string{}, ConfigRedirect},
		{"has: present", "/blog/x", matcher, nil, [2]string{"X-Gate", "open"}, RunProxy},
		{"has: another value", "/blog/x", matcher, nil, [2]string{"X-Gate", "shut"}, Run},
		{"has: absent", "/blog/x", matcher, nil, [2]string{}, Run},
		{"missing: absent", "/docs/a", matcher, nil, [2]string{}, RunProxy},
		{"missing: present", "/docs/a", matcher, nil, [2]string{"Cookie", "pass=1"}, Run},
		{"basePath", "/base/api/hello", matcher, map[string]any{"basePath": "/base"}, [2]string{}, RunProxy},
		{"no matcher: every path", "/static", `{}`, nil, [2]string{}, RunProxy},
		{"a negative lookahead", "/static", `{"matcher": "/((?!static|api).*)"}`, nil, [2]string{}, Run},
		{"a negative lookahead, matched", "/blog/x", `{"matcher": "/((?!static|api).*)"}`, nil, [2]string{}, RunProxy},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base, _ := tt.config["basePath"].(string)
			m, _, err := ParseProxyConfig(tt.proxy, base)
			if err != nil {
				t.Fatal(err)
			}
			p := testPlanner(t, tt.config, m)
			r := httptest.NewRequest("GET", tt.target, nil)
			if tt.header[0] != "" {
				r.Header.Set(tt.header[0], tt.header[1])
			}
			d := p.Plan(r)
			if d.Answer != tt.want {
				t.Fatalf("%s: answer %v, want %v", tt.target, d.Answer, tt.want)
			}
			if d.Answer == RunProxy {
				if d = p.Resume(r, d, "/api/hello", "q=1"); d.Answer != Run || p.Route(d.Route).Pattern != "/api/hello" {
					t.Errorf("resumed at /api/hello: %+v", d)
				}
			}
		})
	}
}

// A matcher that Next.js would refuse is a start-up error.
func TestProxyConfigErrors(t *testing.T) {
	for _, raw := range []string{
		`{"matcher": "api"}`,
		`{"matcher": [42]}`,
		`{"matcher": "/a/(unbalanced"}`,
		`{"runtime": "bun"}`,
	} {
		if _, _, err := ParseProxyConfig(raw, ""); err == nil {
			t.Errorf("%s: no error", raw)
		}
	}
}

// A proxy's rewrite target is a URL path with the basePath: planned from
// there, and not found outside it.
func TestResumeRewrite(t *testing.T) {
	p := testPlanner(t, map[string]any{"basePath": "/base"})
	r := httptest.NewRequest("GET", "/base/x", nil)
	for target, want := range map[string]string{"/base/api/hello": "/api/hello", "/base/api/hello/": "/api/hello", "/base": "/", "/api/hello": "not found"} {
		d := p.ResumeRewrite(r, Decision{}, target, "")
		got := "not found"
		if d.Answer == Run {
			got = p.Route(d.Route).Pattern
		} else if d.Answer != NotFound {
			got = fmt.Sprint(d.Answer)
		}
		if got != want {
			t.Errorf("%s: %s, want %s", target, got, want)
		}
	}
}
