package bundler

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/jsroutes/jsroutes/polyfills"
)

// RuntimeScript builds the runtime program that every app shares: the
// runtime module (polyfills.RuntimeModule) and every polyfill file it
// imports, as a script whose value is a function(module, exports,
// __jsroutes_host) that runs them and sets exports.require to a function
// returning a file's module namespace by its specifier
// ("jsroutes:headers.js"), or a lazy module's exports (host.requireLazy),
// loading it the first time. __jsroutes_host is the host bridge: a
// parameter, never a global, so that nothing but the runtime's own modules
// holds it (host.js exports it to them).
//
// App bundles leave these files out and import them through that require
// (see Build), so esbuild never parses the runtime's code for an app and
// goja compiles it from the same text in every process. `go generate
// ./polyfills` runs this and commits the output (polyfills.RuntimeScript);
// files lists the polyfill files the script holds.
func RuntimeScript() (script string, files []string, err error) {
	// First the module graph: which polyfill files the runtime imports.
	graph := api.Build(runtimeOptions("import " + strconv.Quote(polyfills.RuntimeModule) + ";\n"))
	if len(graph.Errors) > 0 {
		return "", nil, fmt.Errorf("runtime: %s", graph.Errors[0].Text)
	}
	files, err = metafileInputs(graph.Metafile, polyfills.Namespace+":")
	if err != nil {
		return "", nil, err
	}
	// Then the program, with each file's namespace reachable by specifier.
	var entry strings.Builder
	entry.WriteString("import { host } from " + strconv.Quote(polyfills.Specifier("host.js")) + ";\n")
	for i, f := range files {
		fmt.Fprintf(&entry, "import * as m%d from %s;\n", i, strconv.Quote(polyfills.Specifier(f)))
	}
	entry.WriteString("const modules = {\n")
	for i, f := range files {
		fmt.Fprintf(&entry, "  %s: m%d,\n", strconv.Quote(polyfills.Specifier(f)), i)
	}
	entry.WriteString("};\n")
	// A lazy module (polyfills.LazyModules) is loaded on its first import.
	entry.WriteString("export function require(specifier) {\n" +
		"  return modules[specifier] ?? host.requireLazy(specifier);\n" +
		"}\n")
	res := api.Build(runtimeOptions(entry.String()))
	if len(res.Errors) > 0 {
		return "", nil, fmt.Errorf("runtime: %s", res.Errors[0].Text)
	}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			return "(function (module, exports, __jsroutes_host) {\n" + strings.TrimSpace(string(f.Contents)) + "\n})\n", files, nil
		}
	}
	return "", nil, fmt.Errorf("runtime: esbuild produced no JavaScript")
}

// RuntimeVersion is the version of a runtime program that bundles built
// against it record (polyfills.RuntimeVersion): a hash of its text.
func RuntimeVersion(script string) string {
	sum := sha256.Sum256([]byte(script))
	return hex.EncodeToString(sum[:8])
}

// runtimeOptions are the esbuild options of the runtime program: those of
// app bundles (see bundle), as CommonJS, without a source map (parsing one
// would cost every start-up; stack frames in the runtime name their
// functions and a line of the committed script).
func runtimeOptions(entry string) api.BuildOptions {
	return api.BuildOptions{
		Stdin: &api.StdinOptions{
			Contents:   entry,
			Sourcefile: "<jsroutes runtime>",
			Loader:     api.LoaderJS,
		},
		Outfile:   "runtime.js", // never written
		Write:     false,
		Bundle:    true,
		Metafile:  true,
		Format:    api.FormatCommonJS,
		Platform:  api.PlatformNeutral,
		Target:    api.ESNext,
		Supported: lowered,
		Charset:   api.CharsetUTF8,
		// Less text for goja to parse at start-up (a millisecond of a cold
		// start), in lines short enough that a stack frame's place in it
		// can be read; identifiers stay.
		MinifySyntax:     true,
		MinifyWhitespace: true,
		LineLimit:        160,
		Define: map[string]string{
			"process.env.NODE_ENV": `"production"`,
		},
		LogLevel: api.LogLevelSilent,
		Plugins:  []api.Plugin{runtimePlugin("", nil)},
	}
}

// metafileInputs lists the inputs of an esbuild metafile that carry prefix,
// without it, sorted.
func metafileInputs(metafile, prefix string) ([]string, error) {
	var meta struct {
		Inputs map[string]any `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil {
		return nil, fmt.Errorf("runtime: reading esbuild's metafile: %w", err)
	}
	var files []string
	for in := range meta.Inputs {
		if f, ok := strings.CutPrefix(in, prefix); ok {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files, nil
}
