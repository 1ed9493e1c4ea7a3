package bundler

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// built is an esbuild build's result as the bundler reads it: its output
// files by path relative to the project root, and its metafile.
type built struct {
	files map[string][]byte
	meta  struct {
		Inputs map[string]struct {
			Format  string `json:"format"`
			Imports []struct {
				Path string `json:"path"`
			} `json:"imports"`
		} `json:"inputs"`
		Outputs map[string]struct {
			EntryPoint string   `json:"entryPoint"`
			Exports    []string `json:"exports"`
			Inputs     map[string]struct {
				BytesInOutput int `json:"bytesInOutput"`
			} `json:"inputs"`
		} `json:"outputs"`
	}
}

// readBuild reads a build made with a metafile, whose output paths are
// under root.
func readBuild(root string, res api.BuildResult) (*built, error) {
	b := &built{files: map[string][]byte{}}
	if err := json.Unmarshal([]byte(res.Metafile), &b.meta); err != nil {
		return nil, fmt.Errorf("reading esbuild's metafile: %w", err)
	}
	for _, f := range res.OutputFiles {
		if rel, err := filepath.Rel(root, f.Path); err == nil {
			b.files[filepath.ToSlash(rel)] = f.Contents
		}
	}
	return b, nil
}

// readRoutes reads what each route exports from the output of its file as
// an entry point (see readExports); with chunk, it also records that
// output as the route's Chunk.
func (b *built) readRoutes(routes []Route, chunk bool) {
	byFile := map[string]*Route{}
	for i := range routes {
		byFile[routes[i].File] = &routes[i]
	}
	for out, o := range b.meta.Outputs {
		r := byFile[filepath.ToSlash(o.EntryPoint)]
		if r == nil || !strings.HasSuffix(out, ".js") {
			continue
		}
		if chunk {
			r.Chunk = out
		}
		r.readExports(o.Exports, string(b.files[out]))
	}
}

// routeBytes sets each route's share of the bundle: the bytes of the
// modules its file pulls in (a module shared by several routes counts in
// each).
func (b *built) routeBytes(routes []Route) {
	size := map[string]int{}
	for _, o := range b.meta.Outputs {
		for in, v := range o.Inputs {
			size[in] += v.BytesInOutput
		}
	}
	for i := range routes {
		seen := map[string]bool{}
		stack := []string{routes[i].File}
		total := 0
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[f] {
				continue
			}
			seen[f] = true
			total += size[f]
			for _, imp := range b.meta.Inputs[f].Imports {
				stack = append(stack, imp.Path)
			}
		}
		routes[i].Bytes = total
	}
}

// commonJSEntry matches the one export of a chunk whose entry point is a
// CommonJS module: esbuild's split output for import() of one.
var commonJSEntry = regexp.MustCompile(`(?m)^export default (require_[\w$]+)\(\);\s*$`)

// commonJSImports makes each chunk that esbuild split off for import() of
// a CommonJS module (a package's CJS build, a Node built-in's stand-in)
// answer that module's exports as its own module.exports. esbuild's chunk
// exports them only as default, so `const { Pool } = await import('pg')`
// found no Pool, where Node's import() of CommonJS gives default plus
// each named export; as module.exports, the importer's __toESM gives both
// (as it does in an unsplit bundle). The entries (routes, hooks) keep
// their chunks: what they export is read as ES module exports.
func (b *built) commonJSImports(entries []Route) {
	isEntry := map[string]bool{}
	for _, r := range entries {
		isEntry[r.File] = true
	}
	for out, o := range b.meta.Outputs {
		if o.EntryPoint == "" || isEntry[filepath.ToSlash(o.EntryPoint)] || b.meta.Inputs[o.EntryPoint].Format != "cjs" {
			continue
		}
		if src, ok := b.files[out]; ok {
			b.files[out] = commonJSEntry.ReplaceAll(src, []byte("module.exports = $1();"))
		}
	}
}
