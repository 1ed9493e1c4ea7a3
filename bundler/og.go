package bundler

import (
	"encoding/base64"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Assets by URL, and next/og.
//
// `new URL('./Inter.ttf', import.meta.url)` names a file beside the module
// (a font, a wasm binary), which Next.js's bundlers turn into an asset URL
// that fetch() reads (the form @vercel/og's edge build and the og docs
// use). jsroutes's bundle has no import.meta, so such an expression is
// rewritten into a data: URL of the file (fetch reads data: URLs): the
// bytes are in the bundle, and `jsroutes build` carries them.

// assetURL matches new URL("./file", import.meta.url).
var assetURL = regexp.MustCompile(`new URL\(\s*(["'])(\.{1,2}/[^"'\n]+)["']\s*,\s*import\.meta\.url\s*\)`)

// inlineAssetURLs returns src with each asset URL of a file that exists
// (and is not code) replaced by its data: URL, and whether it changed.
func inlineAssetURLs(path string, src []byte) (string, bool) {
	if !assetURL.Match(src) {
		return "", false
	}
	changed := false
	out := assetURL.ReplaceAllStringFunc(string(src), func(m string) string {
		rel := assetURL.FindStringSubmatch(m)[2]
		file := filepath.Join(filepath.Dir(path), filepath.FromSlash(rel))
		if _, code := loaders[filepath.Ext(file)]; code {
			return m
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return m
		}
		typ := mime.TypeByExtension(filepath.Ext(file))
		switch filepath.Ext(file) {
		case ".wasm":
			typ = "application/wasm"
		case ".ttf":
			typ = "font/ttf"
		case ".otf":
			typ = "font/otf"
		case ".woff":
			typ = "font/woff"
		}
		if typ == "" {
			typ = "application/octet-stream"
		}
		changed = true
		return fmt.Sprintf("new URL(%q)", "data:"+typ+";base64,"+base64.StdEncoding.EncodeToString(data))
	})
	return out, changed
}

// dirnameUse matches __dirname or __filename, and dirnameDecl a module
// declaring its own (an ES module's shim).
var (
	dirnameUse  = regexp.MustCompile(`\b__(dirname|filename)\b`)
	dirnameDecl = regexp.MustCompile(`\b(var|let|const|function)\s+__(dirname|filename)\b`)
)

// withDirname gives a package's module the __dirname and __filename a
// CommonJS module has under Node, where a bundle has none: its folder and
// file in the project (process.cwd() is the project root, as under next
// start), so that `readFileSync(path.join(__dirname, 'x_bg.wasm'))` (the
// wasm-bindgen Node glue of tiktoken and others) reads the package's file.
// The declaration goes on the module's first line, which keeps its source
// map's lines.
func withDirname(root, path string, src []byte) (string, bool) {
	if !dirnameUse.Match(src) || dirnameDecl.Match(src) {
		return "", false
	}
	rel, err := filepath.Rel(root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	return fmt.Sprintf("var __filename = process.cwd() + %q, __dirname = process.cwd() + %q;", "/"+rel, "/"+filepath.ToSlash(filepath.Dir(rel))) + string(src), true
}

// dirnameTemplate matches a template literal's file beside the module,
// `${__dirname}/x_bg.wasm` (wasm-bindgen's newer Node glue).
var dirnameTemplate = regexp.MustCompile("`\\$\\{__dirname\\}/([^`$\\\\\n]{1,200})`")

// packageFiles lists, relative to root, the files a package's module
// that uses __dirname names in its literals and that exist beside it (or
// relative to it): what it reads with node:fs at run time, such as the
// .wasm of tiktoken's, sql.js's and rollup's Node glue. `jsroutes build`
// copies them with the data files, as Next.js's output file tracing
// does; source files are left out (they are bundled).
func packageFiles(root, path string, src []byte) []string {
	dir := filepath.Dir(path)
	var out []string
	seen := map[string]bool{}
	note := func(s string) {
		if s == "" || strings.Contains(s, "://") || filepath.IsAbs(s) {
			return
		}
		p := filepath.Join(dir, filepath.FromSlash(s))
		rel, err := filepath.Rel(root, p)
		if err != nil || strings.HasPrefix(rel, "..") || seen[rel] || sourceExts[filepath.Ext(p)] {
			return
		}
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			seen[rel] = true
			out = append(out, filepath.ToSlash(rel))
		}
	}
	for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
		note(m[1] + m[2] + m[3])
	}
	for _, m := range dirnameTemplate.FindAllStringSubmatch(string(src), -1) {
		note(m[1])
	}
	return out
}

// ogModule is next/og as Next.js 16 ships it (next/dist/server/og/
// image-response.js): an ImageResponse that streams the PNG the app's own
// @vercel/og (next/dist/compiled/@vercel/og, its edge build: satori and
// resvg on WebAssembly, the Geist font) renders, with Next.js's headers.
const ogModule = `import { ImageResponse as OGImageResponse } from '` + vercelOG + `';

export class ImageResponse extends Response {
  static displayName = 'ImageResponse';
  constructor(...args) {
    const readable = new ReadableStream({
      async start(controller) {
        const imageResponse = new OGImageResponse(...args);
        if (!imageResponse.body) return controller.close();
        const reader = imageResponse.body.getReader();
        while (true) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          controller.enqueue(value);
        }
      },
    });
    const options = args[1] || {};
    const headers = new Headers({ 'content-type': 'image/png', 'cache-control': 'public, max-age=0, must-revalidate' });
    if (options.headers) new Headers(options.headers).forEach((value, key) => headers.set(key, value));
    super(readable, { headers, status: options.status, statusText: options.statusText });
  }
}
`

// vercelOG is Next.js's copy of @vercel/og's edge build, in its package.
const vercelOG = "next/dist/compiled/@vercel/og/index.edge.js"

// ogPlugin resolves next/og to ogModule when the app has Next.js's copy of
// @vercel/og installed (apps that use next/og depend on next), and says
// what to install when it has not.
func ogPlugin() api.Plugin {
	const ns = "jsroutes-next-og"
	return api.Plugin{Name: "jsroutes-next-og", Setup: func(b api.PluginBuild) {
		// The runtime's plugin refuses next/* paths it does not serve, so
		// the @vercel/og files are found here, up the importer's folders.
		find := func(dir string) string {
			for {
				p := filepath.Join(dir, "node_modules", filepath.FromSlash(vercelOG))
				if _, err := os.Stat(p); err == nil {
					return p
				}
				parent := filepath.Dir(dir)
				if parent == dir {
					return ""
				}
				dir = parent
			}
		}
		b.OnResolve(api.OnResolveOptions{Filter: `^next/og$`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			p := find(args.ResolveDir)
			if p == "" {
				return api.OnResolveResult{}, fmt.Errorf(`"next/og" needs the app's next package (its @vercel/og): npm install next`)
			}
			return api.OnResolveResult{Path: p, Namespace: ns}, nil
		})
		b.OnResolve(api.OnResolveOptions{Filter: `^` + regexp.QuoteMeta(vercelOG) + `$`, Namespace: ns}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			return api.OnResolveResult{Path: args.Importer}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: ns}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			s := ogModule
			return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS, ResolveDir: filepath.Dir(args.Path)}, nil
		})
	}}
}
