// Package bundler turns a Next.js app directory into JavaScript for the
// jsroutes runtime: it finds the route files with the App Router's
// conventions, reads what each exports without running it (analyze),
// builds the route modules with esbuild together with the app's npm
// dependencies against the runtime program (polyfills.Plugin), split into
// chunks compiled on first use (chunked), bundles next.config, and reads
// the .env files.
package bundler

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/jsroutes/jsroutes/polyfills"
)

// Options says what to build.
type Options struct {
	// Dir is the app directory, or a project root holding app/ or src/app/.
	Dir string
	// LookupEnv reads the process environment, which wins over .env files.
	// Nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// GoModules names the Go modules route files may import as "go:<name>",
	// with each module's export names.
	GoModules map[string][]string
	// StrictNextConfig fails the build when next.config cannot be built
	// with its plugins, instead of stubbing them (see nextconfig.go).
	StrictNextConfig bool
}

// Bundle is a built app.
type Bundle struct {
	Root   string  // the project root (absolute)
	AppDir string  // the app directory (absolute)
	Routes []Route // sorted by pattern
	// Code is one script whose value is an async function(require,
	// register) that runs next.config and hands it and the route files to
	// register; require returns the runtime program's public modules. When
	// Chunks is nil it holds the route modules too, each behind a lazy
	// loader (see entry). It has an inline source map whose paths are
	// relative to Root, so stack traces name app/…/route.ts.
	Code string
	// Chunks are the route modules built split, by path (Route.Chunk, and
	// the chunks those require), each a script whose value is a
	// function(module, exports, require), compiled when a worker first
	// needs it (see chunked). Nil when Code holds the route modules.
	Chunks map[string]string
	// DataFiles are the project's files and directories that route code
	// may read with node:fs (see dataFiles), which Write copies.
	DataFiles []string `json:",omitempty"`
	// Proxy is the app's proxy.ts (or middleware.ts) and Instrumentation
	// its instrumentation.ts, built with the routes (see conventions).
	Proxy, Instrumentation Hook
	// Warnings are what the build left out that the app has (see
	// conventions), for the server to log.
	Warnings []Message
	// chunkDir is where a prebuilt bundle's chunks are read from (see Chunk).
	chunkDir string
	// prebuilt: the bundle was read from a prebuilt directory (Root).
	prebuilt bool
	// Env holds the variables the .env files define (not the process environment).
	Env map[string]string
	// NextConfig is the next.config.* file in Root that the bundle
	// evaluates, relative to Root, or "" when there is none.
	NextConfig string
	// ConfigFallback is Code with the packages next.config imports
	// replaced by stand-ins that hand the config back (ConfigStubs names
	// them), for the server to run when the config throws at start (see
	// nextconfig.go); "" when the config imports no package.
	ConfigFallback string
	ConfigStubs    []string
	// UseCache lists the files with 'use cache' functions, at their first
	// directive: the server refuses them unless next.config turns Cache
	// Components on, as Next.js's compiler does.
	UseCache []Message `json:",omitempty"`
}

// ConfigFallbackWarning is the warning to give when the server runs
// ConfigFallback because next.config threw (err).
func (b *Bundle) ConfigFallbackWarning(err error) string {
	first, _, _ := strings.Cut(err.Error(), "\n") // the message, not its stack
	return configFallbackWarning(b.ConfigStubs, "run with the packages it imports ("+first+")")
}

// Message is one build problem, located in a source file when it has a place.
type Message struct {
	File   string // relative to the project root
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based
	Text   string
}

func (m Message) String() string {
	if m.File == "" {
		return m.Text
	}
	if m.Line == 0 {
		return m.File + ": " + m.Text
	}
	return fmt.Sprintf("%s:%d:%d: %s", m.File, m.Line, m.Column, m.Text)
}

// Error is a failed build. Its text names file:line:column for each problem.
type Error struct {
	Messages []Message
}

func (e *Error) Error() string {
	parts := make([]string, len(e.Messages))
	for i, m := range e.Messages {
		parts[i] = m.String()
	}
	return "build failed: " + strings.Join(parts, "; ")
}

// Build scans and bundles an app.
func Build(ctx context.Context, opts Options) (*Bundle, error) {
	root, appDir, err := project(opts.Dir)
	if err != nil {
		return nil, err
	}
	routes, err := scanRoutes(root, appDir)
	if err != nil {
		return nil, &Error{Messages: []Message{{Text: err.Error()}}}
	}
	lookup := opts.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	env, err := loadEnv(root, lookup)
	if err != nil {
		return nil, err
	}
	proxy, instrumentation, err := conventions(root, appDir)
	if err != nil {
		return nil, err
	}
	config := findNextConfig(root)
	b := &Bundle{Root: root, AppDir: appDir, Routes: routes, Env: env, NextConfig: config,
		Proxy: proxy, Instrumentation: instrumentation, Warnings: metadataFiles(root, appDir)}
	hooks := []*Hook{&b.Proxy, &b.Instrumentation}
	// The route modules split, compiled on first use (see chunked), which
	// also reads what each exports, and a bundle of next.config alone; or,
	// when a route module awaits at its top, one bundle of everything.
	notes := &directives{root: root, useCache: map[string]Message{}, pkgFiles: map[string]bool{}, badRegExps: map[string]Message{}}
	b.Chunks, err = chunked(ctx, root, routes, hooks, opts.GoModules, notes)
	switch {
	case errors.Is(err, errTopLevelAwait):
		for i := range routes {
			routes[i] = Route{Pattern: routes[i].Pattern, Segments: routes[i].Segments, File: routes[i].File, Metadata: routes[i].Metadata}
		}
		for _, h := range hooks {
			h.Chunk = ""
		}
		b.Chunks = nil
		if err = analyze(root, routes); err == nil {
			b.Code, err = bundle(ctx, root, routes, hooks, config, opts.GoModules, notes)
		}
	case err == nil:
		b.Code, err = bundle(ctx, root, nil, nil, config, opts.GoModules, notes)
		if config != "" && !opts.StrictNextConfig {
			// The config with its plugins stubbed: instead of one that
			// does not build, or kept for one that throws when it runs.
			code, stubbed, serr := stubbedConfig(ctx, root, config, opts.GoModules, notes)
			switch {
			case err != nil && serr == nil && code != "":
				b.Warnings = append(b.Warnings, Message{File: config, Text: configFallbackWarning(stubbed, "be built with the packages it imports ("+err.Error()+")")})
				b.Code, err = code, nil
			case err == nil && serr == nil && code != "":
				b.ConfigFallback, b.ConfigStubs = code, stubbed
			}
		}
	}
	if err != nil {
		return nil, err
	}
	b.UseCache = notes.cached()
	b.Warnings = append(b.Warnings, notes.regexpWarnings()...)
	b.DataFiles = append(dataFiles(root, appDir), notes.packageData()...)
	return b, nil
}

// findNextConfig returns the next.config file Next.js would read, if any.
func findNextConfig(root string) string {
	for _, name := range []string{"next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs", "next.config.mts", "next.config.cts"} {
		if st, err := os.Stat(filepath.Join(root, name)); err == nil && !st.IsDir() {
			return name
		}
	}
	return ""
}

// entry is the generated module that the bundle runs: it hands the app's
// next.config (when there is one), the route files (files) and a loader
// per route module (routes), in the order of the route table, to
// __jsroutes_app, the bundle function's second parameter; the worker passes
// them on to the runtime (applyNextConfig, registerRoutes). A loader runs
// its module (and what it imports) the first time it is called, behind
// esbuild's lazy wrapper, so a module loads on its route's first request.
// It returns the module's namespace, or, for the routes in async (a module
// whose graph awaits at its top), a promise of it: a synchronous load keeps
// a route's first request on the path of every other (a promise would run
// its handler in a later job). next.config runs when the bundle does,
// before any route module, so that its env is in process.env when they
// run. The bundle imports nothing of the runtime but the public modules.
//
// The hooks (proxy, instrumentation) are loaders too, named: they load at
// start, not on a request.
func entry(routes []Route, hooks []*Hook, config string, async map[int]bool) string {
	var b strings.Builder
	if config != "" {
		b.WriteString("import * as nextConfig from " + strconv.Quote("./"+config) + ";\n")
	}
	b.WriteString("__jsroutes_app({\n")
	if config != "" {
		b.WriteString("  nextConfig,\n")
	}
	b.WriteString("  files: [")
	for _, r := range routes {
		b.WriteString(strconv.Quote(r.File) + ", ")
	}
	b.WriteString("],\n  metadata: [")
	for _, r := range routes {
		b.WriteString(strconv.Quote(r.Metadata) + ", ")
	}
	b.WriteString("],\n  routes: [\n")
	for i, r := range routes {
		load := "require"
		if async[i] {
			load = "import"
		}
		fmt.Fprintf(&b, "    () => %s(%s),\n", load, strconv.Quote("./"+r.File))
	}
	b.WriteString("  ],\n")
	for i, h := range hooks {
		if h.File != "" {
			fmt.Fprintf(&b, "  %s: () => import(%s),\n", hookNames[i], strconv.Quote("./"+h.File))
		}
	}
	b.WriteString("});\n")
	return b.String()
}

// supported is polyfills.Supported with top-level await: the bundle is
// an ES module inside an async function, so esbuild keeps it, and a
// module that awaits at its top makes its loader's promise wait.
var supported = func() map[string]bool {
	m := map[string]bool{"top-level-await": true}
	for k, v := range polyfills.Supported {
		if k != "top-level-await" {
			m[k] = v
		}
	}
	return m
}()

// hookNames are the names of the hooks' loaders in the entry, in the
// order Build lists them.
var hookNames = []string{"proxy", "instrumentation"}

func bundle(ctx context.Context, root string, routes []Route, hooks []*Hook, config string, goModules map[string][]string, notes *directives, extra ...api.Plugin) (string, error) {
	code, async, err := bundleWith(ctx, root, routes, hooks, config, goModules, nil, notes, extra)
	if len(async) > 0 {
		// Modules that await at their top cannot be required: build again
		// with import() for their routes.
		code, _, err = bundleWith(ctx, root, routes, hooks, config, goModules, async, notes, extra)
	}
	return code, err
}

// bundleWith builds the bundle with the routes in async loaded by
// import(). Built without (async nil), it also returns the routes whose
// module graph awaits at its top, which esbuild's lazy wrapper shows as an
// async function: required, such a module would be handed over before its
// top-level await settled.
func bundleWith(ctx context.Context, root string, routes []Route, hooks []*Hook, config string, goModules map[string][]string, async map[int]bool, notes *directives, extra []api.Plugin) (string, map[int]bool, error) {
	opts := buildOptions(root, goModules, false, notes)
	opts.Plugins = append(append(opts.Plugins, assetsPlugin(root, routes)), extra...)
	opts.Stdin = &api.StdinOptions{
		Contents:   entry(routes, hooks, config, async),
		ResolveDir: root,
		Sourcefile: "<jsroutes entry>",
		Loader:     api.LoaderJS,
	}
	opts.Outfile = filepath.Join(root, "bundle.js") // never written; it makes source paths root-relative
	// An ES module (so top-level await is kept) as the body of an async
	// function of require and __jsroutes_app (see entry): the runtime's
	// public modules are not in the bundle but required from the runtime
	// program (see polyfills.Plugin) through the require the worker
	// passes, which returns those and nothing else. Each route module is
	// behind a lazy esbuild wrapper (its import() or require()).
	opts.Banner = map[string]string{"js": "(async function (require, __jsroutes_app) {"}
	opts.Footer = map[string]string{"js": "})"}
	opts.Supported = supported
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		return "", nil, buildError(root, res.Errors)
	}
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	if len(routes) > 0 {
		b, err := readBuild(root, res)
		if err != nil {
			return "", nil, err
		}
		b.routeBytes(routes)
	}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			code := string(f.Contents)
			var needs map[int]bool
			if async == nil {
				needs = awaitingRoutes(code, routes)
			}
			return code, needs, nil
		}
	}
	return "", nil, fmt.Errorf("esbuild produced no JavaScript")
}

// buildOptions are the esbuild options of an app's code, the bundle's and
// the split route modules' (see chunked).
// Runtimes a route (or the proxy) runs on, as its segment config says.
const (
	NodeRuntime = "nodejs" // the default
	EdgeRuntime = "edge"
)

// resolveFor are the package resolution settings of each runtime, as
// Next.js's route layer resolves: a Node.js route gets packages' Node
// builds (stripe's synchronous webhooks, SDKs' node:http transports), an
// edge route their edge builds (the browser field's maps applied), and both
// the react-server condition (server-only resolves to its empty module).
func resolveFor(runtime string, opts *api.BuildOptions) {
	if runtime == EdgeRuntime {
		opts.Platform = api.PlatformBrowser // applies package.json "browser" maps
		opts.Conditions = []string{"edge-light", "worker", "browser", "react-server", "module"}
		opts.MainFields = []string{"browser", "module", "main"}
		return
	}
	opts.Platform = api.PlatformNeutral
	opts.Conditions = []string{"node", "react-server", "module"}
	opts.MainFields = []string{"module", "main"}
}

// edgeRuntime matches a route file's `export const runtime = 'edge'`, or
// a proxy's `export const config = { runtime: 'edge' }`, read from the
// source before the build (the build's conditions follow it); a value
// that is not a literal there is Node's, as in Next.js.
var edgeRuntime = regexp.MustCompile(`(?m)^\s*export\s+const\s+runtime\s*(?::\s*\w+\s*)?=\s*['"](edge|experimental-edge)['"]|^\s*export\s+const\s+config\b[^;]*?\bruntime\s*:\s*['"](edge|experimental-edge)['"]`)

// runtimeOf is the runtime a file declares.
func runtimeOf(root, file string) string {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err == nil && edgeRuntime.Match(src) {
		return EdgeRuntime
	}
	return NodeRuntime
}

func buildOptions(root string, goModules map[string][]string, split bool, notes *directives) api.BuildOptions {
	return api.BuildOptions{
		AbsWorkingDir: root,
		Write:         false,
		Bundle:        true,
		Format:        api.FormatESModule,
		Platform:      api.PlatformNeutral,
		Target:        api.ESNext,
		Metafile:      true,
		Charset:       api.CharsetUTF8, // goja's parser chokes on some \u{…} escapes esbuild would write
		// JSX as Next.js compiles it whatever tsconfig says (SWC's automatic
		// runtime, react/jsx-runtime): an og route's <div> needs no React import.
		JSX: api.JSXAutomatic,
		// Platform, Conditions and MainFields: see resolveFor (Node's by default).
		Conditions:        []string{"node", "react-server", "module"},
		MainFields:        []string{"module", "main"},
		ResolveExtensions: []string{".tsx", ".ts", ".jsx", ".js", ".mjs", ".cjs", ".json"},
		// GET.name is "GET", as in Node, although esbuild renames to avoid clashes.
		KeepNames: false,
		// Less text for goja to parse; identifiers stay, and the source map
		// still points at the original lines.
		MinifyWhitespace: true,
		MinifySyntax:     true,
		Sourcemap:        api.SourceMapInline,
		SourcesContent:   api.SourcesContentExclude,
		Define: map[string]string{
			"process.env.NODE_ENV": `"production"`,
		},
		LogLevel: api.LogLevelSilent,
		Plugins:  []api.Plugin{ogPlugin(), polyfills.Plugin(root, split), goModulesPlugin(goModules), wasmPlugin(), notes.plugin()},
	}
}

// awaitingRoutes returns the routes whose module esbuild wrapped in an
// async initializer (`__esm({async"app/x/route.ts"(){…}})`): their graph
// awaits at its top.
func awaitingRoutes(code string, routes []Route) map[int]bool {
	var out map[int]bool
	for i, r := range routes {
		if strings.Contains(code, "__esm({async"+strconv.Quote(r.File)+"(") {
			if out == nil {
				out = map[int]bool{}
			}
			out[i] = true
		}
	}
	return out
}

func buildError(root string, msgs []api.Message) error {
	out := make([]Message, 0, len(msgs))
	for _, m := range msgs {
		msg := Message{Text: m.Text}
		if m.Location != nil {
			msg.File = filepath.ToSlash(m.Location.File)
			if filepath.IsAbs(msg.File) {
				if rel, err := filepath.Rel(root, msg.File); err == nil {
					msg.File = filepath.ToSlash(rel)
				}
			}
			msg.Line = m.Location.Line
			msg.Column = m.Location.Column + 1
		}
		out = append(out, msg)
	}
	return &Error{Messages: out}
}

// goModulesPlugin turns `import … from "go:name"` into the exports of the
// Go module the embedding service registered under that name.
func goModulesPlugin(mods map[string][]string) api.Plugin {
	return api.Plugin{
		Name: "jsroutes-go-modules",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: "^go:"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				name := strings.TrimPrefix(args.Path, "go:")
				if _, ok := mods[name]; !ok {
					known := make([]string, 0, len(mods))
					for n := range mods {
						known = append(known, "go:"+n)
					}
					sort.Strings(known)
					return api.OnResolveResult{}, fmt.Errorf("unknown Go module %q (registered: %v; Go services register them with jsrt.Options.Modules)", args.Path, known)
				}
				return api.OnResolveResult{Path: name, Namespace: "jsroutes-go"}, nil
			})
			// The generated module's own import: the bundle's require returns
			// the module's exports on the worker that runs it.
			b.OnResolve(api.OnResolveOptions{Filter: "^" + GoModulePrefix, Namespace: "jsroutes-go"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				return api.OnResolveResult{Path: args.Path, External: true}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "jsroutes-go"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				var src strings.Builder
				src.WriteString("const m = require(" + strconv.Quote(GoModulePrefix+args.Path) + ");\n")
				for _, e := range mods[args.Path] {
					fmt.Fprintf(&src, "export const %s = m.%s;\n", e, e)
				}
				s := src.String()
				return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS}, nil
			})
		},
	}
}

// GoModulePrefix is the specifier under which the bundle's require returns
// the exports of a Go module (see jsrt's Options.Modules).
const GoModulePrefix = "jsroutes-go:"
