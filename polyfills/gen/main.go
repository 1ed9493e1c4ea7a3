// Command gen bundles the npm packages that jsroutes ships as polyfills into
// polyfills/vendor. It is run by `go generate ./polyfills` and needs Node
// and npm; its output is committed so that users and `make test` never do.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// vendored lists each generated file, the npm module it is bundled from and
// the ES module that re-exports it. Versions are pinned in
// polyfills/npm/package.json and its lock file.
var vendored = []struct {
	out, module, entry string
	// browser builds the package's browser flavour (its package.json
	// "browser" field), the one without Node internals.
	browser bool
	// patches replace a function of the bundled output by the one in
	// gen/patches/<file>, which must define a function of the same name:
	// each says why. A patch whose function is gone fails generation.
	patches []string
	// replace maps text of the bundled output to what it becomes (every
	// occurrence; one that is missing fails generation): V8's error
	// messages where the package words its own.
	replace [][2]string
	// shims stand in for the Node built-ins the package requires: each is
	// ES module source, typically re-exporting jsroutes's own polyfill
	// (imports of ../node/* stay imports, resolved when an app is bundled),
	// so that the package shares Buffer and EventEmitter with route code.
	shims map[string]string
}{
	{out: "web-streams.js", module: "web-streams-polyfill", entry: `export * from "web-streams-polyfill";`},
	// The user-agent parser Next.js's userAgent() uses (CommonJS, re-exported as default).
	{out: "ua-parser.js", module: "ua-parser-js", entry: `export { default } from "ua-parser-js";`},
	// node:events: the EventEmitter of browserify, a function constructor
	// as Node's is, so that `EventEmitter.call(this)` in npm code works.
	{out: "events.js", module: "events", entry: `export { default } from "events";`,
		replace: [][2]string{
			// emit gathered its arguments from `arguments`, one push at a
			// time: in goja that made an emit of one listener ~4 µs, a rest
			// parameter ~1 µs (measured on 300,000 emits), and pg alone
			// emits a dozen times a query.
			{"EventEmitter.prototype.emit = function emit(type) {\n      var args = [];\n      for (var i = 1; i < arguments.length; i++) args.push(arguments[i]);\n", "EventEmitter.prototype.emit = function emit(type, ...args) {\n"},
		}},
	// node:stream: Node's own streams, as the readable-stream package ships them.
	{out: "readable-stream.js", module: "readable-stream", entry: `export { default } from "readable-stream";`, browser: true,
		shims: map[string]string{
			"buffer":          `export * from "../node/buffer.js";`,
			"events":          `export * from "../node/events.js"; export { default } from "../node/events.js";`,
			"process/":        `export { default } from "../node/process.js";`,
			"string_decoder/": `export * from "../node/string_decoder.js";`,
			// Only used where globalThis lacks them, which it never does here.
			"abort-controller": `export const { AbortController, AbortSignal } = globalThis;`,
		}},
	// Intl: FormatJS's ECMA-402 implementations, one per constructor (each
	// a lazy module, loaded the first time a route touches it: it defines
	// its constructor on Intl, and the locale methods of Number, BigInt and
	// Date for its part), fed CLDR data by webapi/intl (see intl.js there).
	{out: "intl/getcanonicallocales.js", module: "@formatjs/intl-getcanonicallocales", entry: `import "@formatjs/intl-getcanonicallocales/polyfill-force.js";`},
	{out: "intl/locale.js", module: "@formatjs/intl-locale", entry: `import "@formatjs/intl-locale/polyfill-force.js";`},
	{out: "intl/supportedvaluesof.js", module: "@formatjs/intl-supportedvaluesof", entry: `import "@formatjs/intl-supportedvaluesof/polyfill-force.js";`},
	{out: "intl/pluralrules.js", module: "@formatjs/intl-pluralrules", entry: `import "@formatjs/intl-pluralrules/polyfill-force.js";`},
	{out: "intl/numberformat.js", module: "@formatjs/intl-numberformat", entry: `import "@formatjs/intl-numberformat/polyfill-force.js";`},
	{out: "intl/datetimeformat.js", module: "@formatjs/intl-datetimeformat", entry: `import "@formatjs/intl-datetimeformat/polyfill-force.js";`,
		patches: []string{"datetimeformat-lazy-ranges.js"},
		replace: [][2]string{
			{`throw new RangeError("Invalid timeZoneName");`, "throw new RangeError(`Invalid time zone specified: ${timeZone}`);"},
			{`if (clipped.isNaN()) throw new RangeError("Invalid time");`, `if (clipped.isNaN()) throw new RangeError("Invalid time value");`},
			// Zone names ICU (Node) accepts that FormatJS's links lack: GMT
			// (a RangeError), and the POSIX-style US zones, which tzdata
			// 2024b made links to their cities (FormatJS resolved them to no
			// zone): each links where Node resolves it.
			{`  "GMT0": "Etc/GMT",`, "  \"GMT0\": \"Etc/GMT\",\n  \"GMT\": \"Etc/GMT\",\n  \"EST5EDT\": \"America/New_York\",\n  \"CST6CDT\": \"America/Chicago\",\n  \"MST7MDT\": \"America/Denver\",\n  \"PST8PDT\": \"America/Los_Angeles\","},
			// resolvedOptions().timeZone is the name V8 reports for the zone
			// as written (webapi/intl/intl.js sets __resolveZone from CLDR's
			// aliases): FormatJS follows IANA's links, so Europe/Stockholm
			// read back as Europe/Berlin.
			{"  let { timeZone } = options;\n  if (timeZone !== void 0) {\n    timeZone = String(timeZone);\n", "  let { timeZone } = options;\n  if (timeZone !== void 0) {\n    timeZone = String(timeZone);\n    internalSlots.timeZoneWritten = timeZone;\n"},
			{"    let value = internalSlots[key];\n", "    let value = key === \"timeZone\" && DateTimeFormat.__resolveZone ? DateTimeFormat.__resolveZone(internalSlots.timeZoneWritten, internalSlots.timeZone) : internalSlots[key];\n"},
			// A pattern's cccc is the stand-alone weekday, as in ICU
			// (Finnish "tiistai 5. marraskuuta", not the format form
			// "tiistaina"): FormatJS read c as E. The placeholder keeps
			// the difference to format time, where the part is a weekday
			// named from the locale's weekdayStandalone (webapi/intl's
			// data, from CLDR 48, where it differs).
			{"    case \"c\":\n      result.weekday = [\n        void 0,\n        void 0,\n        \"short\",\n        \"long\",\n        \"narrow\",\n        \"short\"\n      ][len - 1];\n      return \"{weekday}\";", "    case \"c\":\n      result.weekday = [\n        void 0,\n        void 0,\n        \"short\",\n        \"long\",\n        \"narrow\",\n        \"short\"\n      ][len - 1];\n      return \"{weekdayStandalone}\";"},
			{"  for (const patternPart of patternParts) {\n    const p = patternPart.type;\n", "  for (const patternPart of patternParts) {\n    const standalone = patternPart.type === \"weekdayStandalone\";\n    const p = standalone ? \"weekday\" : patternPart.type;\n"},
			{"else fv = dataLocaleData[p][f][v];", "else fv = (standalone && dataLocaleData.weekdayStandalone ? dataLocaleData.weekdayStandalone : dataLocaleData[p])[f][v];"},
			{`part.type === "weekday" || part.type === "era");`, `part.type === "weekday" || part.type === "weekdayStandalone" || part.type === "era");`},
			{`const field = part.type === "weekday" ? "day"`, `const field = part.type === "weekday" || part.type === "weekdayStandalone" ? "day"`},
		}},
	{out: "intl/relativetimeformat.js", module: "@formatjs/intl-relativetimeformat", entry: `import "@formatjs/intl-relativetimeformat/polyfill-force.js";`},
	{out: "intl/listformat.js", module: "@formatjs/intl-listformat", entry: `import "@formatjs/intl-listformat/polyfill-force.js";`},
	{out: "intl/displaynames.js", module: "@formatjs/intl-displaynames", entry: `import "@formatjs/intl-displaynames/polyfill-force.js";`},
	{out: "intl/segmenter.js", module: "@formatjs/intl-segmenter", entry: `import "@formatjs/intl-segmenter/polyfill-force.js";`},
}

// shimPlugin serves a package's shims and keeps the polyfill imports they
// make external.
func shimPlugin(shims map[string]string) api.Plugin {
	return api.Plugin{Name: "shims", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `^\.\./node/`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			return api.OnResolveResult{Path: args.Path, External: true}, nil
		})
		b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			if _, ok := shims[args.Path]; ok {
				return api.OnResolveResult{Path: args.Path, Namespace: "shim"}, nil
			}
			return api.OnResolveResult{}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "shim"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			src := shims[args.Path]
			return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
		})
	}}
}

func main() {
	if err := run(); err != nil {
		log.Fatalf("polyfills/gen: %v", err)
	}
}

func run() error {
	npmDir, err := filepath.Abs("npm")
	if err != nil {
		return err
	}
	install := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
	install.Dir = npmDir
	install.Stdout, install.Stderr = os.Stderr, os.Stderr
	if err := install.Run(); err != nil {
		return fmt.Errorf("npm ci in %s: %w", npmDir, err)
	}
	for _, v := range vendored {
		version, license, err := packageMeta(npmDir, v.module)
		if err != nil {
			return err
		}
		platform := api.PlatformNeutral
		if v.browser {
			platform = api.PlatformBrowser
		}
		res := api.Build(api.BuildOptions{
			Plugins: []api.Plugin{shimPlugin(v.shims)},
			Stdin: &api.StdinOptions{
				Contents:   v.entry + "\n",
				ResolveDir: npmDir,
			},
			Bundle:   true,
			Format:   api.FormatESModule,
			Target:   api.ESNext,
			Charset:  api.CharsetUTF8,
			Platform: platform,
			// The browser-flavoured ponyfill build is the one without Node imports.
			MainFields:    []string{"module", "main"},
			LegalComments: api.LegalCommentsInline,
			Write:         false,
		})
		if len(res.Errors) > 0 {
			return fmt.Errorf("bundling %s: %s", v.module, res.Errors[0].Text)
		}
		code := string(res.OutputFiles[0].Contents)
		for _, p := range v.patches {
			if code, err = patch(code, p); err != nil {
				return fmt.Errorf("%s: %w", v.out, err)
			}
		}
		for _, r := range v.replace {
			if !strings.Contains(code, r[0]) {
				return fmt.Errorf("%s: %q is not in the bundle (a new version? check the replacement)", v.out, r[0])
			}
			code = strings.ReplaceAll(code, r[0], r[1])
		}
		header := fmt.Sprintf("// Code generated by polyfills/gen from npm %s@%s (license: %s, by its authors). DO NOT EDIT.\n", v.module, version, license)
		out := filepath.Join("vendor", v.out)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(out, []byte(header+code), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// patch replaces the top-level function that gen/patches/<file> defines
// (its first "function name(" line) in code.
func patch(code, file string) (string, error) {
	b, err := os.ReadFile(filepath.Join("gen", "patches", file))
	if err != nil {
		return "", err
	}
	src := string(b)
	at := strings.Index(src, "\nfunction ")
	if at < 0 {
		return "", fmt.Errorf("patch %s defines no function", file)
	}
	name, _, _ := strings.Cut(src[at+1:], "(")
	start := strings.Index(code, "\n"+name+"(")
	if start < 0 || strings.Count(code, "\n"+name+"(") != 1 {
		return "", fmt.Errorf("patch %s: %q is not in the bundle once (a new version? check the patch still applies)", file, name)
	}
	end := strings.Index(code[start:], "\n}\n")
	if end < 0 {
		return "", fmt.Errorf("patch %s: the end of %q not found", file, name)
	}
	return code[:start+1] + strings.TrimSpace(src) + code[start+end+2:], nil
}

// packageMeta reads a package's version and license from its package.json.
func packageMeta(npmDir, module string) (version, license string, err error) {
	b, err := os.ReadFile(filepath.Join(npmDir, "node_modules", module, "package.json"))
	if err != nil {
		return "", "", fmt.Errorf("reading %s's package.json: %w", module, err)
	}
	var meta struct{ Version, License string }
	if err := json.Unmarshal(b, &meta); err != nil || meta.Version == "" {
		return "", "", fmt.Errorf("%s's package.json has no version", module)
	}
	return meta.Version, meta.License, nil
}
