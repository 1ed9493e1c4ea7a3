package bundler

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// Packages whose hot functions the runtime computes in Go, kept as they
// are otherwise: to a package's module the bundler appends a wrapper of
// each such function that asks the runtime first and calls the package's
// own function for whatever the runtime does not take (webapi/crypto's
// kdf.js and cryptojs.js, webapi/streams' inflate.js). Unlike a replaced
// package (polyfills' packageReplacements: bcryptjs, pg-protocol), the
// package's code, its validation and its errors stay the package's,
// whatever its version. Measured with `jsroutes-bench cpu` (BENCHMARKS.md):
//
//   - @noble/hashes' scrypt, PBKDF2 and Argon2: pure JS that goja ran
//     ~200× slower than V8 (scrypt at N=2^14 ~30 s, 100,000 PBKDF2 rounds
//     ~75 s, argon2id with 19 MiB ~60 s), and that auth libraries run on
//     every sign-in (better-auth hashes passwords with its scrypt);
//   - crypto-js's block functions (a SHA-256 block ~370 µs in goja);
//   - pako's and fflate's decompression (64 KiB ~50 ms in goja).
var accelerated = []struct {
	file   *regexp.Regexp // the module's path under node_modules
	module string         // the runtime module the wrappers ask
	funcs  []string       // its exported functions the runtime takes
	args   string         // their parameters
	// tail, instead, is code appended to the module as it is: crypto-js's
	// algorithms (UMD modules that add themselves to the package's core)
	// get their block functions from Go (webapi/crypto/cryptojs.js).
	tail string
}{
	{file: regexp.MustCompile(`/node_modules/@noble/hashes/(esm/)?scrypt\.js$`), module: "jsroutes/kdf", funcs: []string{"scrypt", "scryptAsync"}, args: "password, salt, opts"},
	{file: regexp.MustCompile(`/node_modules/@noble/hashes/(esm/)?pbkdf2\.js$`), module: "jsroutes/kdf", funcs: []string{"pbkdf2", "pbkdf2Async"}, args: "hash, password, salt, opts"},
	{file: regexp.MustCompile(`/node_modules/@noble/hashes/(esm/)?argon2\.js$`), module: "jsroutes/kdf", funcs: []string{"argon2i", "argon2id", "argon2iAsync", "argon2idAsync"}, args: "password, salt, opts"},
	{file: regexp.MustCompile(`/node_modules/crypto-js/sha256\.js$`), tail: cryptoJSTail("SHA256")},
	{file: regexp.MustCompile(`/node_modules/crypto-js/sha1\.js$`), tail: cryptoJSTail("SHA1")},
	{file: regexp.MustCompile(`/node_modules/crypto-js/md5\.js$`), tail: cryptoJSTail("MD5")},
	{file: regexp.MustCompile(`/node_modules/crypto-js/aes\.js$`), tail: cryptoJSTail("AES")},
	// pako's and fflate's one-shot decompression, in their readable
	// builds (pako's browser builds are minified): the bytes inflated are
	// the same by definition; what Go refuses (a bad checksum, trailing
	// data, a dictionary, options) is the package's.
	// pg-pool's Pool, whose queries run on Go (webapi/pg's pool.js: pg's
	// own path was ~200 µs of CPU a query in goja). The lazy require is
	// pg-pool's own, for pg's Client when a pool is given none.
	{file: regexp.MustCompile(`/node_modules/pg-pool/index\.js$`), tail: `;module.exports = require("jsroutes/pg-pool").accelerate(module.exports, () => require("pg"));` + "\n"},
	// pg's Client's query, on Go when the client can send it at once
	// (webapi/pg/client.js), with pg's own Result and prepareValue.
	{file: regexp.MustCompile(`/node_modules/pg/lib/client\.js$`), tail: `;require("jsroutes/pg-client").accelerate(module.exports, require("./result"), require("./utils"), require("./type-overrides"));` + "\n"},
	// pg-types' setTypeParser says when a parser is set: until then, a pg
	// connection keeps the parsers its last RowDescription got
	// (webapi/pg/types.go).
	{file: regexp.MustCompile(`/node_modules/pg-types/index\.js$`), tail: `;require("jsroutes/pg-client").watchTypes(module.exports);` + "\n"},
	{file: regexp.MustCompile(`/node_modules/pako/(dist/pako\.(mjs|cjs\.js)|index\.js|lib/inflate\.js)$`), module: "jsroutes/inflate", funcs: []string{"inflate", "inflateRaw", "ungzip"}, args: "input, options"},
	{file: regexp.MustCompile(`/node_modules/fflate/(esm/index\.mjs|lib/node\.cjs|esm/browser\.js|lib/browser\.cjs|lib/index\.cjs)$`), module: "jsroutes/inflate", funcs: []string{"gunzipSync", "unzlibSync", "inflateSync"}, args: "data, opts"},
}

// cryptoJSTail gives crypto-js's algorithm name its Go block function,
// when the module runs as CommonJS (as bundled: its UMD wrapper's first
// case).
func cryptoJSTail(name string) string {
	return `;if (typeof require === "function" && typeof module === "object") require("jsroutes/cryptojs").accelerate(require("./core"), "` + name + `");` + "\n"
}

// esModule tells an ES module from a CommonJS one.
var esModule = regexp.MustCompile(`(?m)^export[ {*]`)

// accelerate returns the module at path with its accelerated functions
// wrapped, and whether it wrapped any. In an ES module a function
// declaration is reassigned (exported by its declaration or in a list,
// the module's importers and its own callers see the wrapper); a const is
// no longer exported itself, and the wrapper is exported under its name.
// In a CommonJS module the export is replaced. The wrapper has the
// function's name.
func accelerate(path string, src []byte) (string, bool) {
	path = filepath.ToSlash(path)
	for _, a := range accelerated {
		if !a.file.MatchString(path) {
			continue
		}
		code := string(src)
		if a.tail != "" {
			return code + "\n// jsroutes: sped up on Go (bundler/accelerate.go).\n" + a.tail, true
		}
		esm := esModule.MatchString(code)
		var b strings.Builder
		for _, f := range a.funcs {
			wrapper := fmt.Sprintf("function %s(%s) { const fast = __jsroutesFast.%s(%s); return fast === undefined ? js(%s) : fast; }", f, a.args, f, a.args, a.args)
			if strings.HasSuffix(f, "Async") {
				wrapper = "async " + wrapper
			}
			declared := regexp.MustCompile(`(?m)^(export )?(async )?function ` + f + `\(`)
			constant := regexp.MustCompile(`(?m)^export const ` + f + ` = `)
			switch {
			case esm && declared.MatchString(code):
				fmt.Fprintf(&b, "%s = ((js) => %s)(%s);\n", f, wrapper, f)
			case esm && constant.MatchString(code):
				code = constant.ReplaceAllString(code, "const "+f+" = ")
				fmt.Fprintf(&b, "const __jsroutes_%s = ((js) => %s)(%s);\nexport { __jsroutes_%s as %s };\n", f, wrapper, f, f, f)
			case !esm && strings.Contains(code, "exports."+f+" = "):
				fmt.Fprintf(&b, "exports.%s = ((js) => %s)(exports.%s);\n", f, wrapper, f)
			}
		}
		if b.Len() == 0 {
			return "", false
		}
		head := `const __jsroutesFast = require("` + a.module + `");`
		if esm {
			head = `import * as __jsroutesFast from "` + a.module + `";`
		}
		return code + "\n// jsroutes: computed in Go when it can (bundler/accelerate.go).\n" + head + "\n" + b.String(), true
	}
	return "", false
}
