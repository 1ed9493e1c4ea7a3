// Package polyfills holds the JavaScript half of the jsroutes runtime: the
// Web platform classes that are best written in JS (Headers, Request,
// Response, FormData, Blob, streams …), the shims for Next.js's own modules,
// and the dispatcher that Go calls for each request.
//
// The files are ES modules embedded into the binary. `go generate` builds
// the runtime module and everything it imports into one script, the
// runtime program (RuntimeScript), that goja compiles once per process;
// app bundles import those modules from it by name (Specifier, InRuntime)
// and bundle only the polyfills it lacks.
//
// vendor/ holds npm packages bundled by `go generate ./polyfills`; that step
// needs Node, its output is committed, and nothing else here does.
package polyfills

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

//go:embed js
var files embed.FS

// Namespace is the esbuild namespace under which polyfill modules live.
const Namespace = "jsroutes"

// RuntimeModule is the runtime program's entry (see RuntimeScript): the
// dispatcher Go calls and every Web platform global. Route code cannot
// import it (it is not Public).
const RuntimeModule = "jsroutes:runtime.js"

// UnavailableModule exports unavailable(name, importer), the stand-in for
// a Node.js built-in that an npm package imports but jsroutes cannot offer.
const UnavailableModule = "jsroutes:unavailable"

// modules maps the specifiers route code may import to polyfill files
// (the public modules).
var modules = map[string]string{
	UnavailableModule:      "unavailable.js",
	"next/server":          "next/server.js",
	"next/headers":         "next/headers.js",
	"next/navigation":      "next/navigation.js",
	"next/cache":           "next/cache.js",
	"node:async_hooks":     "node/async_hooks.js",
	"node:buffer":          "node/buffer.js",
	"node:crypto":          "node/crypto.js",
	"node:events":          "node/events.js",
	"node:path":            "node/path.js",
	"node:path/posix":      "node/path.js",
	"node:util":            "node/util.js",
	"node:url":             "node/url.js",
	"node:querystring":     "node/querystring.js",
	"node:string_decoder":  "node/string_decoder.js",
	"node:stream":          "node/stream.js",
	"node:stream/promises": "node/stream_promises.js",
	"node:stream/web":      "node/stream_web.js",
	"node:timers/promises": "node/timers_promises.js",
	"node:process":         "node/process.js",
	"node:assert":          "node/assert.js",
	"node:assert/strict":   "node/assert.js",
}

// LazyModules are polyfill modules that the runtime program leaves out, by
// the name the runtime loads them under (host.loadLazy): the runtime
// compiles each once, the first time route code touches what it defines
// or imports it, and runs it in each worker that does. Their imports come
// from the runtime program, or are lazy modules too. The Web streams
// implementation alone was a third of the runtime's code, and most
// handlers never touch a stream, nor crypto.subtle, structuredClone,
// URLPattern, the compression streams, Blob, FormData, Buffer or console's
// formatter: leaving them out makes cold starts shorter and idle workers
// smaller.
//
// Every polyfill file is in the runtime program or is a lazy module: an
// app's bundle holds none of the runtime's code and reaches it only through
// the public modules (Public), so that route code cannot import the host
// bridge (host.js) or the request table (runtime.js) by name. The public
// modules the runtime program does not hold (next/headers, node:path, …)
// are lazy modules for that reason, and so is what they import.
var LazyModules = map[string]string{
	"web-streams":          "vendor/web-streams.js",
	"webcrypto":            "webcrypto.js",
	"ua-parser":            "vendor/ua-parser.js",
	"structured-clone":     "structured-clone.js",
	"url-pattern":          "url-pattern.js",
	"compression":          "compression.js",
	"inspect":              "inspect.js",
	"blob":                 "blob.js",
	"form-data":            "form-data.js",
	"node-buffer":          "node/buffer.js",
	"next-headers":         "next/headers.js",
	"next-cache":           "next/cache.js",
	"unavailable":          "unavailable.js",
	"node-assert":          "node/assert.js",
	"node-async-hooks":     "node/async_hooks.js",
	"node-crypto":          "node/crypto.js",
	"node-events":          "node/events.js",
	"node-path":            "node/path.js",
	"node-process":         "node/process.js",
	"node-querystring":     "node/querystring.js",
	"node-stream":          "node/stream.js",
	"node-stream-promises": "node/stream_promises.js",
	"node-stream-web":      "node/stream_web.js",
	"node-string-decoder":  "node/string_decoder.js",
	"node-timers-promises": "node/timers_promises.js",
	"node-url":             "node/url.js",
	"node-util":            "node/util.js",
	"events":               "vendor/events.js",
	"readable-stream":      "vendor/readable-stream.js",
}

// Public says whether route code may import a polyfill file: the files
// that the specifiers of Resolve name (next/server, node:crypto, …) and
// the stand-in for unavailable built-ins. The require an app's bundle runs
// with returns these and nothing else of the runtime.
func Public(file string) bool {
	return publicFiles[file]
}

var publicFiles = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range modules {
		m[f] = true
	}
	return m
}()

// LazyModuleOf names the lazy module of a polyfill file, if it is one.
func LazyModuleOf(file string) (name string, ok bool) {
	for name, f := range LazyModules {
		if f == file {
			return name, true
		}
	}
	return "", false
}

// LazyScriptFile names the generated script of a lazy module's source file.
func LazyScriptFile(file string) string {
	return strings.TrimSuffix(file, ".js") + ".lazy.js"
}

// LazyScript returns the script the runtime compiles for lazy module name
// (see bundler.LazyScript).
func LazyScript(name string) (string, error) {
	file, ok := LazyModules[name]
	if !ok {
		return "", fmt.Errorf("unknown lazy module %q", name)
	}
	return Source(LazyScriptFile(file))
}

// Resolve maps an import specifier to the polyfill file that provides it,
// such as "next/server" to "next/server.js". ok is false for anything else.
func Resolve(specifier string) (file string, ok bool) {
	if file, ok = modules[strings.TrimSuffix(specifier, ".js")]; ok {
		return file, true
	}
	// A file by its own specifier, as the runtime program names them.
	if f, ok := strings.CutPrefix(specifier, Namespace+":"); ok && strings.HasSuffix(f, ".js") {
		if _, err := fs.Stat(files, path.Join("js", f)); err == nil {
			return f, true
		}
	}
	return "", false
}

// Specifier is the name under which the runtime program's require returns
// a polyfill file's module namespace.
func Specifier(file string) string {
	return Namespace + ":" + file
}

// RuntimeScriptFile is the generated runtime program (see RuntimeScript).
const RuntimeScriptFile = "runtime.script.js"

// runtimeScript is the generated runtime program, embedded as a string:
// compiling it at start-up copies nothing.
//
//go:embed js/runtime.script.js
var runtimeScript string

// RuntimeScript returns the runtime program: every polyfill file the runtime
// module imports, built once by `go generate ./polyfills` (see
// bundler.RuntimeScript) rather than into each app's bundle, so building
// an app parses only the app. Its value is a function(module, exports)
// that sets exports.require.
func RuntimeScript() string {
	return runtimeScript
}

// RuntimeVersion identifies the runtime program, for bundles built against
// it: a bundle imports the runtime's files by name, so it runs only on the
// runtime it was built with. It is a hash of the program that `go
// generate` records (a test checks it), so loading a bundle hashes nothing.
func RuntimeVersion() string {
	return runtimeVersion
}

// InRuntime says whether the runtime program holds a polyfill file: app
// bundles import such files from it instead of bundling their own copy.
func InRuntime(file string) bool {
	return runtimeFiles[file]
}

// ResolveRelative resolves an import made from inside a polyfill file.
func ResolveRelative(importer, specifier string) (string, bool) {
	if !strings.HasPrefix(specifier, "./") && !strings.HasPrefix(specifier, "../") {
		return "", false
	}
	p := path.Join(path.Dir(importer), specifier)
	if _, err := fs.Stat(files, path.Join("js", p)); err != nil {
		return "", false
	}
	return p, true
}

// Source returns the text of a polyfill file named by Resolve or ResolveRelative.
func Source(file string) (string, error) {
	b, err := files.ReadFile(path.Join("js", file))
	return string(b), err
}
