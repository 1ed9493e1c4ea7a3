// Package polyfills owns the runtime program: the one script, built from
// the JS halves of package webapi and the npm polyfills in vendor/, that
// every worker runs before an app's bundle, and the lazy modules it loads
// on first use. It decides which files the program holds and which are
// lazy (LazyModules), which ones route code may import (Public), how they
// are named (Specifier), and how an app's bundle reaches them: the bundler
// builds with Plugin, which resolves every import of next/*, node:* and
// the runtime's own files to the program instead of bundling a copy.
//
// `go generate ./polyfills` bundles the npm packages into vendor/ (gen/,
// needs Node), then writes the program and the lazy modules' scripts into
// generated/ (gen/scripts, see Generate); both outputs are committed, so
// that building and starting an app transforms none of the runtime.
package polyfills

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/jsroutes/jsroutes/webapi"
)

//go:embed vendor/*.js vendor/intl/*.js
var vendor embed.FS

//go:embed generated
var generated embed.FS

// Namespace is the esbuild namespace of the runtime's files, and the
// scheme of their specifiers ("jsroutes:fetch/headers.js").
const Namespace = "jsroutes"

// RuntimeModule is the runtime program's entry (see RuntimeScript): the
// dispatcher Go calls and every Web platform global. Route code cannot
// import it (it is not Public).
const RuntimeModule = "jsroutes:runtime.js"

// unavailableModule exports unavailable(name, importer), the stand-in for
// a Node.js built-in that an npm package imports but jsroutes cannot offer.
const unavailableModule = "jsroutes:unavailable"

// modules maps the specifiers route code may import to the runtime's
// files (the public modules).
var modules = map[string]string{
	unavailableModule:          "unavailable.js",
	"next/server":              "next/server.js",
	"next/headers":             "next/headers.js",
	"next/navigation":          "next/navigation.js",
	"next/cache":               "next/cache.js",
	"next/constants":           "next/constants.js",
	"next/package.json":        "next/package.js",
	"node:async_hooks":         "node/async_hooks.js",
	"node:buffer":              "node/buffer.js",
	"node:crypto":              "node/crypto.js",
	"node:events":              "node/events.js",
	"node:path":                "node/path.js",
	"node:path/posix":          "node/path.js",
	"node:util":                "node/util.js",
	"node:url":                 "node/url.js",
	"node:querystring":         "node/querystring.js",
	"node:string_decoder":      "node/string_decoder.js",
	"node:stream":              "node/stream.js",
	"node:stream/promises":     "node/stream_promises.js",
	"node:stream/web":          "node/stream_web.js",
	"node:timers/promises":     "node/timers_promises.js",
	"node:process":             "node/process.js",
	"node:assert":              "node/assert.js",
	"node:assert/strict":       "node/assert.js",
	"node:net":                 "node/net.js",
	"node:tls":                 "node/tls.js",
	"node:dns":                 "node/dns.js",
	"node:dns/promises":        "node/dns_promises.js",
	"node:diagnostics_channel": "node/diagnostics_channel.js",
	"node:tty":                 "node/tty.js",
	"node:os":                  "node/os.js",
	"node:util/types":          "node/util_types.js",
	"node:zlib":                "node/zlib.js",
	"node:http":                "node/http.js",
	"node:https":               "node/https.js",
	"node:fs":                  "node/fs.js",
	"node:fs/promises":         "node/fs_promises.js",
	"node:timers":              "node/timers.js",
	"node:perf_hooks":          "node/perf_hooks.js",
	"node:worker_threads":      "node/worker_threads.js",
	"node:v8":                  "node/v8.js",
	"node:module":              "node/module.js",
	// npm packages the runtime replaces with its own, Go-backed, builds,
	// and platform modules (see replacements).
	"jsroutes:bcrypt":      "crypto/bcrypt.js",
	"jsroutes:kdf":         "crypto/kdf.js",
	"jsroutes:cryptojs":    "crypto/cryptojs.js",
	"jsroutes:inflate":     "streams/inflate.js",
	"jsroutes:pg-protocol": "pg/protocol.js",
	"jsroutes:pg-pool":     "pg/pool.js",
	"jsroutes:pg-client":   "pg/client.js",
	"cloudflare:sockets":   "socket/cloudflare.js",
}

// LazyModules are the runtime's files that the runtime program leaves out,
// by the name the runtime loads them under (host.loadLazy): the runtime
// compiles each once, the first time route code touches what it defines
// or imports it, and runs it in each worker that does. Their imports come
// from the runtime program, or are lazy modules too. The Web streams
// implementation alone was a third of the runtime's code, and most
// handlers never touch a stream, nor crypto.subtle, structuredClone,
// URLPattern, the compression streams, Blob, FormData, Buffer or console's
// formatter: leaving them out makes cold starts shorter and idle workers
// smaller.
//
// Every runtime file is in the runtime program or is a lazy module: an
// app's bundle holds none of the runtime's code and reaches it only through
// the public modules (Public), so that route code cannot import the host
// bridge (host.js) or the request table (runtime.js) by name. The public
// modules the runtime program does not hold (next/headers, node:path, …)
// are lazy modules for that reason, and so is what they import.
var LazyModules = map[string]string{
	"web-streams":              "vendor/web-streams.js",
	"webcrypto":                "crypto/webcrypto.js",
	"ua-parser":                "vendor/ua-parser.js",
	"structured-clone":         "dom/structured-clone.js",
	"url-pattern":              "url/url-pattern.js",
	"compression":              "streams/compression.js",
	"inspect":                  "console/inspect.js",
	"blob":                     "fetch/blob.js",
	"form-data":                "fetch/form-data.js",
	"node-buffer":              "node/buffer.js",
	"next-headers":             "next/headers.js",
	"next-cache":               "next/cache.js",
	"next-metadata":            "next/metadata.js",
	"next-constants":           "next/constants.js",
	"next-package":             "next/package.js",
	"next-use-cache":           "next/use-cache.js",
	"unavailable":              "unavailable.js",
	"node-assert":              "node/assert.js",
	"node-async-hooks":         "node/async_hooks.js",
	"node-crypto":              "node/crypto.js",
	"node-events":              "node/events.js",
	"node-path":                "node/path.js",
	"node-process":             "node/process.js",
	"node-querystring":         "node/querystring.js",
	"node-stream":              "node/stream.js",
	"node-stream-promises":     "node/stream_promises.js",
	"node-stream-web":          "node/stream_web.js",
	"node-string-decoder":      "node/string_decoder.js",
	"node-timers-promises":     "node/timers_promises.js",
	"node-url":                 "node/url.js",
	"node-util":                "node/util.js",
	"node-net":                 "node/net.js",
	"node-tls":                 "node/tls.js",
	"node-dns":                 "node/dns.js",
	"node-dns-promises":        "node/dns_promises.js",
	"node-diagnostics-channel": "node/diagnostics_channel.js",
	"node-tty":                 "node/tty.js",
	"node-os":                  "node/os.js",
	"node-util-types":          "node/util_types.js",
	"node-zlib":                "node/zlib.js",
	"node-http":                "node/http.js",
	"node-https":               "node/https.js",
	"node-fs":                  "node/fs.js",
	"node-fs-promises":         "node/fs_promises.js",
	"node-timers":              "node/timers.js",
	"node-timers-promises-ns":  "node/timers_promises_ns.js",
	"node-perf-hooks":          "node/perf_hooks.js",
	"node-worker-threads":      "node/worker_threads.js",
	"node-v8":                  "node/v8.js",
	"node-module":              "node/module.js",
	"bcrypt":                   "crypto/bcrypt.js",
	"kdf":                      "crypto/kdf.js",
	"cryptojs":                 "crypto/cryptojs.js",
	"inflate":                  "streams/inflate.js",
	"pg-protocol":              "pg/protocol.js",
	"pg-pool":                  "pg/pool.js",
	"pg-client":                "pg/client.js",
	"cloudflare-sockets":       "socket/cloudflare.js",
	"events":                   "vendor/events.js",
	"websocket":                "websocket/websocket.js",
	"webassembly":              "wasm/wasm.js",
	"intl-getcanonicallocales": "vendor/intl/getcanonicallocales.js",
	"intl-locale":              "vendor/intl/locale.js",
	"intl-supportedvaluesof":   "vendor/intl/supportedvaluesof.js",
	"intl-pluralrules":         "vendor/intl/pluralrules.js",
	"intl-numberformat":        "vendor/intl/numberformat.js",
	"intl-datetimeformat":      "vendor/intl/datetimeformat.js",
	"intl-relativetimeformat":  "vendor/intl/relativetimeformat.js",
	"intl-listformat":          "vendor/intl/listformat.js",
	"intl-displaynames":        "vendor/intl/displaynames.js",
	"intl-segmenter":           "vendor/intl/segmenter.js",
	"readable-stream":          "vendor/readable-stream.js",
}

// Public says whether route code may import a runtime file: the files
// that the public specifiers name (next/server, node:crypto, …) and the
// stand-in for unavailable built-ins. The require an app's bundle runs
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

// NodeBuiltin is the specifier of the runtime file that Node.js's built-in
// module name ("fs", "path/posix") is, as route code imports it; ok is
// false for a built-in jsroutes does not provide.
func NodeBuiltin(name string) (specifier string, ok bool) {
	file, ok := modules["node:"+name]
	if !ok || !strings.HasPrefix(file, "node/") {
		return "", false
	}
	return Specifier(file), true
}

// LazyModuleOf names the lazy module of a runtime file, if it is one.
func LazyModuleOf(file string) (name string, ok bool) {
	for name, f := range LazyModules {
		if f == file {
			return name, true
		}
	}
	return "", false
}

// lazyScriptFile names the generated script of a lazy module's file.
func lazyScriptFile(file string) string {
	return path.Join("generated", "lazy", file)
}

// LazyScript returns the script the runtime compiles for lazy module name:
// its value is a function(module, exports, require) (see Generate).
func LazyScript(name string) (string, error) {
	file, ok := LazyModules[name]
	if !ok {
		return "", fmt.Errorf("unknown lazy module %q", name)
	}
	b, err := generated.ReadFile(lazyScriptFile(file))
	return string(b), err
}

// Specifier is the name under which the runtime program's require returns
// a runtime file's module namespace.
func Specifier(file string) string {
	return Namespace + ":" + file
}

// RuntimeScriptFile names the runtime program in stack traces.
const RuntimeScriptFile = "runtime.script.js"

// runtimeScript is the generated runtime program, embedded as a string:
// compiling it at start-up copies nothing.
//
//go:embed generated/runtime.script.js
var runtimeScript string

// RuntimeScript returns the runtime program: the runtime module and every
// file it imports, as one script whose value is a function(module,
// exports, __jsroutes_host) that runs them and sets exports.require (see
// Generate). __jsroutes_host is the host bridge: a parameter, never a
// global, so that nothing but the runtime's own modules holds it.
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

// inRuntime says whether the runtime program holds a file: app bundles
// import such files from it instead of bundling their own copy.
func inRuntime(file string) bool {
	return runtimeFiles[file]
}

// source returns the text of a runtime file: a JS half of package webapi,
// or a vendored npm polyfill.
func source(file string) (string, error) {
	var b []byte
	var err error
	if strings.HasPrefix(file, "vendor/") {
		b, err = vendor.ReadFile(file)
	} else {
		b, err = fs.ReadFile(webapi.Sources(), file)
	}
	return string(b), err
}

// exists says whether a runtime file exists.
func exists(file string) bool {
	_, err := source(file)
	return err == nil
}

// resolve maps an import specifier to the runtime file that provides it,
// such as "next/server" to "next/server.js". ok is false for anything else.
func resolve(specifier string) (file string, ok bool) {
	if file, ok = modules[strings.TrimSuffix(specifier, ".js")]; ok {
		return file, true
	}
	// A file by its own specifier, as the runtime program names them.
	if f, ok := strings.CutPrefix(specifier, Namespace+":"); ok && strings.HasSuffix(f, ".js") && exists(f) {
		return f, true
	}
	return "", false
}

// resolveRelative resolves an import made from inside a runtime file.
func resolveRelative(importer, specifier string) (string, bool) {
	if !strings.HasPrefix(specifier, "./") && !strings.HasPrefix(specifier, "../") {
		return "", false
	}
	p := path.Join(path.Dir(importer), specifier)
	return p, exists(p)
}
