package jsrt

import (
	"path"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/bundler"
)

// chunkPrograms compiles the bundle's route chunks (bundler.Bundle.Chunks)
// each once per handler, when a worker first requires it, and shares them
// with the other workers, as the bundle's program is shared.
type chunkPrograms struct {
	bundle *bundler.Bundle
	mu     sync.Mutex
	progs  map[string]*chunkProgram
}

type chunkProgram struct {
	once sync.Once
	prog *goja.Program
	err  error
}

func newChunkPrograms(b *bundler.Bundle) *chunkPrograms {
	return &chunkPrograms{bundle: b, progs: map[string]*chunkProgram{}}
}

// get returns the compiled chunk, compiling it on first use.
func (c *chunkPrograms) get(p string) (*goja.Program, error) {
	c.mu.Lock()
	cp := c.progs[p]
	if cp == nil {
		cp = &chunkProgram{}
		c.progs[p] = cp
	}
	c.mu.Unlock()
	cp.once.Do(func() {
		var src string
		if src, cp.err = c.bundle.Chunk(p); cp.err == nil {
			cp.prog, cp.err = compile(p, src)
		}
	})
	return cp.prog, cp.err
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
func (w *worker) requireChunk(chunks *chunkPrograms, p string) goja.Value {
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
func (w *worker) chunkLoaders(cfg *shared) (loaders, files goja.Value) {
	fns := make([]any, len(cfg.routes))
	names := make([]any, len(cfg.routes))
	for i, r := range cfg.routes {
		chunk := r.Chunk
		fns[i] = func(goja.FunctionCall) goja.Value { return w.requireChunk(cfg.chunks, chunk) }
		names[i] = r.File
	}
	return w.rt.NewArray(fns...), w.rt.NewArray(names...)
}
