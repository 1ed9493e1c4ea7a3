package bundler

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/polyfills"
)

func TestBuildErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"missing package", map[string]string{"app/x/route.ts": "import 'not-installed'\nexport const GET = () => new Response()\n"},
			[]string{"app/x/route.ts:1:8", `Could not resolve "not-installed"`}},
		{"unsupported node built-in", map[string]string{"app/x/route.ts": "\nimport cp from 'node:child_process'\nexport const GET = () => new Response(String(cp))\n"},
			[]string{"app/x/route.ts:2:16", `the Node.js built-in module "node:child_process" is not available`}},
		{"bare built-in", map[string]string{"app/x/route.ts": "import cp from 'child_process'\nexport const GET = () => cp\n"},
			[]string{"app/x/route.ts:1:16", `"child_process" is not available`}},
		{"syntax error", map[string]string{"app/x/route.ts": "export const GET = () => {\n  return (\n}\n"},
			[]string{"app/x/route.ts:3:"}},
		{"unsupported next module", map[string]string{"app/x/route.ts": "import x from 'next/script'\nexport const GET = () => x\n"},
			[]string{"app/x/route.ts:1:15", `"next/script" is not supported`}},
		{"next/og without next installed", map[string]string{"app/x/route.ts": "import { ImageResponse } from 'next/og'\nexport const GET = () => new ImageResponse(null)\n"},
			[]string{"app/x/route.ts:1:31", `"next/og" needs the app's next package (its @vercel/og): npm install next`}},
		// The runtime's own files are not route code's to import: the host
		// bridge, the request table (see polyfills.Public).
		{"runtime internals", map[string]string{"app/x/route.ts": "import { host } from 'jsroutes:host.js'\nexport const GET = () => host\n"},
			[]string{"app/x/route.ts:1:22", `unknown module "jsroutes:host.js"`}},
		{"runtime entry", map[string]string{"app/x/route.ts": "const r = require('jsroutes:runtime.js')\nexport const GET = () => r\n"},
			[]string{"app/x/route.ts:1:19", `unknown module "jsroutes:runtime.js"`}},
		{"public module by its file", map[string]string{"app/x/route.ts": "import { NextResponse } from 'jsroutes:next/server.js'\nexport const GET = () => NextResponse\n"},
			[]string{`unknown module "jsroutes:next/server.js"`}},
		{"route conflict", map[string]string{"app/(a)/x/route.ts": handler, "app/(b)/x/route.ts": handler},
			[]string{"conflicting routes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fixtures.Write(t, tt.files)
			_, err := Build(context.Background(), Options{Dir: root})
			var be *Error
			if !errors.As(err, &be) {
				t.Fatalf("got %v, want a *bundler.Error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestBuildBundlesRoutesAgainstTheRuntime(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/a/route.ts":      "import { NextResponse } from 'next/server'\nexport const GET = () => NextResponse.json(1)\n",
		"app/b/[id]/route.ts": handler,
		// A bare built-in name with no polyfill resolves to an npm package of that name.
		"node_modules/punycode/package.json": `{"name":"punycode","main":"index.js"}`,
		"node_modules/punycode/index.js":     "exports.kind = 'the npm package'\n",
		"app/c/route.ts":                     "import { kind } from 'punycode'\nexport const GET = () => new Response(kind)\n",
	})
	b, err := Build(context.Background(), Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Routes) != 3 || b.Routes[1].Pattern != "/b/[id]" {
		t.Errorf("routes %+v", b.Routes)
	}
	if !strings.HasPrefix(b.Code, "(async function (require, __jsroutes_app) {") || b.Routes[0].Chunk != "app/a/route.js" {
		t.Errorf("bundle %.60q, first route's chunk %q", b.Code, b.Routes[0].Chunk)
	}
	code := allCode(b)
	for _, want := range []string{
		"sourceMappingURL=data:application/json", "the npm package",
		// The public modules come from the runtime program.
		`require("jsroutes:next/server.js")`,
	} {
		if !strings.Contains(code, want) {
			t.Errorf("bundle lacks %q", want)
		}
	}
	// The bundle exports what the worker hands the runtime, and imports
	// nothing of the runtime but the public modules.
	if strings.Contains(code, `"jsroutes:runtime.js"`) || strings.Contains(code, `"jsroutes:host.js"`) {
		t.Error("the bundle imports the runtime's internals")
	}
	if strings.Contains(code, "class NextResponse") {
		t.Error("the bundle holds its own copy of the runtime")
	}
}

// A public module the runtime program lacks is a lazy module, required
// from the runtime like the others: the bundle holds no polyfill code, so
// nothing in it can import the runtime's internals.
func TestBuildBundlesNoPolyfill(t *testing.T) {
	if _, lazy := polyfills.LazyModuleOf("node/string_decoder.js"); !lazy {
		t.Fatal("the test's premise changed: pick other files")
	}
	root := fixtures.Write(t, map[string]string{
		"app/a/route.ts": "import { StringDecoder } from 'node:string_decoder'\nexport const GET = () => new Response(new StringDecoder('utf8').write(new Uint8Array([104, 105])))\n",
	})
	b, err := Build(context.Background(), Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	if code := allCode(b); strings.Contains(code, "StringDecoder=class") || !strings.Contains(code, `require("jsroutes:node/string_decoder.js")`) {
		t.Error("node:string_decoder is bundled instead of required from the runtime")
	}
}

// allCode is the bundle's code with every chunk's.
func allCode(b *Bundle) string {
	code := b.Code
	for _, c := range b.Chunks {
		code += c
	}
	return code
}

// The proxy and instrumentation files are found where Next.js reads them,
// beside app/ (the root, or src/ for src/app), and built with the routes;
// one elsewhere or two of a kind are build errors naming them, never
// ignored. Metadata files jsroutes does not serve are warnings.
func TestConventions(t *testing.T) {
	const hook = "export function proxy() {}\n"
	for _, tt := range []struct {
		name                string
		files               map[string]string
		proxy, instrumented string
		wantErr, warning    string
	}{
		{name: "proxy", files: map[string]string{"proxy.ts": hook}, proxy: "proxy.ts"},
		{name: "middleware", files: map[string]string{"middleware.js": hook}, proxy: "middleware.js"},
		{name: "instrumentation", files: map[string]string{"instrumentation.ts": hook}, instrumented: "instrumentation.ts"},
		{name: "src/app", files: map[string]string{"src/proxy.ts": hook, "src/instrumentation.ts": hook}, proxy: "src/proxy.ts", instrumented: "src/instrumentation.ts"},
		{name: "not beside app", files: map[string]string{"src/middleware.js": hook}, wantErr: "src/middleware.js: Next.js reads middleware files beside the app directory: move it to middleware.js"},
		{name: "both names", files: map[string]string{"proxy.ts": hook, "middleware.ts": hook}, wantErr: "the app has both proxy.ts and middleware.ts"},
		{name: "robots below the root", files: map[string]string{"app/blog/robots.ts": hook}, warning: "app/blog/robots.ts"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"app/a/route.ts": "export const GET = () => new Response('a')\n"}
			if _, ok := tt.files["src/proxy.ts"]; ok {
				files = map[string]string{"src/app/a/route.ts": files["app/a/route.ts"]}
			}
			for k, v := range tt.files {
				files[k] = v
			}
			b, err := Build(context.Background(), Options{Dir: fixtures.Write(t, files)})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Proxy.File != tt.proxy || b.Instrumentation.File != tt.instrumented {
				t.Errorf("proxy %+v, instrumentation %+v", b.Proxy, b.Instrumentation)
			}
			for _, h := range []Hook{b.Proxy, b.Instrumentation} {
				if h.File != "" && b.Chunks[h.Chunk] == "" {
					t.Errorf("%s has no chunk (%q)", h.File, h.Chunk)
				}
			}
			if tt.warning != "" && (len(b.Warnings) != 1 || b.Warnings[0].File != tt.warning) {
				t.Errorf("warnings %+v", b.Warnings)
			}
		})
	}
}

// A build notes the files with 'use cache' functions, at their first
// directive (the server refuses them without Cache Components), and
// warns of none.
func TestUseCacheFilesAreListed(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/a/route.ts": "import { getData } from '../../lib/data'\nexport const GET = async () => Response.json(await getData())\n",
		"lib/data.ts":    "import { cacheLife } from 'next/cache'\n\nexport async function getData() {\n  'use cache'\n  cacheLife('hours')\n  return { at: Date.now() }\n}\n",
	})
	b, err := Build(context.Background(), Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.UseCache) != 1 || b.UseCache[0].File != "lib/data.ts" || b.UseCache[0].Line != 4 || len(b.Warnings) != 0 {
		t.Errorf("use cache %+v, warnings %+v", b.UseCache, b.Warnings)
	}
}

// The data files a build carries are those the app's source names in
// literals: a directory covers what is under it; the app itself, packages
// and names that are not files are left out.
func TestDataFiles(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/a/route.ts":          "import fs from 'node:fs'; import path from 'node:path'; import { load } from '../../lib/load'\nexport const GET = () => new Response(fs.readFileSync(path.join(process.cwd(), 'data', 'x.json')) + load())\n",
		"lib/load.ts":             "import { readFileSync } from 'node:fs'\nexport const load = () => readFileSync(\"./templates/mail.html\", 'utf8') + 'app' + `notes.txt`\n",
		"data/x.json":             "{}",
		"data/nested/y.json":      "{}",
		"templates/mail.html":     "<p>",
		"templates/unused.html":   "<p>",
		"notes.txt":               "n",
		"node_modules/p/index.js": "module.exports = 'data'\n",
	})
	b, err := Build(context.Background(), Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(b.DataFiles, " "), "data notes.txt templates/mail.html"; got != want {
		t.Errorf("data files %q, want %q", got, want)
	}
	out := t.TempDir()
	if err := b.Write(out); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"data/nested/y.json", "templates/mail.html", "notes.txt"} {
		if _, err := os.Stat(filepath.Join(loaded.DataDir(), f)); err != nil {
			t.Errorf("%s was not copied: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(loaded.DataDir(), "templates/unused.html")); err == nil {
		t.Error("templates/unused.html was copied")
	}
}

// An app's helper file that imports a built-in jsroutes does not offer
// builds, as a package's import does (a stand-in throws when it is used);
// a route file's own import is the build error.
func TestHelperFilesImportBuiltinsAsPackagesDo(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/a/route.ts": "import { run } from '../../lib/shell'\nexport const GET = () => new Response(typeof run)\n",
		"lib/shell.ts":   "import { execSync } from 'node:child_process'\nexport const run = (c: string) => execSync(c)\n",
	})
	if _, err := Build(context.Background(), Options{Dir: root}); err != nil {
		t.Errorf("a helper's import of node:child_process: %v", err)
	}
}

// A file's runtime is read from its source before the build: a route's
// runtime export, a proxy's config.runtime; anything else is Node's.
func TestRuntimeOf(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"a.ts": "export const runtime = 'edge'\n",
		"b.ts": "export const config = {\n  matcher: '/api/:path*',\n  runtime: 'edge',\n}\n",
		"c.ts": "export const runtime = process.env.R\n",
		"d.ts": "const runtime = 'edge'\n",
	})
	for file, want := range map[string]string{"a.ts": EdgeRuntime, "b.ts": EdgeRuntime, "c.ts": NodeRuntime, "d.ts": NodeRuntime} {
		if got := runtimeOf(root, file); got != want {
			t.Errorf("%s: %s, want %s", file, got, want)
		}
	}
}
