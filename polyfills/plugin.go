package polyfills

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Supported lists the syntax goja lacks, for esbuild to lower in app
// bundles and the runtime program alike: it rewrites only these.
var Supported = map[string]bool{
	"async-generator":                 false,
	"for-await":                       false,
	"decorators":                      false,
	"using":                           false,
	"regexp-match-indices":            false,
	"regexp-unicode-property-escapes": false,
	"regexp-set-notation":             false,
	// Every u-flag literal becomes new RegExp(…), which webapi/regexp
	// rewrites when goja would misread it: esbuild lowers a \p{…} only
	// outside a character class, so /[\p{L}0-9]/u stayed a literal that
	// goja read as the letters p, {, L and }.
	"regexp-sticky-and-unicode-flags": false,
	"top-level-await":                 false,
	// goja has no import(): an app's import() of a runtime module becomes
	// a require of it (a bundled module's is inlined anyway).
	"dynamic-import": false,
}

// nodeBuiltins are Node's core modules. Those the runtime provides resolve
// to polyfills; importing any other is a build error at the import.
var nodeBuiltins = regexp.MustCompile(`^(node:.*|assert|assert/strict|async_hooks|buffer|child_process|cluster|console|constants|crypto|dgram|diagnostics_channel|dns|dns/promises|domain|events|fs|fs/promises|http|http2|https|inspector|module|net|os|path|path/posix|path/win32|perf_hooks|process|punycode|querystring|readline|repl|stream|stream/promises|stream/web|string_decoder|sys|timers|timers/promises|tls|trace_events|tty|url|util|util/types|v8|vm|wasi|worker_threads|zlib)$`)

// Plugin is the esbuild plugin with which the bundler builds an app in
// root against the runtime program: imports of next/*, node:* and the
// runtime's files resolve to the program (the bundle's require returns
// them at run time) instead of being bundled, and Node built-ins that
// cannot work here are build errors at the import, or stand-ins that fail
// when used when an npm package imports them.
//
// split is for a build whose ES module output becomes CommonJS afterwards
// (the bundler's split route modules): the runtime's files are external
// there, and each import of one becomes a require. Otherwise the output
// stays an ES module, where an external import would stay an import
// statement, and a CommonJS stand-in requires the file instead.
func Plugin(root string, split bool) api.Plugin {
	return runtimePlugin(root, inRuntime, split)
}

// runtimePlugin serves the runtime's files from the binary and refuses
// Node built-ins that cannot work here. inRuntime is nil when it builds the
// runtime program itself (which bundles every runtime file but the lazy
// modules); for an app it says which files the runtime program holds.
func runtimePlugin(root string, inRuntime func(file string) bool, split bool) api.Plugin {
	// polyfill resolves an import to a polyfill file. An app imports every
	// polyfill from the runtime program (a file it holds, or a lazy module),
	// never bundling one: so the bundle holds none of the runtime's code
	// and its require can be limited to the public modules.
	polyfill := func(file string) (api.OnResolveResult, error) {
		if inRuntime != nil && (strings.HasPrefix(file, "node/") || replacedPackage(file)) {
			// A Node built-in as Node hands it to CommonJS and ESM alike:
			// module.exports is the module's default (see nodeNamespace).
			return api.OnResolveResult{Path: Specifier(file), Namespace: nodeNamespace}, nil
		}
		if inRuntime != nil && (inRuntime(file) || isLazy(file)) {
			if split {
				return api.OnResolveResult{Path: Specifier(file), External: true}, nil
			}
			// An ES module bundle: a CommonJS stand-in requires the file
			// from the runtime program (see Plugin).
			return api.OnResolveResult{Path: Specifier(file), Namespace: requireNamespace}, nil
		}
		if isLazy(file) {
			return api.OnResolveResult{Path: Specifier(file), External: true}, nil
		}
		if inRuntime != nil {
			return api.OnResolveResult{}, fmt.Errorf("jsroutes: the polyfill %s is neither in the runtime program nor a lazy module (LazyModules)", file)
		}
		return api.OnResolveResult{Path: file, Namespace: Namespace}, nil
	}
	return api.Plugin{
		Name: "jsroutes",
		Setup: func(b api.PluginBuild) {
			// First: a stand-in's own require is the runtime program's.
			for _, ns := range []string{requireNamespace, nodeNamespace} {
				b.OnResolve(api.OnResolveOptions{Filter: `^jsroutes:`, Namespace: ns}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
					return api.OnResolveResult{Path: args.Path, External: true}, nil
				})
			}
			b.OnResolve(api.OnResolveOptions{Filter: `^(jsroutes:|next/)`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				// The runtime's own files by name are for the runtime and the
				// modules this plugin writes, not for route code.
				internal := inRuntime == nil || args.Namespace != "file"
				if file, ok := resolve(args.Path); ok && (internal || Public(file) && !strings.HasPrefix(args.Path, "jsroutes:")) {
					return polyfill(file)
				}
				if strings.HasPrefix(args.Path, "jsroutes:") {
					return api.OnResolveResult{}, fmt.Errorf("unknown module %q", args.Path)
				}
				return api.OnResolveResult{}, fmt.Errorf("%q is not supported by jsroutes (supported: next/server, next/headers, next/navigation, next/cache, next/constants, next/package.json)", args.Path)
			})
			b.OnResolve(api.OnResolveOptions{Filter: `^\.\.?/`, Namespace: Namespace}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				file, ok := resolveRelative(args.Importer, args.Path)
				if !ok {
					return api.OnResolveResult{}, fmt.Errorf("runtime module %q not found from %s", args.Path, args.Importer)
				}
				res, err := polyfill(file)
				if err != nil {
					return res, err
				}
				if !res.External && strings.HasPrefix(file, "vendor/") {
					// Vendored npm code only defines things: drop what the app never uses.
					res.SideEffects = api.SideEffectsFalse
				}
				return res, nil
			})
			if inRuntime != nil {
				b.OnResolve(api.OnResolveOptions{Filter: packageFilter}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
					return polyfill(packageReplacements[args.Path])
				})
			}
			b.OnResolve(api.OnResolveOptions{Filter: nodeBuiltins.String()}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				if _, nested := args.PluginData.(skipBuiltins); nested {
					return api.OnResolveResult{}, nil // let esbuild look in node_modules
				}
				name := strings.TrimPrefix(args.Path, "node:")
				if file, ok := resolve("node:" + name); ok {
					return polyfill(file)
				}
				if !strings.HasPrefix(args.Path, "node:") && args.Kind != api.ResolveEntryPoint {
					// A bare name may be an npm package of the same name (the "buffer" polyfill, say).
					r := b.Resolve(args.Path, api.ResolveOptions{ResolveDir: args.ResolveDir, Kind: args.Kind, PluginData: skipBuiltins{}})
					if len(r.Errors) == 0 {
						return api.OnResolveResult{Path: r.Path, Namespace: r.Namespace, External: r.External}, nil
					}
				}
				if !entryFile.MatchString(filepath.Base(args.Importer)) {
					// Inside a package, or a helper file of the app, the import
					// is often for a path the route never takes: a stand-in that
					// fails only when used. A route (or proxy) file's own import
					// is a build error at the import.
					return api.OnResolveResult{Path: args.Path, Namespace: unavailableNamespace, PluginData: args.Importer}, nil
				}
				return api.OnResolveResult{}, fmt.Errorf("the Node.js built-in module %q is not available in jsroutes", args.Path)
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: requireNamespace}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				src := "module.exports = require(" + strconv.Quote(args.Path) + ");\n"
				return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: nodeNamespace}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				src := "module.exports = require(" + strconv.Quote(Specifier(modules[unavailableModule])) + ").nodeExports(require(" + strconv.Quote(args.Path) + "));\n"
				return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: unavailableNamespace}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				importer, _ := args.PluginData.(string)
				if rel, err := filepath.Rel(root, importer); err == nil {
					importer = filepath.ToSlash(rel)
				}
				src := "const { unavailable } = require(" + strconv.Quote(unavailableModule) + ");\n" +
					"module.exports = unavailable(" + strconv.Quote(args.Path) + ", " + strconv.Quote(importer) + ");\n"
				return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: Namespace}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				src, err := source(args.Path)
				if err != nil {
					return api.OnLoadResult{}, err
				}
				return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
			})
		},
	}
}

// requireNamespace holds the CommonJS stand-ins through which an app's
// bundle requires the runtime's files (see runtimePlugin).
const requireNamespace = "jsroutes-require"

// packageReplacements are the modules imported by name that the runtime
// provides itself, for app code and packages alike: npm packages whose
// pure-JS code is far too slow in goja for what real apps do with them on
// every request, replaced by a module with the same API on Go (bcryptjs'
// 10-round hash took ~15 s; Node takes ~70 ms; pg-protocol's parsing and
// serializing were half of a pg query's cost; each must give the
// package's exact output, as webapi/crypto's and webapi/pg's tests
// check), and platform
// modules packages import (cloudflare:sockets, which postgres.js and pg
// use on edge runtimes, on node:net's sockets).
var packageReplacements = map[string]string{
	"bcryptjs":           "crypto/bcrypt.js",
	"bcrypt":             "crypto/bcrypt.js", // the native addon's API is the same
	"pg-protocol":        "pg/protocol.js",
	"cloudflare:sockets": "socket/cloudflare.js",
	// Not packages: what the bundler appends to @noble/hashes',
	// crypto-js's, pako's, fflate's and pg-pool's modules imports
	// (bundler/accelerate.go).
	"jsroutes/kdf":       "crypto/kdf.js",
	"jsroutes/cryptojs":  "crypto/cryptojs.js",
	"jsroutes/inflate":   "streams/inflate.js",
	"jsroutes/pg-pool":   "pg/pool.js",
	"jsroutes/pg-client": "pg/client.js",
}

// packageFilter matches an import of a replaced package by name.
var packageFilter = func() string {
	names := make([]string, 0, len(packageReplacements))
	for n := range packageReplacements {
		names = append(names, regexp.QuoteMeta(n))
	}
	sort.Strings(names)
	return "^(" + strings.Join(names, "|") + ")$"
}()

// replacedPackage says whether a runtime file stands in for an npm package.
func replacedPackage(file string) bool {
	for _, f := range packageReplacements {
		if f == file {
			return true
		}
	}
	return false
}

// entryFile matches the files whose own imports of unavailable built-ins
// are build errors: route handlers and the proxy, which run for requests.
var entryFile = regexp.MustCompile(`^(route|proxy|middleware)\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$`)

// nodeNamespace holds the stand-ins through which an app's code imports and
// requires Node built-ins: Node's module.exports is the module's default
// (require('events') is EventEmitter itself, class X extends it; require(
// 'stream') the legacy Stream with Readable & co. on it), and ESM named
// imports read its properties, so each polyfill's default, with its named
// exports added where it lacks them, is module.exports (see nodeExports in
// webapi/unavailable.js).
const nodeNamespace = "jsroutes-node"

// isLazy says whether a runtime file is a lazy module.
func isLazy(file string) bool {
	_, ok := LazyModuleOf(file)
	return ok
}

// unavailableNamespace holds the stand-ins for built-ins that packages
// import but jsroutes cannot offer.
const unavailableNamespace = "jsroutes-unavailable"

// skipBuiltins marks a nested resolve that must not be refused again.
type skipBuiltins struct{}
