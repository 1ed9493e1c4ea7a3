// Package bundler turns a Next.js app directory into a JavaScript program
// for the jsroutes runtime: it finds the route files with the App Router's
// conventions, bundles them with esbuild together with the app's npm
// dependencies against the runtime program (which it also builds, see
// RuntimeScript), and reads the .env files.
package bundler

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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
}

// Bundle is a built app.
type Bundle struct {
	Root   string  // the project root (absolute)
	AppDir string  // the app directory (absolute)
	Routes []Route // sorted by pattern
	// Code is one script whose value is a function(require) that runs every
	// route module and their dependencies; require returns the runtime
	// program's modules (see RuntimeScript). It has an inline source map
	// whose paths are relative to Root, so stack traces name app/…/route.ts.
	Code string
	// Env holds the variables the .env files define (not the process environment).
	Env map[string]string
	// NextConfig is the next.config.* file in Root that the bundle
	// evaluates, relative to Root, or "" when there is none.
	NextConfig string
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
	config := findNextConfig(root)
	code, err := bundle(ctx, root, routes, config, opts.GoModules)
	if err != nil {
		return nil, err
	}
	return &Bundle{Root: root, AppDir: appDir, Routes: routes, Code: code, Env: env, NextConfig: config}, nil
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

// entry is the generated module that the bundle runs: it exports the
// app's next.config (nextConfig, when there is one) and, in the order of
// the route table, the route files (files) and a loader per route module
// (routes) that runs the module the first time and returns its namespace.
// The worker hands these to the runtime (applyNextConfig, registerRoutes):
// the bundle imports nothing of the runtime but the public modules.
// next.config runs when the bundle does, before any route module, so that
// its env is in process.env when they run.
func entry(routes []Route, config string) string {
	var b strings.Builder
	if config != "" {
		b.WriteString("export * as nextConfig from " + strconv.Quote("./"+config) + ";\n")
	}
	b.WriteString("export const files = [")
	for _, r := range routes {
		b.WriteString(strconv.Quote(r.File) + ", ")
	}
	b.WriteString("];\nexport const routes = [\n")
	for _, r := range routes {
		fmt.Fprintf(&b, "  () => require(%s),\n", strconv.Quote("./"+r.File))
	}
	b.WriteString("];\n")
	return b.String()
}

func bundle(ctx context.Context, root string, routes []Route, config string, goModules map[string][]string) (string, error) {
	res := api.Build(api.BuildOptions{
		Stdin: &api.StdinOptions{
			Contents:   entry(routes, config),
			ResolveDir: root,
			Sourcefile: "<jsroutes entry>",
			Loader:     api.LoaderJS,
		},
		AbsWorkingDir: root,
		Outfile:       filepath.Join(root, "bundle.js"), // never written; it makes source paths root-relative
		Write:         false,
		Bundle:        true,
		// CommonJS in a function of require: the runtime's public modules
		// are not in the bundle but imported from the runtime program (see
		// RuntimeScript) through the require the worker passes, which
		// returns those and nothing else.
		Format:    api.FormatCommonJS,
		Banner:    map[string]string{"js": "(function (require, module, exports) {"},
		Footer:    map[string]string{"js": "})"},
		Platform:  api.PlatformNeutral,
		Target:    api.ESNext,
		Supported: polyfills.Supported,
		Charset:   api.CharsetUTF8, // goja's parser chokes on some \u{…} escapes esbuild would write
		// The conditions of Next.js's edge runtime: this runtime is the Web platform, not Node.
		Conditions:        []string{"edge-light", "worker", "browser", "module"},
		MainFields:        []string{"module", "main"},
		ResolveExtensions: []string{".tsx", ".ts", ".jsx", ".js", ".mjs", ".cjs", ".json"},
		// GET.name is "GET", as in Node, although esbuild renames to avoid clashes.
		KeepNames: false,
		// Less text for goja to parse at start-up; identifiers stay, and the
		// source map still points at the original lines.
		MinifyWhitespace: true,
		MinifySyntax:     true,
		Sourcemap:        api.SourceMapInline,
		SourcesContent:   api.SourcesContentExclude,
		Define: map[string]string{
			"process.env.NODE_ENV": `"production"`,
		},
		LogLevel: api.LogLevelSilent,
		Plugins:  []api.Plugin{polyfills.Plugin(root), goModulesPlugin(goModules)},
	})
	if len(res.Errors) > 0 {
		return "", buildError(root, res.Errors)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			return string(f.Contents), nil
		}
	}
	return "", fmt.Errorf("esbuild produced no JavaScript")
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
