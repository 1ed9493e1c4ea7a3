package plan

import (
	"reflect"
	"testing"
)

func TestPathPatterns(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          map[string]string // nil: no match
	}{
		{"/about", "/about", map[string]string{}},
		{"/about", "/About", map[string]string{}}, // case-insensitive, as Next.js
		{"/about", "/about/x", nil},
		{"/blog/:slug", "/blog/hello", map[string]string{"slug": "hello"}},
		{"/blog/:slug", "/blog/a/b", nil},
		{"/docs/:path*", "/docs", map[string]string{}},
		{"/docs/:path*", "/docs/a/b", map[string]string{"path": "a/b"}},
		{"/docs/:path+", "/docs", nil},
		{"/docs/:path+", "/docs/a", map[string]string{"path": "a"}},
		{"/post/:id(\\d{1,})", "/post/42", map[string]string{"id": "42"}},
		{"/post/:id(\\d{1,})", "/post/x", nil},
		{"/:lang?/help", "/help", map[string]string{}},
		{"/:lang?/help", "/en/help", map[string]string{"lang": "en"}},
		{"/((?!api).*)", "/pages/x", map[string]string{"0": "pages/x"}},
		{"/((?!api).*)", "/api/x", nil},
		{"/file.:ext", "/file.json", map[string]string{"ext": "json"}},
	}
	for _, tt := range tests {
		p, err := compilePattern(tt.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tt.pattern, err)
		}
		got, ok := p.match(tt.path)
		if ok != (tt.want != nil) || (ok && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("%s ~ %s = %v, %v; want %v", tt.pattern, tt.path, got, ok, tt.want)
		}
	}
	if _, err := compilePattern("/bad/(unclosed"); err == nil {
		t.Error("unbalanced group accepted")
	}
}

func TestFillDestination(t *testing.T) {
	got, used := fill("https://example.com:8080/new/:slug/:path*", map[string]string{"slug": "a", "path": "x/y", "other": "z"})
	if got != "https://example.com:8080/new/a/x/y" || !used["slug"] || !used["path"] || used["other"] {
		t.Errorf("fill = %q, %v", got, used)
	}
}

func TestRemoveDotSegments(t *testing.T) {
	for in, want := range map[string]string{
		"/a/b":              "/a/b",
		"/blog/../x":        "/x",
		"/a/./b":            "/a/b",
		"/a/%2e%2e/b":       "/b",
		"/a/%2E./b":         "/b",
		"/../about":         "/about",
		"/a/b/..":           "/a/",
		"/a/.":              "/a/",
		"/blog/..%2Fsecret": "/blog/..%2Fsecret", // an encoded slash is not a separator
		"/v1.2/file.json":   "/v1.2/file.json",
		"/":                 "/",
	} {
		if got := removeDotSegments(in); got != want {
			t.Errorf("removeDotSegments(%q) = %q, want %q", in, got, want)
		}
	}
}
