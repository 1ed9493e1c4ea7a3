package bundler

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// Next.js conventions beside app/: proxy.ts (middleware.ts before Next.js
// 16) and instrumentation.ts, which jsroutes runs (see Bundle.Proxy and
// Bundle.Instrumentation). The metadata route files are in metadata.go.

// Hook is one of the app's modules that Next.js runs around the routes
// rather than as one: proxy.ts and instrumentation.ts.
type Hook struct {
	// File is its path relative to the project root ("" when the app has none).
	File string `json:"file,omitempty"`
	// Chunk is its script among Bundle.Chunks ("" when Bundle.Code holds it).
	Chunk string `json:"chunk,omitempty"`
}

// Deprecated reports a proxy written under its Next.js 15 name, middleware,
// which Next.js 16 still runs with a deprecation warning.
func (h Hook) Deprecated() bool {
	return strings.HasPrefix(path.Base(h.File), "middleware.")
}

// conventionExts are the extensions Next.js accepts for them.
var conventionExts = []string{".ts", ".js", ".mjs", ".tsx", ".jsx"}

// conventions finds the proxy and instrumentation files. Next.js reads them
// beside app/: in the project root, or in src/ when the app is src/app. One
// in the other place is a build error rather than ignored as Next.js
// ignores it: a proxy that guards nothing because it sits one folder off is
// the silent hole this check exists for. So are two proxies (proxy.ts and
// middleware.ts, or two extensions), as in Next.js.
func conventions(root, appDir string) (proxy, instrumentation Hook, err error) {
	home := filepath.Dir(appDir) // root, or root/src
	var msgs []Message
	find := func(bases ...string) string {
		var here []string
		for _, dir := range []string{root, filepath.Join(root, "src")} {
			for _, base := range bases {
				for _, ext := range conventionExts {
					file := filepath.Join(dir, base+ext)
					st, err := os.Stat(file)
					if err != nil || st.IsDir() {
						continue
					}
					rel, _ := filepath.Rel(root, file)
					rel = filepath.ToSlash(rel)
					if dir != home {
						msgs = append(msgs, Message{File: rel, Text: fmt.Sprintf("Next.js reads %s files beside the app directory: move it to %s", base, filepath.ToSlash(filepath.Join(mustRel(root, home), base+ext)))})
						continue
					}
					here = append(here, rel)
				}
			}
		}
		if len(here) > 1 {
			msgs = append(msgs, Message{File: here[1], Text: fmt.Sprintf("the app has both %s and %s: keep one (Next.js refuses both)", here[0], here[1])})
		}
		if len(here) == 0 {
			return ""
		}
		return here[0]
	}
	proxy.File = find("proxy", "middleware")
	instrumentation.File = find("instrumentation")
	if len(msgs) > 0 {
		return Hook{}, Hook{}, &Error{Messages: msgs}
	}
	return proxy, instrumentation, nil
}

// mustRel is filepath.Rel for a target known to be under base.
func mustRel(base, target string) string {
	rel, err := filepath.Rel(base, target)
	if err != nil {
		return target
	}
	return rel
}

// useCache matches a 'use cache' directive (also 'use cache: remote',
// 'use cache: private') at the start of a line: the files transformUseCache reads.
var useCache = regexp.MustCompile(`(?m)^[ \t]*['"]use cache(?::[ \t]*[\w-]+)?['"]`)

// directives is an esbuild plugin for the source of the app's files: it
// wraps 'use cache' functions in the cache wrapper (see usecache.go),
// inlines the files named by new URL('./x', import.meta.url) (og.go; in
// packages too), gives packages' modules __dirname and __filename, and
// wraps the package functions the runtime computes in Go (accelerate.go).
type directives struct {
	root     string
	mu       sync.Mutex
	useCache map[string]Message // files with 'use cache' functions, at the first
	// pkgFiles are the files packages' modules read beside them (see
	// packageFiles), relative to root.
	pkgFiles map[string]bool
	// badRegExps are the app's files with a regexp literal V8 refuses
	// (see regexps.go), at the literal.
	badRegExps map[string]Message
}

// loaders are esbuild's loaders for the app's source files, by extension.
var loaders = map[string]api.Loader{".ts": api.LoaderTS, ".mts": api.LoaderTS, ".cts": api.LoaderTS, ".tsx": api.LoaderTSX,
	".js": api.LoaderJS, ".mjs": api.LoaderJS, ".cjs": api.LoaderJS, ".jsx": api.LoaderJSX}

func (d *directives) plugin() api.Plugin {
	return api.Plugin{Name: "jsroutes-directives", Setup: func(b api.PluginBuild) {
		b.OnLoad(api.OnLoadOptions{Filter: `\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$`, Namespace: "file"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			src, err := os.ReadFile(args.Path)
			if err != nil {
				return api.OnLoadResult{}, nil // esbuild reports it
			}
			loader := loaders[filepath.Ext(args.Path)]
			// Source rewrites: asset URLs (an app's or a package's), a
			// package's __dirname; src is the source with them made.
			rewritten := false
			if code, ok := inlineAssetURLs(args.Path, src); ok {
				src, rewritten = []byte(code), true
			}
			pkg := strings.Contains(args.Path, "/node_modules/")
			if pkg {
				if code, ok := accelerate(args.Path, src); ok {
					src, rewritten = []byte(code), true
				}
				if code, ok := withDirname(d.root, args.Path, src); ok {
					files := packageFiles(d.root, args.Path, src)
					src, rewritten = []byte(code), true
					d.mu.Lock()
					for _, f := range files {
						d.pkgFiles[f] = true
					}
					d.mu.Unlock()
				}
			}
			asIs := func() (api.OnLoadResult, error) {
				if !rewritten {
					return api.OnLoadResult{}, nil // esbuild loads it
				}
				code := string(src)
				return api.OnLoadResult{Contents: &code, Loader: loader, ResolveDir: filepath.Dir(args.Path)}, nil
			}
			if pkg {
				return asIs()
			}
			rel, _ := filepath.Rel(d.root, args.Path)
			rel = filepath.ToSlash(rel)
			if m := RegExpEarlyError(src, loader); m != nil {
				src, rewritten = append([]byte(earlyThrow(m)), src...), true
				d.mu.Lock()
				d.badRegExps[rel] = Message{File: rel, Line: m.Line, Column: m.Column,
					Text: m.Text + " (V8 refuses the module when it parses it: it throws this SyntaxError as it loads)"}
				d.mu.Unlock()
			}
			code, err := transformUseCache(rel, args.Path, src, loader)
			var ue *useCacheError
			if errors.As(err, &ue) {
				return api.OnLoadResult{Errors: []api.Message{{Text: ue.text, Location: &api.Location{File: rel, Line: ue.line, LineText: lineText(src, ue.line)}}}}, nil
			}
			if err != nil {
				return api.OnLoadResult{}, err
			}
			if code == "" {
				return asIs()
			}
			d.mu.Lock()
			line := 1 + strings.Count(string(src[:useCache.FindIndex(src)[0]]), "\n")
			d.useCache[rel] = Message{File: rel, Line: line, Column: 1, Text: "'use cache'"}
			d.mu.Unlock()
			return api.OnLoadResult{Contents: &code, Loader: api.LoaderJS, ResolveDir: filepath.Dir(args.Path)}, nil
		})
	}}
}

// lineText is the text of a 1-based line of src.
func lineText(src []byte, line int) string {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	return lines[line-1]
}

// regexpWarnings are the files with a regexp literal V8 refuses, as
// warnings at the literal, sorted by file.
func (d *directives) regexpWarnings() []Message { return d.byFile(d.badRegExps) }

// packageData returns the files packages read beside them, sorted.
func (d *directives) packageData() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.pkgFiles))
	for f := range d.pkgFiles {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// cached returns the files with 'use cache' functions, by name.
func (d *directives) cached() []Message { return d.byFile(d.useCache) }

// byFile returns one of the plugin's maps of messages, sorted by file.
func (d *directives) byFile(messages map[string]Message) []Message {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Message, 0, len(messages))
	for _, m := range messages {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}
