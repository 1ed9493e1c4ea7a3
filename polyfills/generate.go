package polyfills

//go:generate go run ./gen
//go:generate go run ./gen/scripts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/format"
	"sort"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// runtimeProgram builds the runtime program that every app shares: the
// runtime module (RuntimeModule) and every polyfill file it
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
// ./polyfills` runs this and commits the output (RuntimeScript);
// files lists the polyfill files the script holds.
func runtimeProgram() (script string, files []string, err error) {
	// First the module graph: which polyfill files the runtime imports.
	graph := api.Build(runtimeOptions("import " + strconv.Quote(RuntimeModule) + ";\n"))
	if len(graph.Errors) > 0 {
		return "", nil, fmt.Errorf("runtime: %s", graph.Errors[0].Text)
	}
	files, err = metafileInputs(graph.Metafile, Namespace+":")
	if err != nil {
		return "", nil, err
	}
	// Then the program, with each file's namespace reachable by specifier.
	var entry strings.Builder
	entry.WriteString("import { host } from " + strconv.Quote(Specifier("host.js")) + ";\n")
	for i, f := range files {
		fmt.Fprintf(&entry, "import * as m%d from %s;\n", i, strconv.Quote(Specifier(f)))
	}
	entry.WriteString("const namespaces = {\n")
	for i, f := range files {
		fmt.Fprintf(&entry, "  %s: m%d,\n", strconv.Quote(Specifier(f)), i)
	}
	entry.WriteString("};\n")
	live, err := liveExports(files)
	if err != nil {
		return "", nil, err
	}
	// A file's namespace is handed out with its fixed exports as values
	// (exports.go), made on its first require; a lazy module (LazyModules)
	// is loaded on its first import.
	entry.WriteString("const live = " + live + ";\n" +
		"const modules = {};\n" +
		"export function require(specifier) {\n" +
		"  return modules[specifier] ?? valuesOf(specifier) ?? host.requireLazy(specifier);\n" +
		"}\n" +
		"function valuesOf(specifier) {\n" +
		"  const ns = namespaces[specifier];\n" +
		"  if (ns === undefined) return undefined;\n" +
		"  const getters = live[specifier] ?? [];\n" +
		"  if (getters === true) return (modules[specifier] = ns);\n" +
		"  const values = {};\n" +
		"  for (const key of Object.keys(ns)) {\n" +
		"    Object.defineProperty(values, key, getters.includes(key) ? { get: () => ns[key], enumerable: true } : { value: ns[key], enumerable: true });\n" +
		"  }\n" +
		"  return (modules[specifier] = values);\n" +
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

// versionOf is the version of a runtime program that bundles built
// against it record (RuntimeVersion): a hash of its text.
func versionOf(script string) string {
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
		Supported: Supported,
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
		Plugins:  []api.Plugin{runtimePlugin("", nil, false)},
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

// lazyScript turns the ES module source of a lazy polyfill module (see
// LazyModules) into the script the runtime compiles: its value is
// a function(module, exports, require) that fills in module.exports, as CommonJS
// does, with the syntax goja lacks lowered as in bundles, and its fixed
// exports as values (exportsTail). `go generate ./polyfills` runs it and
// commits the output, so that no start-up pays for the transform; a test
// keeps the two in step.
func lazyScript(name, source string) (string, error) {
	code, err := commonJS(name, source)
	if err != nil {
		return "", err
	}
	exports, _, err := exportsOf(name, code)
	if err != nil {
		return "", err
	}
	return "(function (module, exports, require) {\n" + code + "\n" + exportsTail(exports) + "})\n", nil
}

// commonJS is esbuild's CommonJS form of an ES module of the runtime.
func commonJS(name, source string) (string, error) {
	res := api.Transform(source, api.TransformOptions{
		Loader:     api.LoaderJS,
		Format:     api.FormatCommonJS,
		Target:     api.ESNext,
		Supported:  Supported,
		Charset:    api.CharsetUTF8,
		Sourcefile: name,
		LogLevel:   api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		return "", fmt.Errorf("%s: %s", name, res.Errors[0].Text)
	}
	return strings.TrimSpace(string(res.Code)), nil
}

// liveExports lists, for each of files (runtime files by path), the
// exports that stay getters when the runtime's require hands out its
// namespace (see exports.go): a JS object literal, by specifier, of arrays
// of names, or true for a namespace left as it is. Files whose exports
// are all fixed are not in it.
func liveExports(files []string) (string, error) {
	var b strings.Builder
	b.WriteString("{\n")
	for _, f := range files {
		src, err := source(f)
		if err != nil {
			return "", err
		}
		code, err := commonJS(Specifier(f), src)
		if err != nil {
			return "", err
		}
		exports, whole, err := exportsOf(f, code)
		if err != nil {
			return "", err
		}
		var live []string
		for _, e := range exports {
			if !e.fixed {
				live = append(live, strconv.Quote(e.name()))
			}
		}
		switch {
		case !whole:
			fmt.Fprintf(&b, "  %s: true,\n", strconv.Quote(Specifier(f)))
		case len(live) > 0:
			fmt.Fprintf(&b, "  %s: [%s],\n", strconv.Quote(Specifier(f)), strings.Join(live, ", "))
		}
	}
	b.WriteString("}")
	return b.String(), nil
}

// Generate returns what `go generate ./polyfills` writes, by path in this
// folder: the runtime program (runtimeProgram), the list of files it holds
// with its version (runtime_files.go), and each lazy module's script
// (lazyScript). gen/scripts writes them; a test checks that the committed
// files are what Generate makes of the sources now.
func Generate() (map[string]string, error) {
	out := map[string]string{}
	for _, file := range LazyModules {
		src, err := source(file)
		if err != nil {
			return nil, err
		}
		script, err := lazyScript(Specifier(file), src)
		if err != nil {
			return nil, err
		}
		out[lazyScriptFile(file)] = "// Code generated by polyfills/gen/scripts from " + file + ". DO NOT EDIT.\n" + script
	}
	script, files, err := runtimeProgram()
	if err != nil {
		return nil, err
	}
	out["generated/"+RuntimeScriptFile] = script
	src, err := format.Source([]byte(runtimeFilesSource(files, versionOf(script))))
	if err != nil {
		return nil, err
	}
	out["runtime_files.go"] = string(src)
	return out, nil
}

// runtimeFilesSource is the Go file listing the runtime program's files
// and its version.
func runtimeFilesSource(files []string, version string) string {
	var b strings.Builder
	b.WriteString("// Code generated by polyfills/gen/scripts. DO NOT EDIT.\n\npackage polyfills\n\n")
	fmt.Fprintf(&b, "// runtimeVersion is the version (a hash) of the runtime program.\nconst runtimeVersion = %q\n\n", version)
	b.WriteString("// runtimeFiles are the runtime's files that the runtime program holds.\nvar runtimeFiles = map[string]bool{\n")
	for _, f := range files {
		fmt.Fprintf(&b, "\t%q: true,\n", f)
	}
	b.WriteString("}\n")
	return b.String()
}
