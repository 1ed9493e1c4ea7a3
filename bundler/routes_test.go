package bundler

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/fixtures"
)

const handler = "export const GET = () => new Response('x')\n"

func TestScanRoutes(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/route.ts":                      handler,
		"app/api/hello/route.js":            handler,
		"app/(group)/grouped/route.mjs":     handler,
		"app/@slot/slotted/route.ts":        handler,
		"app/_private/x/route.ts":           handler,
		"app/%5Fescaped/route.tsx":          handler,
		"app/rss.xml/route.ts":              handler,
		"app/blog/[slug]/route.jsx":         handler,
		"app/docs/[...path]/route.ts":       handler,
		"app/shop/[[...rest]]/route.ts":     handler,
		"app/(.)intercepted/route.ts":       handler,
		"app/notes/page.tsx":                "export default function Page() {}",
		"app/api/hello/helper.ts":           "export {}",
		"app/api/hello/route.test.ts":       "export {}",
		"app/blog/[slug]/comments/route.ts": handler,
		"app/.hidden/route.ts":              handler,
		"app/node_modules/pkg/route.ts":     handler,
	})
	_, appDir, err := project(root)
	if err != nil {
		t.Fatal(err)
	}
	routes, err := scanRoutes(root, appDir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range routes {
		got = append(got, r.Pattern+" "+r.File)
	}
	want := []string{
		"/ app/route.ts",
		"/_escaped app/%5Fescaped/route.tsx",
		"/api/hello app/api/hello/route.js",
		"/blog/[slug] app/blog/[slug]/route.jsx",
		"/blog/[slug]/comments app/blog/[slug]/comments/route.ts",
		"/docs/[...path] app/docs/[...path]/route.ts",
		"/grouped app/(group)/grouped/route.mjs",
		"/rss.xml app/rss.xml/route.ts",
		"/shop/[[...rest]] app/shop/[[...rest]]/route.ts",
		"/slotted app/@slot/slotted/route.ts",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("routes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := routes[3].Params(); len(p) != 1 || p[0] != "slug" {
		t.Errorf("params of %s: %v", routes[3].Pattern, p)
	}
}

func TestProjectLayouts(t *testing.T) {
	for _, tt := range []struct {
		files   []string
		dir     string // relative to the temp root
		wantApp string
	}{
		{[]string{"app/route.ts"}, ".", "app"},
		{[]string{"src/app/route.ts"}, ".", "src/app"},
		{[]string{"app/route.ts"}, "app", "app"},
		{[]string{"src/app/route.ts"}, "src/app", "src/app"},
	} {
		files := map[string]string{}
		for _, f := range tt.files {
			files[f] = handler
		}
		root := fixtures.Write(t, files)
		gotRoot, gotApp, err := project(filepath.Join(root, tt.dir))
		if err != nil {
			t.Fatal(err)
		}
		if gotRoot != root || gotApp != filepath.Join(root, tt.wantApp) {
			t.Errorf("project(%s) = %s, %s; want %s, %s", tt.dir, gotRoot, gotApp, root, filepath.Join(root, tt.wantApp))
		}
	}
	if _, _, err := project(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing dir: %v", err)
	}
}

func TestRouteConflicts(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string // each must appear in the error
	}{
		{"two groups, one URL", []string{"app/(a)/x/route.ts", "app/(b)/x/route.ts"}, []string{"conflicting routes", "app/(a)/x/route.ts", "app/(b)/x/route.ts"}},
		{"page beside route", []string{"app/x/route.ts", "app/x/page.tsx"}, []string{"conflicting route and page", "app/x/route.ts", "app/x/page.tsx"}},
		{"two route files in one folder", []string{"app/x/route.ts", "app/x/route.js"}, []string{"app/x/route.js", "app/x/route.ts"}},
		{"different slug names", []string{"app/x/[id]/route.ts", "app/x/[slug]/y/route.ts"}, []string{"different slug names", `"id"`, `"slug"`}},
		{"optional catch-all beside its parent", []string{"app/x/route.ts", "app/x/[[...all]]/route.ts"}, []string{"optional catch-all", "app/x/route.ts", "app/x/[[...all]]/route.ts"}},
		{"catch-all not last", []string{"app/[...a]/b/route.ts"}, []string{"must be the last part"}},
		{"repeated param name", []string{"app/[id]/[id]/route.ts"}, []string{`"id" repeat`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for _, f := range tt.files {
				files[f] = handler
			}
			root := fixtures.Write(t, files)
			_, err := scanRoutes(root, filepath.Join(root, "app"))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// Metadata route files are routes at the URL Next.js gives them (checked
// against Next.js 16 in conformance/cases/metadata.json); those jsroutes
// does not serve, or Next.js does not, are warnings naming the file.
func TestMetadataRoutes(t *testing.T) {
	const data = "export default function data() { return [] }\n"
	b, err := Build(context.Background(), Options{Dir: fixtures.Write(t, map[string]string{
		"app/a/route.ts":                            handler,
		"app/sitemap.ts":                            data,
		"app/robots.ts":                             data,
		"app/manifest.ts":                           data,
		"app/(shop)/products/sitemap.ts":            "export const generateSitemaps = () => [{ id: 0 }]\n" + data,
		"app/blog/sitemap.xml":                      "<urlset/>",
		"app/favicon.ico":                           "ico",
		"app/icon2.png":                             "png",
		"app/(marketing)/about/opengraph-image.png": "png",
		"app/@modal/twitter-image.jpg":              "jpg",
		"app/docs/apple-icon.png":                   "png",
		"app/lib/manifest.json":                     `{"a":1}`,
		"app/blog/robots.txt":                       "User-Agent: *",
		"app/blog/[slug]/icon.png":                  "png",
		"app/blog/opengraph-image.tsx":              data,
		"app/(shop)/icon.tsx":                       "export const generateImageMetadata = () => [{ id: 'a' }]\n" + data,
	})})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range b.Routes {
		got = append(got, fmt.Sprintf("%s %s %s %v", r.Pattern, r.File, r.Metadata, r.Methods))
	}
	want := []string{
		"/a app/a/route.ts  [GET]",
		"/about/opengraph-image-1v42b1.png app/(marketing)/about/opengraph-image.png asset [GET]",
		"/blog/opengraph-image app/blog/opengraph-image.tsx image [GET]",
		"/blog/sitemap.xml app/blog/sitemap.xml asset [GET]",
		"/docs/apple-icon.png app/docs/apple-icon.png asset [GET]",
		"/favicon.ico app/favicon.ico asset [GET]",
		"/icon-12nzgn/[__metadata_id__] app/(shop)/icon.tsx image [GET]", // djb2("/(shop)") in base 36, as Next.js
		"/icon2.png app/icon2.png asset [GET]",
		"/manifest.webmanifest app/manifest.ts manifest [GET]",
		"/products/sitemap/[__metadata_id__] app/(shop)/products/sitemap.ts sitemap [GET]",
		"/robots.txt app/robots.ts robots [GET]",
		"/sitemap.xml app/sitemap.ts sitemap [GET]",
		"/twitter-image-1i33gb.jpg app/@modal/twitter-image.jpg asset [GET]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("routes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var warned []string
	for _, w := range b.Warnings {
		warned = append(warned, w.File)
	}
	if want := "app/blog/[slug]/icon.png app/blog/robots.txt"; strings.Join(warned, " ") != want {
		t.Errorf("warnings for %v, want %s", warned, want)
	}
}
