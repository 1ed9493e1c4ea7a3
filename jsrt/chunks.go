package jsrt

import (
	"path"
	"strings"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/bundler"
)

// newChunkPrograms compiles the bundle's route chunks
// (bundler.Bundle.Chunks), by their paths.
func newChunkPrograms(b *bundler.Bundle) *scripts {
	return newScripts(func(p string) (string, string, error) {
		src, err := b.Chunk(p)
		return p, src, err
	})
}

// chunkModule is a chunk as a worker ran it.
type chunkModule struct {
	module *goja.Object
	// err is what it threw: a module that failed to load stays failed, as
	// in Next.js 16, and every require of it throws the same error.
	err error
}

// requireChunk returns the exports of a chunk in this worker, running it
// the first time. A chunk asked for while it runs (an import cycle) gets
// its exports as they stand, as CommonJS gives a cycle. Its own require
// takes the paths of other chunks, relative to it, and what the bundle's
// require takes (see appRequire): the public modules and Go modules.
func (w *worker) requireChunk(chunks *scripts, p string) goja.Value {
	if m, ok := w.chunks[p]; ok {
		if m.err != nil {
			w.throw(m.err)
		}
		return m.module.Get("exports")
	}
	prog, err := chunks.get(p)
	if err != nil {
		w.throw(err)
	}
	dir := path.Dir(p)
	require := func(call goja.FunctionCall) goja.Value {
		spec := call.Argument(0).String()
		if strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") {
			return w.requireChunk(chunks, path.Join(dir, spec))
		}
		return w.appRequire(call)
	}
	m := &chunkModule{module: w.newModule()}
	w.chunks[p] = m
	if _, err := w.runModule(prog, m.module, w.rt.ToValue(require)); err != nil {
		m.err = err
		w.throw(err)
	}
	return m.module.Get("exports")
}

// chunkLoaders are the loaders the runtime gets for a split bundle, one
// per route (each requires its route's chunk), and the route files.
func (w *worker) chunkLoaders(cfg *shared) (loaders, files, metadata goja.Value) {
	fns := make([]any, len(cfg.routes))
	names := make([]any, len(cfg.routes))
	kinds := make([]any, len(cfg.routes))
	for i, r := range cfg.routes {
		chunk := r.Chunk
		fns[i] = func(goja.FunctionCall) goja.Value { return w.requireChunk(cfg.chunks, chunk) }
		names[i], kinds[i] = r.File, r.Metadata
	}
	return w.rt.NewArray(fns...), w.rt.NewArray(names...), w.rt.NewArray(kinds...)
}
