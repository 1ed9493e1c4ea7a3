package bundler

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/jsroutes/jsroutes/polyfills"
)

// Compiling every route module at start-up cost what the app has, not what
// it uses: a generated app of 800 route files (a 22 MB bundle, 8 MB of it
// code) took 0.9 s to parse and 0.7 s to compile in goja, peaking 135 MB
// above and keeping 56 MB, in a process that then served one route. So
// route modules are built split (esbuild's code splitting: each route file
// an entry point, what several import in shared chunks, each with its own
// source map) and turned into CommonJS scripts that the runtime compiles
// the first time a worker needs them (jsrt's chunk loader): compile cost
// follows the routes used, and a shared chunk is compiled once and run
// once per worker, as a module in one Node process.
//
// CommonJS cannot hold a top-level await: an app whose route modules
// await at their top is built as one bundle instead (see bundle), which
// compiles whole at start-up.

// errTopLevelAwait is a split build refused because a chunk awaits at its
// top.
var errTopLevelAwait = errors.New("a route module awaits at its top")

// chunkWrapper opens each chunk's script: its value is a function of the
// CommonJS module variables. It is a line of its own, and the chunk's
// source map is moved down a line to match (shiftMap): minified code is
// one long line, whose every column the wrapper would shift.
const chunkWrapper = "(function (module, exports, require) {\n"

// chunked builds the route modules and the hooks split. It returns the
// chunks' scripts by path (relative to root, "app/blog/route.js",
// "chunk-X.js") and sets each route's and hook's Chunk.
func chunked(ctx context.Context, root string, routes []Route, hooks []*Hook, goModules map[string][]string, notes *directives) (map[string]string, error) {
	// The hooks are entry points as the routes are (what they share with
	// routes goes in shared chunks); they are read as routes, then apart.
	all := append([]Route(nil), routes...)
	for _, h := range hooks {
		if h.File != "" {
			all = append(all, Route{File: h.File})
		}
	}
	if len(all) == 0 {
		return map[string]string{}, nil
	}
	// One build per runtime: each resolves packages for its own (see
	// resolveFor). Chunks are named by their content, so the two builds'
	// outputs merge into one map.
	groups := map[string][]int{}
	for i, r := range all {
		rt := runtimeOf(root, r.File)
		groups[rt] = append(groups[rt], i)
	}
	chunks := map[string]string{}
	for _, rt := range []string{NodeRuntime, EdgeRuntime} {
		idx := groups[rt]
		if len(idx) == 0 {
			continue
		}
		group := make([]Route, len(idx))
		for j, i := range idx {
			group[j] = all[i]
		}
		got, err := chunkedRuntime(ctx, root, rt, group, goModules, notes)
		if err != nil {
			return nil, err
		}
		for j, i := range idx {
			all[i] = group[j]
		}
		for k, v := range got {
			chunks[k] = v
		}
	}
	copy(routes, all)
	for _, r := range all[len(routes):] {
		for _, h := range hooks {
			if h.File == r.File {
				h.Chunk = r.Chunk
			}
		}
	}
	return chunks, nil
}

// chunkedRuntime builds one runtime's entries split and sets their Chunk.
func chunkedRuntime(ctx context.Context, root, runtime string, all []Route, goModules map[string][]string, notes *directives) (map[string]string, error) {
	entries := make([]string, len(all))
	for i, r := range all {
		entries[i] = filepath.Join(root, filepath.FromSlash(r.File))
	}
	opts := buildOptions(root, goModules, true, notes)
	opts.Plugins = append(opts.Plugins, assetsPlugin(root, all))
	resolveFor(runtime, &opts)
	opts.EntryPoints = entries
	opts.Outdir, opts.Outbase = root, root // never written: output paths are root-relative
	opts.Splitting = true
	// Printed in full, one top-level statement a line, so that what each
	// route exports can be read from its chunk (readExports); the
	// CommonJS step minifies.
	opts.MinifySyntax, opts.MinifyWhitespace = false, false
	// The split build is ES modules (the only format esbuild splits);
	// import() of the app's own modules stays a split point, then becomes
	// a require in each chunk's CommonJS.
	opts.Supported = map[string]bool{"dynamic-import": true, "top-level-await": true}
	for k, v := range polyfills.Supported {
		if k != "dynamic-import" && k != "top-level-await" {
			opts.Supported[k] = v
		}
	}
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		return nil, buildError(root, res.Errors)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := readBuild(root, res)
	if err != nil {
		return nil, err
	}
	b.routeBytes(all)
	b.commonJSImports(all)
	// What each route exports, read from its chunk (the split build's
	// metafile lists the names, export * resolved).
	b.readRoutes(all, true)
	chunks := map[string]string{}
	for rel, contents := range b.files {
		if !strings.HasSuffix(rel, ".js") {
			continue
		}
		t := api.Transform(string(contents), api.TransformOptions{
			Loader:           api.LoaderJS,
			Format:           api.FormatCommonJS,
			Target:           api.ESNext,
			Supported:        polyfills.Supported,
			Charset:          api.CharsetUTF8,
			MinifyWhitespace: true,
			MinifySyntax:     true,
			Sourcemap:        api.SourceMapInline,
			SourcesContent:   api.SourcesContentExclude,
			Sourcefile:       rel, // the input's own inline map is read: positions stay the app's
			LogLevel:         api.LogLevelSilent,
		})
		if len(t.Errors) > 0 {
			if strings.Contains(t.Errors[0].Text, "await") {
				return nil, errTopLevelAwait
			}
			return nil, fmt.Errorf("%s: %s", rel, t.Errors[0].Text)
		}
		// The function closes before the source map's comment, which the
		// runtime reads (and cuts off) when it compiles the chunk.
		code, sourceMap, _ := strings.Cut(string(t.Code), "\n//# sourceMappingURL=")
		sourceMap, err = shiftMap(sourceMap)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		chunks[rel] = chunkWrapper + code + "\n})\n//# sourceMappingURL=" + sourceMap
	}
	for _, r := range all {
		if chunks[r.Chunk] == "" {
			return nil, fmt.Errorf("%s: esbuild produced no chunk for it", r.File)
		}
	}
	return chunks, nil
}

// shiftMap moves an inline source map's mappings down one line.
func shiftMap(url string) (string, error) {
	const prefix = "data:application/json;base64,"
	b64, ok := strings.CutPrefix(strings.TrimSpace(url), prefix)
	if !ok {
		return url, nil
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return "", fmt.Errorf("its source map: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return "", fmt.Errorf("its source map: %w", err)
	}
	mappings, _ := m["mappings"].(string)
	m["mappings"] = ";" + mappings
	out, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return prefix + base64.StdEncoding.EncodeToString(out), nil
}
