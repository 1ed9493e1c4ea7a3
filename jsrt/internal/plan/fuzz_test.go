package plan

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jsroutes/jsroutes/bundler"
)

func FuzzRouterMatch(f *testing.F) {
	for _, s := range []string{"/", "/blog/x", "/docs/a/b%2Fc", "/shop", "/blog/%FF", "/%zz", "//x", "/blog/x/comments/9", "/a/../b", "//\\evil.com/", "/\\evil.com", "/a\\b"} {
		f.Add(s)
	}
	rt := newRouter([]bundler.Route{
		{Pattern: "/", Segments: nil},
		{Pattern: "/blog/[slug]", Segments: []bundler.Segment{{Kind: bundler.Static, Value: "blog"}, {Kind: bundler.Dynamic, Value: "slug"}}},
		{Pattern: "/blog/latest", Segments: []bundler.Segment{{Kind: bundler.Static, Value: "blog"}, {Kind: bundler.Static, Value: "latest"}}},
		{Pattern: "/docs/[...slug]", Segments: []bundler.Segment{{Kind: bundler.Static, Value: "docs"}, {Kind: bundler.CatchAll, Value: "slug"}}},
		{Pattern: "/shop/[[...slug]]", Segments: []bundler.Segment{{Kind: bundler.Static, Value: "shop"}, {Kind: bundler.OptionalCatchAll, Value: "slug"}}},
	})
	f.Fuzz(func(t *testing.T, path string) {
		if strings.Contains(path, "//") || strings.Contains(path, "\\") {
			// No redirect a browser could read as another host: no "//",
			// and no backslash (browsers read "\\" as "/").
			n := normalizeSlashes(path)
			if strings.Contains(n, "//") || strings.Contains(n, "\\") || normalizeSlashes(n) != n {
				t.Fatalf("normalizeSlashes(%q) = %q", path, n)
			}
			return
		}
		p := removeDotSegments(path)
		if clean := cleanPath(p, false); clean != p {
			if strings.Contains(clean, "//") || (len(clean) > 1 && strings.HasSuffix(clean, "/")) {
				t.Fatalf("cleanPath(%q) = %q", p, clean)
			}
			if cleanPath(clean, false) != clean {
				t.Fatalf("cleanPath is not idempotent on %q", p)
			}
			return
		}
		var segs []string
		if len(p) > 1 {
			segs = strings.Split(p[1:], "/")
		}
		idx, params, bad := rt.match(segs)
		if idx < -1 || idx >= 5 {
			t.Fatalf("route %d", idx)
		}
		for _, prm := range params {
			for _, v := range append([]string{prm.Value}, prm.Values...) {
				if !bad && !utf8.ValidString(v) {
					t.Fatalf("Param %q of %q is not UTF-8", v, p)
				}
				if !bad && prm.List && strings.Contains(v, "/") && !strings.Contains(p, "%2") {
					t.Fatalf("a catch-all segment %q holds a slash the path did not encode (%q)", v, p)
				}
			}
		}
	})
}

func FuzzDotSegments(f *testing.F) {
	for _, s := range []string{"/a/../b", "/%2e%2E/x", "/a/./b/.", "/..%2F..", "/v1.2/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		if !strings.HasPrefix(path, "/") {
			return
		}
		out := removeDotSegments(path)
		if !strings.HasPrefix(out, "/") {
			t.Fatalf("%q → %q", path, out)
		}
		for _, seg := range strings.Split(out, "/") {
			switch strings.ToLower(seg) {
			case ".", "..", "%2e", "%2e%2e", ".%2e", "%2e.":
				t.Fatalf("%q → %q keeps a dot segment", path, out)
			}
		}
		if again := removeDotSegments(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", path, out, again)
		}
	})
}
