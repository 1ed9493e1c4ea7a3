package jsrt

import (
	"errors"
	"fmt"
	"path"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/polyfills"
)

// newLazyModules compiles the polyfill modules that bundles leave out
// (polyfills.LazyModules), by their names.
func newLazyModules() *scripts {
	return newScripts(func(name string) (string, string, error) {
		file, ok := polyfills.LazyModules[name]
		if !ok {
			return "", "", fmt.Errorf("unknown lazy module %q", name)
		}
		src, err := polyfills.LazyScript(name)
		return polyfills.Specifier(file), src, err
	})
}

// loadLazy returns a lazy module's exports, running it in the worker's
// runtime the first time. Its imports (relative specifiers, as in its
// source) are resolved against its file and taken from the runtime
// program, or are lazy modules themselves.
//
// A module that is still running when it is asked for again (an import
// cycle, or its own code reading a global whose accessor loads it) gets its
// exports as they stand, as CommonJS gives a cycle: running it again from
// inside itself recursed through Go until the process died. A module that
// throws is forgotten, so the next use runs it again and throws again.
func (w *worker) loadLazy(l *scripts, name string) (goja.Value, error) {
	if exports, ok := w.lazyExports[name]; ok {
		return exports, nil
	}
	if module, ok := w.lazyRunning[name]; ok {
		return module.Get("exports"), nil
	}
	prog, err := l.get(name)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(polyfills.LazyModules[name])
	require := func(call goja.FunctionCall) goja.Value {
		file := path.Join(dir, call.Argument(0).String())
		var m goja.Value
		var err error
		if lazy, ok := polyfills.LazyModuleOf(file); ok {
			m, err = w.loadLazy(l, lazy)
		} else {
			m, err = w.js.require(goja.Undefined(), w.rt.ToValue(polyfills.Specifier(file)))
		}
		if err != nil {
			w.throw(err) // in JS, at the import
		}
		return m
	}
	module, req := w.newModule(), w.rt.ToValue(require)
	w.lazyRunning[name] = module
	defer delete(w.lazyRunning, name)
	exports, err := w.runModule(prog, module, req)
	if err != nil {
		return nil, err
	}
	w.lazyExports[name] = exports
	w.bridge = append(w.bridge, req)
	return exports, nil
}

// newModule returns a CommonJS module object: { exports: {} }.
func (w *worker) newModule() *goja.Object {
	module := w.rt.NewObject()
	must(module.Set("exports", w.rt.NewObject()))
	return module
}

// runModule runs a CommonJS-shaped program, one whose value is
// function(module, exports, ...args) (the runtime program, a lazy module),
// and returns what it leaves in module.exports.
func (w *worker) runModule(prog *goja.Program, module *goja.Object, args ...goja.Value) (goja.Value, error) {
	v, err := w.rt.RunProgram(prog)
	if err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		return nil, errors.New("the program is not a function(module, exports)")
	}
	if _, err := fn(goja.Undefined(), append([]goja.Value{module, module.Get("exports")}, args...)...); err != nil {
		return nil, err
	}
	return module.Get("exports"), nil
}
