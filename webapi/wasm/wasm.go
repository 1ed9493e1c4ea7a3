// Package wasm is the Go half of WebAssembly (wasm.js is the JS API), on
// wazero, a WebAssembly runtime in pure Go: goja has none, and a growing
// share of npm packages ship wasm (Prisma's query compiler, image codecs,
// argon2, sql.js, tiktoken, satori's Yoga and resvg).
//
// Each instance gets a wazero runtime of its own, because the import
// modules a guest names ("wbg", "env") must be instantiated under those
// names, once per runtime; compiled code is shared through the
// compilation cache (Engine), so a second instance of a module, in any
// worker, costs no compilation. Host functions call back into JS on the
// loop's goroutine: wasm runs inside the JS call that entered it.
package wasm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"runtime"
	"strings"
	"weak"

	"github.com/dop251/goja"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// Engine is what every runtime's WebAssembly shares in a process: wazero's
// compilation cache. The zero of *Engine (nil) gives each runtime its own.
type Engine struct{ cache wazero.CompilationCache }

// NewEngine returns an Engine with an in-memory compilation cache.
func NewEngine() *Engine { return &Engine{cache: wazero.NewCompilationCache()} }

// Close releases the compiled code.
func (e *Engine) Close() error { return e.cache.Close(context.Background()) }

// maxDepth bounds JS → wasm → JS → … nesting, which recurses through Go.
const maxDepth = 200

// WebAssembly is one JS runtime's WebAssembly (loop-owned).
type WebAssembly struct {
	env    *bridge.Env
	config wazero.RuntimeConfig
	// compiler validates and compiles modules for WebAssembly.Module; the
	// instances compile again in their own runtimes, from the cache.
	compiler wazero.Runtime
	// ctx is what wasm runs under: Interrupt cancels it (a runaway).
	ctx    context.Context
	cancel context.CancelFunc
	depth  int
	// live are the instances, by number. Nothing here holds one: an
	// instance, its wazero runtime and its memories are garbage once JS
	// holds none of its objects (its Instance, exports, memories, tables,
	// globals), and its entry goes when the cleanup of its owner runs;
	// Stop closes the runtimes of those still alive. They used to be held
	// here and in fns, so an instance lasted as long as its worker: a
	// route instantiating per request grew until its worker was recycled.
	live   map[int]*liveInstance
	nextID int
	// fns are the exported functions JS holds, by object: Table.set and
	// funcref values need their instance and type.
	fns map[weak.Pointer[goja.Object]]fnInfo
	// externs are the JS values wasm holds as externrefs (externref.go).
	externs *externs
	// runtimeError is the JS half's WebAssembly.RuntimeError (wasmInit).
	runtimeError goja.Value
}

// Install adds the wasm host functions. engine may be nil; pageLimit
// bounds each memory (64 KiB pages; 0: wazero's 4 GiB).
//
// uninterruptible compiles wasm without wazero's termination checks:
// wazero makes every loop iteration call out to Go to ask whether the
// context is done, which made resvg's PNG encoding 12× slower (a
// 1200×630 image: 400 ms, 33 ms without; V8 takes 24–40 ms). Without
// them a wasm function that never returns cannot be stopped: its worker
// is replaced, but its goroutine spins on.
func Install(env *bridge.Env, engine *Engine, pageLimit uint32, uninterruptible bool) *WebAssembly {
	if engine == nil {
		engine = NewEngine()
	}
	cfg := wazero.NewRuntimeConfig().WithCompilationCache(engine.cache).WithCloseOnContextDone(!uninterruptible).
		WithCustomSections(true).WithCoreFeatures(api.CoreFeaturesV2)
	if pageLimit > 0 {
		cfg = cfg.WithMemoryLimitPages(pageLimit)
	}
	w := &WebAssembly{env: env, config: cfg, live: map[int]*liveInstance{}, fns: map[weak.Pointer[goja.Object]]fnInfo{}, externs: newExterns()}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	rt := env.RT
	set := func(name string, fn func(goja.FunctionCall) goja.Value) { bridge.Set(rt, env.Host, name, fn) }
	set("wasmCompile", w.compile)
	set("wasmValidate", func(call goja.FunctionCall) goja.Value {
		_, err := w.compileBytes(w.bytes(call.Argument(0)))
		return rt.ToValue(err == nil)
	})
	set("wasmInstantiate", w.instantiate)
	set("wasmMemoryNew", func(call goja.FunctionCall) goja.Value {
		l := limits{min: uint32(call.Argument(0).ToInteger())}
		if m := call.Argument(1); !goja.IsUndefined(m) {
			l.max, l.hasMax = uint32(m.ToInteger()), true
		}
		if uint64(l.min)*65536 > 1<<31 || !env.Budget.Fits(float64(l.min)*65536) {
			panic(bridge.RangeError(rt, "WebAssembly.Memory(): could not allocate memory"))
		}
		return rt.ToValue(&memory{lim: l, pending: make([]byte, int(l.min)*65536)})
	})
	set("wasmMemoryBuffer", func(call goja.FunctionCall) goja.Value {
		return goHalf[*memory](rt, call.Argument(0), "Memory").buffer(rt)
	})
	set("wasmMemoryGrow", func(call goja.FunctionCall) goja.Value {
		m := goHalf[*memory](rt, call.Argument(0), "Memory")
		prev, ok := m.grow(uint32(call.Argument(1).ToInteger()))
		if !ok {
			panic(bridge.RangeError(rt, "WebAssembly.Memory.grow(): Maximum memory size exceeded"))
		}
		m.refresh()
		return rt.ToValue(prev)
	})
	set("wasmGlobalNew", func(call goja.FunctionCall) goja.Value {
		g := &global{valType: valType(call.Argument(0).String()), mutable: call.Argument(1).ToBoolean()}
		if g.valType == externref {
			g.ref = call.Argument(2) // a value, not a handle: it is no instance's (externref.go)
		} else {
			g.bits = w.toBits(call.Argument(2), g.valType)
		}
		return rt.ToValue(g)
	})
	set("wasmGlobalGet", func(call goja.FunctionCall) goja.Value {
		g := goHalf[*global](rt, call.Argument(0), "Global")
		if g.g == nil && g.valType == externref {
			return g.ref
		}
		return w.fromBits(g.get(), g.valType)
	})
	set("wasmGlobalSet", func(call goja.FunctionCall) goja.Value {
		g := goHalf[*global](rt, call.Argument(0), "Global")
		if g.g == nil && g.valType == externref {
			g.ref = call.Argument(1)
			return goja.Undefined()
		}
		g.set(w.toBits(call.Argument(1), g.valType))
		return goja.Undefined()
	})
	set("wasmTableNew", func(call goja.FunctionCall) goja.Value {
		t := &table{w: w, elem: externref, lim: limits{min: uint32(call.Argument(1).ToInteger())}}
		if call.Argument(0).String() == "funcref" {
			t.elem = funcref
		}
		if m := call.Argument(2); !goja.IsUndefined(m) {
			t.lim.max, t.lim.hasMax = uint32(m.ToInteger()), true
		}
		init := t.fill(call.Argument(3), call.Argument(4).ToBoolean(), "WebAssembly.Table(): Argument 2 must be undefined or a value of type compatible with the type of the new table: "+notWasmFunction+".")
		if !env.Budget.Fits(float64(t.lim.min) * slotBytes) {
			panic(bridge.RangeError(rt, "WebAssembly.Table(): could not allocate memory"))
		}
		t.pending = make([]goja.Value, t.lim.min)
		for i := range t.pending {
			t.pending[i] = init
		}
		return rt.ToValue(t)
	})
	set("wasmTableLength", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(goHalf[*table](rt, call.Argument(0), "Table").length())
	})
	set("wasmTableGet", func(call goja.FunctionCall) goja.Value {
		return goHalf[*table](rt, call.Argument(0), "Table").get(uint32(call.Argument(1).ToInteger()))
	})
	set("wasmTableSet", func(call goja.FunctionCall) goja.Value {
		t := goHalf[*table](rt, call.Argument(0), "Table")
		t.set(uint32(call.Argument(1).ToInteger()), t.fill(call.Argument(2), call.Argument(3).ToBoolean(), "WebAssembly.Table.set(): Argument 1 is invalid for table: "+notWasmFunction))
		return goja.Undefined()
	})
	set("wasmTableGrow", func(call goja.FunctionCall) goja.Value {
		t := goHalf[*table](rt, call.Argument(0), "Table")
		return rt.ToValue(t.grow(uint32(call.Argument(1).ToInteger()), t.fill(call.Argument(2), call.Argument(3).ToBoolean(), "WebAssembly.Table.grow(): Argument 1 is invalid: "+notWasmFunction)))
	})
	set("wasmInit", func(call goja.FunctionCall) goja.Value {
		w.runtimeError = call.Argument(0)
		return goja.Undefined()
	})
	return w
}

// Interrupt stops the wasm that runs now (the worker stops a runaway):
// its call returns, and later calls run under a new context.
func (w *WebAssembly) Interrupt() {
	w.cancel()
	w.ctx, w.cancel = context.WithCancel(context.Background())
}

// Stop closes every instance's runtime (the JS runtime is going away).
func (w *WebAssembly) Stop() {
	w.cancel()
	for id := range w.live {
		w.release(id)
	}
	w.externs = newExterns()
	if w.compiler != nil {
		_ = w.compiler.Close(context.Background())
	}
}

// liveInstance is an instance's entry in live: weak, so that it can be
// collected (see live).
type liveInstance struct {
	st weak.Pointer[instState]
	// fns are its functions' keys in w.fns, which go with it.
	fns []weak.Pointer[goja.Object]
	// cleanup releases it once its owner is collected.
	cleanup runtime.Cleanup
}

// release forgets instance id, and closes its runtime if it is still
// alive (at Stop; once its owner is collected it is garbage with it, and
// the runtime holds nothing the collector cannot take back).
func (w *WebAssembly) release(id int) {
	if li, ok := w.live[id]; ok {
		delete(w.live, id)
		li.cleanup.Stop()
		for _, k := range li.fns {
			delete(w.fns, k)
		}
		if st := li.st.Value(); st != nil {
			_ = st.r.Close(context.Background())
		}
	}
}

// bytes reads a BufferSource.
func (w *WebAssembly) bytes(v goja.Value) []byte {
	switch b := v.Export().(type) {
	case goja.ArrayBuffer:
		return b.Bytes()
	case []byte:
		return b
	}
	panic(w.env.RT.NewTypeError("WebAssembly: the argument must be a BufferSource"))
}

// module is a compiled WebAssembly.Module. run is what instances are
// made of: its bytes, or them with the table helpers added (instrument).
type module struct {
	run      []byte
	info     *moduleInfo
	sections []api.CustomSection
}

// compileBytes validates and compiles a module: the bytes its instances
// are made of (run), so that they find the code in the cache; compiling
// the given bytes first as well compiled a module with a table twice
// (resvg: twice 1.4 MB of wasm on the first image).
func (w *WebAssembly) compileBytes(b []byte) (*module, error) {
	if w.compiler == nil {
		w.compiler = wazero.NewRuntimeWithConfig(context.Background(), w.config)
	}
	info, perr := parse(b)
	run := b
	if perr == nil {
		if extra := info.instrument(); extra != nil {
			run = extra
		}
	}
	cm, err := w.compiler.CompileModule(w.ctx, run)
	if err != nil {
		return nil, err
	}
	defer cm.Close(context.Background())
	if perr != nil {
		return nil, perr // wazero took what parse refuses: a reader's limit, still an error
	}
	return &module{run: run, info: info, sections: cm.CustomSections()}, nil
}

// compile(bytes) → [module, imports, exports, customSections] or a string:
// the CompileError's message.
func (w *WebAssembly) compile(call goja.FunctionCall) goja.Value {
	rt := w.env.RT
	b := append([]byte(nil), w.bytes(call.Argument(0))...)
	m, err := w.compileBytes(b)
	if err != nil {
		return rt.ToValue("WebAssembly.Module(): " + firstLine(err.Error()))
	}
	imports := make([]any, len(m.info.imports))
	for i, d := range m.info.imports {
		imports[i] = rt.NewArray(d.module, d.name, d.kind)
	}
	exports := make([]any, len(m.info.exports))
	for i, d := range m.info.exports {
		exports[i] = rt.NewArray(d.name, d.kind)
	}
	sections := make([]any, 0, len(m.sections))
	for _, s := range m.sections {
		sections = append(sections, rt.NewArray(s.Name(), rt.NewArrayBuffer(append([]byte(nil), s.Data()...))))
	}
	return rt.NewArray(rt.ToValue(m), rt.NewArray(imports...), rt.NewArray(exports...), rt.NewArray(sections...))
}

// instantiate(module, resolved) → [instance, exports] or [null, kind,
// message] (a LinkError or RuntimeError). resolved holds, for each of the
// module's imports in order, what the imports object gave: a function, a
// Memory's or Global's Go half, or a number/BigInt for an immutable global.
func (w *WebAssembly) instantiate(call goja.FunctionCall) goja.Value {
	rt := w.env.RT
	m, ok := call.Argument(0).Export().(*module)
	if !ok {
		panic(rt.NewTypeError("WebAssembly.Instance(): Argument 0 must be a WebAssembly.Module"))
	}
	var resolved []goja.Value
	if err := rt.ExportTo(call.Argument(1), &resolved); err != nil {
		panic(rt.NewTypeError("WebAssembly.Instance(): bad imports"))
	}
	fail := func(kind, msg string) goja.Value { return rt.NewArray(goja.Null(), kind, msg) }
	r := wazero.NewRuntimeWithConfig(context.Background(), w.config)
	// st is what calls into and out of the instance share; owner its Go
	// half, a JS object its exports keep alive: once it is collected,
	// nothing can call into the runtime, which is garbage with it.
	owner := rt.NewObject()
	st := &instState{w: w, r: r, info: m.info, owner: owner}
	ok = false
	defer func() {
		if !ok {
			_ = r.Close(context.Background())
		}
	}()
	// The imports, by import module.
	type imported struct {
		funcs    []importDesc
		fns      []goja.Callable
		memories []importDesc
		mems     []*memory
		globals  []proxyGlobal
		globs    []*global
		tables   []proxyTable
		tabs     []*table
	}
	var tableImports []*table // by table index
	var order []string
	byModule := map[string]*imported{}
	for i, d := range m.info.imports {
		im := byModule[d.module]
		if im == nil {
			im = &imported{}
			byModule[d.module] = im
			order = append(order, d.module)
		}
		v := resolved[i]
		where := fmt.Sprintf("WebAssembly.Instance(): Import #%d \"%s\" \"%s\"", i, d.module, d.name)
		switch d.kind {
		case kindFunction:
			fn, isFn := goja.AssertFunction(v)
			if !isFn {
				return fail("LinkError", where+": function import requires a callable")
			}
			if t := m.info.types[d.typeIndex]; !jsSignature(t) {
				return fail("LinkError", where+": jsroutes passes only numbers, BigInts and externrefs between JS and wasm, not funcrefs or v128")
			}
			im.funcs, im.fns = append(im.funcs, d), append(im.fns, fn)
		case kindMemory:
			mem, isMem := v.Export().(*memory)
			if !isMem {
				return fail("LinkError", where+": memory import must be a WebAssembly.Memory object")
			}
			if mem.mem != nil {
				return fail("LinkError", where+": jsroutes cannot share a WebAssembly.Memory between instances")
			}
			lim := mem.lim
			lim.min = uint32(len(mem.pending) / 65536)
			if lim.min < d.limits.min || d.limits.hasMax && (!lim.hasMax || lim.max > d.limits.max) {
				return fail("LinkError", where+": memory import has a size outside the module's limits")
			}
			dd := d
			dd.limits = lim
			im.memories, im.mems = append(im.memories, dd), append(im.mems, mem)
		case kindGlobal:
			if d.valType == externref || d.valType == funcref || d.valType == v128 {
				return fail("LinkError", where+": jsroutes imports only i32, i64, f32 and f64 globals")
			}
			g := proxyGlobal{name: d.name, valType: d.valType, mutable: d.mutable}
			var jsGlobal *global
			if gv, isGlobal := v.Export().(*global); isGlobal {
				if gv.valType != d.valType || gv.mutable != d.mutable {
					return fail("LinkError", where+": imported global does not match the expected type or mutability")
				}
				if gv.g != nil {
					return fail("LinkError", where+": jsroutes cannot share a WebAssembly.Global between instances")
				}
				g.bits, jsGlobal = gv.bits, gv
			} else if d.mutable {
				return fail("LinkError", where+": imported mutable global must be a WebAssembly.Global object")
			} else {
				if d.valType == i64 && !isBigInt(v) {
					return fail("LinkError", where+": global import must be a BigInt")
				}
				if d.valType != i64 && !isNumber(v) {
					return fail("LinkError", where+": global import must be a number, valid Wasm reference, or WebAssembly.Global object")
				}
				g.bits = w.toBits(v, d.valType)
			}
			im.globals, im.globs = append(im.globals, g), append(im.globs, jsGlobal)
		default:
			t, isTable := v.Export().(*table)
			if !isTable {
				return fail("LinkError", where+": table import requires a WebAssembly.Table")
			}
			if t.st != nil || t.pending == nil {
				return fail("LinkError", where+": jsroutes cannot share a WebAssembly.Table between instances")
			}
			if t.elem != d.valType {
				return fail("LinkError", where+": imported table does not match the expected type")
			}
			lim := t.lim
			lim.min = uint32(len(t.pending))
			if lim.min < d.limits.min || d.limits.hasMax && (!lim.hasMax || lim.max > d.limits.max) {
				return fail("LinkError", where+": table import has a size outside the module's limits")
			}
			im.tables = append(im.tables, proxyTable{name: d.name, tableType: tableType{elem: t.elem, lim: lim}})
			im.tabs = append(im.tabs, t)
			tableImports = append(tableImports, t)
		}
	}
	ctx := context.Background()
	var boundMems []*memory // JS-made memories and globals now the runtime's
	var boundGlobals []*global
	for _, name := range order {
		im := byModule[name]
		host := name
		proxied := len(im.memories) > 0 || len(im.globals) > 0 || len(im.tables) > 0
		if proxied {
			host = "jsroutes-host:" + name
		}
		if len(im.funcs) > 0 {
			b := r.NewHostModuleBuilder(host)
			for i, d := range im.funcs {
				t := m.info.types[d.typeIndex]
				b.NewFunctionBuilder().WithGoModuleFunction(w.hostFunction(im.fns[i], t, st), apiTypes(t.params), apiTypes(t.results)).Export(d.name)
			}
			if _, err := b.Instantiate(ctx); err != nil {
				return fail("LinkError", "WebAssembly.Instance(): "+firstLine(err.Error()))
			}
		}
		if !proxied {
			continue
		}
		pm, err := r.InstantiateWithConfig(ctx, proxyModule(host, im.funcs, m.info.types, im.memories, im.globals, im.tables), wazero.NewModuleConfig().WithName(name))
		if err != nil {
			return fail("LinkError", "WebAssembly.Instance(): "+firstLine(err.Error()))
		}
		for i, t := range im.tabs {
			if err := st.fillTable(pm, uint32(i), t); err != nil {
				return fail("LinkError", "WebAssembly.Instance(): "+firstLine(err.Error()))
			}
		}
		for i, d := range im.memories {
			im.mems[i].bind(pm.ExportedMemory(d.name))
			boundMems = append(boundMems, im.mems[i])
		}
		for i, g := range im.globals {
			if im.globs[i] != nil {
				im.globs[i].g = pm.ExportedGlobal(g.name)
				boundGlobals = append(boundGlobals, im.globs[i])
			}
		}
	}
	w.depth++
	// No WASI _start: the JS API runs only the module's start section.
	mod, err := r.InstantiateWithConfig(w.ctx, m.run, wazero.NewModuleConfig().WithName("").WithStartFunctions())
	w.depth--
	if err != nil {
		if js := asJSThrow(err); js != nil {
			panic(js.value(rt))
		}
		kind, msg := trap(err)
		if kind == "" {
			kind = "LinkError"
		}
		return fail(kind, "WebAssembly.Instance(): "+msg)
	}
	ok = true
	st.mod = mod
	w.nextID++
	id := w.nextID
	st.id = id
	li := &liveInstance{st: weak.Make(st)}
	w.live[id] = li
	loop := w.env.Loop
	// The cleanup's function holds w and the loop, so nothing they reach
	// may hold the owner strongly (Go never runs a cleanup whose function
	// reaches its object, and its record, which the Go runtime keeps, then
	// held the worker's whole JS runtime and its wasm memories after the
	// worker had gone: 76 MiB a closed og app, 2026-12-06). Stop stops it.
	li.cleanup = runtime.AddCleanup(owner, func(id int) { loop.Enqueue(func() { w.release(id) }) }, id)
	for _, m := range boundMems {
		m.owner = owner
	}
	st.mems = boundMems
	for _, g := range boundGlobals {
		g.owner = owner
	}
	for i, t := range tableImports {
		t.bind(st, uint32(i))
	}
	exports := make([]any, 0, len(m.info.exports))
	for _, d := range m.info.exports {
		var v goja.Value
		switch d.kind {
		case kindFunction:
			v = st.jsFunction(mod.ExportedFunction(d.name))
		case kindMemory:
			mem := &memory{owner: owner}
			mem.bind(mod.ExportedMemory(d.name))
			st.mems = append(st.mems, mem)
			if max, has := mem.mem.Definition().Max(); has {
				mem.lim = limits{max: max, hasMax: true}
			}
			v = rt.ToValue(mem)
		case kindGlobal:
			g := mod.ExportedGlobal(d.name)
			_, mutable := g.(api.MutableGlobal)
			v = rt.ToValue(&global{g: g, valType: byte(g.Type()), mutable: mutable, owner: owner})
		default:
			v = rt.ToValue(st.table(d.index))
		}
		exports = append(exports, rt.NewArray(d.name, d.kind, v))
	}
	return rt.NewArray(owner, rt.NewArray(exports...))
}

// hostFunction calls a JS function from wasm.
func (w *WebAssembly) hostFunction(fn goja.Callable, t funcType, st *instState) api.GoModuleFunc {
	return func(_ context.Context, _ api.Module, stack []uint64) {
		w.callJS(fn, t, st, stack, stack)
	}
}

// callJS calls fn with the wasm arguments in args and puts its results
// in results.
func (w *WebAssembly) callJS(fn goja.Callable, t funcType, st *instState, args, results []uint64) {
	st.refresh()
	vals := make([]goja.Value, len(t.params))
	for i, p := range t.params {
		vals[i] = w.fromBits(args[i], p)
	}
	w.depth++
	res, err := fn(goja.Undefined(), vals...)
	w.depth--
	if err != nil {
		panic(&jsThrow{err: err})
	}
	switch len(t.results) {
	case 0:
	case 1:
		results[0] = st.toBits(res, t.results[0])
	default:
		// Multiple results come back as an iterable, as the JS API reads them.
		var list []goja.Value
		if err := w.env.RT.ExportTo(res, &list); err != nil || len(list) != len(t.results) {
			panic(&jsThrow{err: errors.New("TypeError: multi-return length mismatch")})
		}
		for i, r := range t.results {
			results[i] = st.toBits(list[i], r)
		}
	}
}

// exportedFunction makes a JS function that calls the wasm function f,
// of type t, named name as V8 names it (the function's index).
func (w *WebAssembly) exportedFunction(f api.Function, t funcType, name string, st *instState) *goja.Object {
	rt := w.env.RT
	if !jsSignature(t) {
		return rt.ToValue(func(goja.FunctionCall) goja.Value {
			panic(rt.NewTypeError("type incompatibility when transforming from/to JS"))
		}).(*goja.Object)
	}
	params, results := t.params, t.results
	fn := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		if w.depth >= maxDepth {
			panic(bridge.RangeError(rt, "Maximum call stack size exceeded"))
		}
		args := make([]uint64, len(params))
		for i, p := range params {
			args[i] = st.toBits(c.Argument(i), p)
		}
		w.depth++
		out, err := f.Call(w.ctx, args...)
		w.depth--
		st.refresh()
		runtime.KeepAlive(st.owner)
		if err != nil {
			if js := asJSThrow(err); js != nil {
				panic(js.value(rt))
			}
			w.raise(err)
		}
		defer w.maybeSweep() // once the results hold their values
		switch len(results) {
		case 0:
			return goja.Undefined()
		case 1:
			return w.fromBits(out[0], results[0])
		}
		vals := make([]any, len(results))
		for i, r := range results {
			vals[i] = w.fromBits(out[i], r)
		}
		return rt.NewArray(vals...)
	})
	// length and name as V8 gives them: name is the function's index.
	obj := fn.(*goja.Object)
	_ = obj.DefineDataProperty("length", rt.ToValue(len(params)), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	_ = obj.DefineDataProperty("name", rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return obj
}

// raise throws what a wasm call's error is in JS: a RuntimeError for a
// trap (with V8's message), a RangeError for a stack overflow, and the
// worker's interruption as it is.
func (w *WebAssembly) raise(err error) {
	rt := w.env.RT
	var exit *sys.ExitError
	if errors.As(err, &exit) && (exit.ExitCode() == sys.ExitCodeContextCanceled || exit.ExitCode() == sys.ExitCodeDeadlineExceeded) {
		panic(rt.NewGoError(errors.New("jsroutes: WebAssembly stopped: the worker was interrupted")))
	}
	kind, msg := trap(err)
	if kind == "RangeError" {
		panic(bridge.RangeError(rt, msg))
	}
	e, cerr := rt.New(w.runtimeError, rt.ToValue(msg))
	if cerr != nil {
		panic(rt.NewGoError(err))
	}
	panic(e)
}

// traps maps wazero's trap messages to V8's.
var traps = map[string]string{
	"unreachable":                   "unreachable",
	"integer divide by zero":        "divide by zero",
	"integer overflow":              "divide result unrepresentable",
	"invalid conversion to integer": "float unrepresentable in integer range",
	"out of bounds memory access":   "memory access out of bounds",
	"invalid table access":          "table index is out of bounds",
	"indirect call type mismatch":   "null function or function signature mismatch",
	"null reference":                "dereferencing a null pointer",
}

// trap returns the JS error kind and message of a wasm call's error.
func trap(err error) (kind, msg string) {
	s := firstLine(err.Error())
	s = strings.TrimPrefix(s, "wasm error: ")
	if s == "stack overflow" {
		return "RangeError", "Maximum call stack size exceeded"
	}
	if v8, ok := traps[s]; ok {
		return "RuntimeError", v8
	}
	if strings.HasPrefix(err.Error(), "wasm error: ") {
		return "RuntimeError", s
	}
	return "", s
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// jsThrow carries a JS exception through wasm frames.
type jsThrow struct{ err error }

func (j *jsThrow) Error() string { return j.err.Error() }

// value is what JS threw, to throw again on the JS side of the wasm
// frames (an interruption as an Error: the worker is stopping anyway).
func (j *jsThrow) value(rt *goja.Runtime) goja.Value {
	var ex *goja.Exception
	if errors.As(j.err, &ex) {
		return ex.Value()
	}
	return rt.NewGoError(j.err)
}

func asJSThrow(err error) *jsThrow {
	var j *jsThrow
	if errors.As(err, &j) {
		return j
	}
	return nil
}

// valType reads a JS API value type name.
func valType(name string) byte {
	switch name {
	case "i32":
		return i32
	case "i64":
		return i64
	case "f32":
		return f32
	case "f64":
		return f64
	case "externref":
		return externref
	}
	return 0
}

func apiTypes(b []byte) []api.ValueType {
	out := make([]api.ValueType, len(b))
	for i, t := range b {
		out[i] = api.ValueType(t)
	}
	return out
}

func isBigInt(v goja.Value) bool {
	_, ok := v.Export().(*big.Int)
	return ok
}

func isNumber(v goja.Value) bool {
	if v == nil {
		return false
	}
	switch v.Export().(type) {
	case int64, float64:
		return true
	}
	return false
}

// toBits converts a JS value to a wasm value's bits (ToWebAssemblyValue).
func (w *WebAssembly) toBits(v goja.Value, t byte) uint64 {
	rt := w.env.RT
	switch t {
	case i32:
		return uint64(uint32(toInt32(v.ToFloat())))
	case i64:
		n, ok := v.Export().(*big.Int)
		if !ok {
			panic(rt.NewTypeError("Cannot convert " + v.String() + " to a BigInt"))
		}
		// BigInt.asIntN(64, n): the low 64 bits, two's complement.
		return new(big.Int).And(n, maxUint64).Uint64()
	case f32:
		return f32Bits(v.ToFloat())
	case f64:
		return f64Bits(v.ToFloat())
	case externref:
		return w.externBits(v)
	}
	panic(rt.NewTypeError("type incompatibility when transforming from/to JS"))
}

// fromBits converts a wasm value to JS (ToJSValue).
func (w *WebAssembly) fromBits(b uint64, t byte) goja.Value {
	rt := w.env.RT
	switch t {
	case i32:
		return rt.ToValue(int32(uint32(b)))
	case i64:
		return rt.ToValue(big.NewInt(int64(b)))
	case f32:
		return rt.ToValue(float64(api.DecodeF32(b)))
	case f64:
		return rt.ToValue(api.DecodeF64(b))
	case externref:
		return w.externValue(b)
	}
	return goja.Undefined()
}

// toInt32 is ECMAScript's ToInt32 of a number.
func toInt32(f float64) int32 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	m := math.Mod(math.Trunc(f), 1<<32)
	if m < 0 {
		m += 1 << 32
	}
	return int32(uint32(m))
}

// memory is a WebAssembly.Memory's Go half: a JS-made memory holds its
// bytes until an instance imports it; then, as an exported one, it is
// the instance's.
type memory struct {
	mem     api.Memory
	pending []byte
	lim     limits
	// buf is the ArrayBuffer memory.buffer last gave, over data: it is
	// detached and replaced when the memory grows (wasm's memory.grow
	// included), as the JS API says.
	buf  *goja.ArrayBuffer
	data []byte
	// owner is the instance whose memory it is (kept alive by it).
	owner *goja.Object
}

func (m *memory) bytes() []byte {
	if m.mem == nil {
		return m.pending
	}
	b, _ := m.mem.Read(0, m.mem.Size())
	return b
}

func (m *memory) buffer(rt *goja.Runtime) goja.Value {
	m.refresh()
	if m.buf == nil {
		m.data = m.bytes()
		ab := rt.NewArrayBuffer(m.data)
		m.buf = &ab
	}
	return rt.ToValue(*m.buf)
}

// refresh detaches the last buffer when the memory moved or grew.
func (m *memory) refresh() {
	if m.buf == nil {
		return
	}
	b := m.bytes()
	if len(b) == len(m.data) && (len(b) == 0 || &b[0] == &m.data[0]) {
		return
	}
	m.buf.Detach()
	m.buf, m.data = nil, nil
}

func (m *memory) grow(delta uint32) (uint32, bool) {
	if m.mem != nil {
		return m.mem.Grow(delta)
	}
	prev := uint32(len(m.pending) / 65536)
	next := uint64(prev) + uint64(delta)
	if next > 65536 || m.lim.hasMax && next > uint64(m.lim.max) {
		return 0, false
	}
	m.pending = append(m.pending, make([]byte, int(delta)*65536)...)
	return prev, true
}

// bind makes mem this memory, with what JS wrote before copied in.
func (m *memory) bind(mem api.Memory) {
	if m.pending != nil {
		mem.Write(0, m.pending)
	}
	m.mem, m.pending = mem, nil
	m.refresh()
}

// goHalf is the Go half a JS object of the API holds (a *memory, *global
// or *table), or the TypeError V8 throws for a receiver of another kind.
func goHalf[T any](rt *goja.Runtime, v goja.Value, kind string) T {
	h, ok := v.Export().(T)
	if !ok {
		panic(rt.NewTypeError("Receiver is not a WebAssembly." + kind))
	}
	return h
}

// global is a WebAssembly.Global's Go half: its bits until an instance
// imports or exports it, then the instance's global.
type global struct {
	g       api.Global
	valType byte
	mutable bool
	bits    uint64
	ref     goja.Value   // a JS-made externref global's value
	owner   *goja.Object // the instance whose global it is
}

func (g *global) get() uint64 {
	if g.g != nil {
		return g.g.Get()
	}
	return g.bits
}

func (g *global) set(bits uint64) {
	if mg, ok := g.g.(api.MutableGlobal); ok {
		mg.Set(bits)
		return
	}
	g.bits = bits
}

// maxUint64 masks a BigInt to 64 bits.
var maxUint64 = new(big.Int).SetUint64(^uint64(0))
