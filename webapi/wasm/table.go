package wasm

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"weak"

	"github.com/dop251/goja"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	wztable "github.com/tetratelabs/wazero/experimental/table"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// instState is one instance: what calls into and out of it share, and
// what its tables need (see instrument.go for the helpers it calls).
type instState struct {
	w     *WebAssembly
	r     wazero.Runtime
	mod   api.Module // nil until instantiated
	info  *moduleInfo
	owner *goja.Object
	id    int // its number in w.live
	// mems are the instance's memories, whose buffers are checked around
	// every call between JS and wasm: a memory.grow in wasm detaches them
	// at once (wasm-bindgen's glue caches views over them).
	mems []*memory
	// ownBits is the funcref of each function the module may put in a
	// table, by index (read once, on first need).
	ownBits map[uint32]uint64
	// funcs are the JS functions of wasm functions, by definition (a
	// definition belongs to one compiled module; the exports' are made
	// first, so that Table.get gives the same object).
	funcs map[api.FunctionDefinition]*goja.Object // each registered in w.fns
	// foreign are the trampolines made for JS functions (other instances'
	// functions put in a table of this one), by function; trampolines the
	// same by the trampoline's function definition (what a slot's lookup
	// finds); trampolinesAtSweep is when the next sweep runs.
	foreign            map[*goja.Object]*trampolineRef
	trampolines        map[api.FunctionDefinition]*trampolineRef
	trampolinesAtSweep int
	// calls are the JS functions trampolines call, by handle, and
	// freeHandles those of swept trampolines, for the next ones; dyn the
	// trampolines' host modules made, by signature; nextHandle is the
	// handle the trampoline being made reads from its start function.
	calls       []*goja.Object
	freeHandles []uint32
	dyn         map[string]bool
	nextHandle  uint32
	// sigs are the signatures a function in a table may have: the
	// module's types and the trampolines' (see lookup); slotType is the
	// one a slot's function last had, tried first.
	sigs     []funcType
	slotType map[[2]uint32]int
	tables   map[uint32]*table
	helpers  map[string]api.Function
}

// trampolineRef is one trampoline: the JS function it calls, its handle,
// funcref, function and module.
type trampolineRef struct {
	fn     *goja.Object
	handle uint32
	bits   uint64
	def    api.FunctionDefinition
	mod    api.Module
}

// fnInfo is an exported function's instance, index and type.
type fnInfo struct {
	st    weak.Pointer[instState] // alive while the function is: it holds st
	index uint32
	typ   funcType
	own   bool // one of the module's own functions (index is its index)
}

// refresh detaches the buffers of memories that grew.
func (st *instState) refresh() {
	for _, m := range st.mems {
		m.refresh()
	}
}

// helper returns one of the functions instrument added.
func (st *instState) helper(name string) api.Function {
	if f, ok := st.helpers[name]; ok {
		return f
	}
	f := st.mod.ExportedFunction(name)
	if f == nil {
		panic(st.w.env.RT.NewTypeError("jsroutes: the instance lacks its table helper " + name))
	}
	if st.helpers == nil {
		st.helpers = map[string]api.Function{}
	}
	st.helpers[name] = f
	return f
}

// callHelper calls a helper with the instance's context; wasm errors
// (a trap, or a JS exception from a trampoline) are thrown in JS.
func (st *instState) callHelper(f api.Function, args ...uint64) []uint64 {
	st.w.depth++
	out, err := f.Call(st.w.ctx, args...)
	st.w.depth--
	st.refresh()
	if err != nil {
		if js := asJSThrow(err); js != nil {
			panic(js.value(st.w.env.RT))
		}
		st.w.raise(err)
	}
	return out
}

// jsFunction is the JS function of the wasm function f: one of the
// module's own functions, or a host function of its JS imports (wazero
// resolves an imported function to its host module's).
func (st *instState) jsFunction(f api.Function) *goja.Object {
	def := f.Definition()
	if o, ok := st.funcs[def]; ok {
		return o
	}
	index := def.Index()
	t := funcType{params: bytesOf(def.ParamTypes()), results: bytesOf(def.ResultTypes())}
	o := st.w.exportedFunction(f, t, strconv.Itoa(int(index)), st)
	if st.funcs == nil {
		st.funcs = map[api.FunctionDefinition]*goja.Object{}
	}
	st.funcs[def] = o
	k := weak.Make(o)
	st.w.fns[k] = fnInfo{st: weak.Make(st), index: index, typ: t, own: def.GoFunction() == nil}
	if li := st.w.live[st.id]; li != nil {
		li.fns = append(li.fns, k)
	}
	return o
}

func bytesOf(types []api.ValueType) []byte {
	out := make([]byte, len(types))
	for i, t := range types {
		out[i] = byte(t)
	}
	return out
}

// readRefs learns the funcref of each function the module may put in a
// table (one call per function, once per instance).
func (st *instState) readRefs() {
	if st.ownBits != nil {
		return
	}
	st.ownBits = map[uint32]uint64{}
	if len(st.info.refFuncs) == 0 {
		return
	}
	ref := st.helper(helperRef)
	for k, fn := range st.info.refFuncs {
		st.ownBits[fn] = st.callHelper(ref, uint64(k))[0]
	}
}

// slotValue is the JS value of the function in slot i of funcref table
// t: the JS function a trampoline calls, or the JS function of the wasm
// function there. wazero's funcrefs have no identity (each reference to
// a function is a new pointer), so the function is found by its slot
// with wazero's table.LookupFunction, which needs the function's type:
// the slot's last type is tried first, then every signature the instance
// knows (a miss costs a recovered panic, some microseconds; Emscripten's
// glue mirrors the table and reads each slot once).
func (st *instState) slotValue(t, i uint32) goja.Value {
	if st.callHelper(st.helper(helper("get", t)), uint64(i))[0] == 0 {
		return goja.Null()
	}
	st.initSignatures()
	slot := [2]uint32{t, i}
	var f api.Function
	if y, ok := st.slotType[slot]; ok {
		f = lookup(st.mod, t, i, st.sigs[y])
	}
	for y := 0; f == nil && y < len(st.sigs); y++ {
		if f = lookup(st.mod, t, i, st.sigs[y]); f != nil {
			if st.slotType == nil {
				st.slotType = map[[2]uint32]int{}
			}
			st.slotType[slot] = y
		}
	}
	if f == nil {
		panic(st.w.env.RT.NewTypeError("jsroutes cannot tell the type of the function in this table slot"))
	}
	def := f.Definition()
	if t, ok := st.trampolines[def]; ok {
		return t.fn
	}
	return st.jsFunction(f)
}

// initSignatures starts the signatures slotValue tries: the module's types.
func (st *instState) initSignatures() {
	if st.sigs == nil {
		st.sigs = append([]funcType(nil), st.info.types...)
	}
}

// addSignature adds a trampoline's signature to those slotValue tries.
func (st *instState) addSignature(t funcType) {
	st.initSignatures()
	for _, s := range st.sigs {
		if string(s.params) == string(t.params) && string(s.results) == string(t.results) {
			return
		}
	}
	st.sigs = append(st.sigs, t)
}

// lookup is the function in slot i of table t if it has type ft, or nil.
func lookup(mod api.Module, t, i uint32, ft funcType) (f api.Function) {
	defer func() {
		if recover() != nil {
			f = nil
		}
	}()
	return wztable.LookupFunction(mod, t, i, apiTypes(ft.params), apiTypes(ft.results))
}

// funcBits is the funcref of a JS value for a table of this instance:
// null, one of its functions, or another instance's function through a
// trampoline made for it (once per function).
func (st *instState) funcBits(v goja.Value, where string) uint64 {
	if goja.IsNull(v) {
		return 0
	}
	o, _ := v.(*goja.Object)
	info, ok := st.w.fns[weak.Make(o)]
	if !ok {
		panic(st.w.env.RT.NewTypeError(where + ": function-typed object expected"))
	}
	if info.st.Value() == st && info.own {
		st.readRefs()
		if bits, ok := st.ownBits[info.index]; ok {
			return bits
		}
	}
	if t, ok := st.foreign[o]; ok {
		return t.bits
	}
	st.sweepTrampolines()
	bits, err := st.trampoline(o, info.typ)
	if err != nil {
		panic(st.w.env.RT.NewTypeError(where + ": " + err.Error()))
	}
	return bits
}

// minTrampolineSweep is the fewest trampolines a sweep is worth.
const minTrampolineSweep = 64

// sweepTrampolines closes the trampolines no table or global of the
// instance holds any more, once no wasm runs and their number has doubled
// since the last sweep: Emscripten's removeFunction empties a slot, and a
// route that adds a JS function per request (sql.js's create_function on
// a long-lived database) would otherwise keep a module per request. A
// funcref written with Table.set is the very value a slot holds (only
// ref.func makes new ones), so a trampoline is found by its funcref.
func (st *instState) sweepTrampolines() {
	if st.w.depth != 0 || st.mod == nil || len(st.foreign) < max(minTrampolineSweep, st.trampolinesAtSweep) {
		return
	}
	live := map[uint64]bool{}
	st.references(funcref, live)
	for o, t := range st.foreign {
		if live[t.bits] {
			continue
		}
		delete(st.foreign, o)
		delete(st.trampolines, t.def)
		st.release(t.handle)
		_ = t.mod.Close(context.Background())
	}
	st.trampolinesAtSweep = 2 * len(st.foreign)
}

// trampoline makes, in the instance's runtime, a wasm function of type t
// that calls the JS function o, and returns its funcref: wasm can put in
// a table only functions of its own store, and Emscripten's addFunction
// puts there functions of another instance (the one convertJsFunctionToWasm
// makes). The trampoline module is the same bytes for every function of
// one signature, so it is compiled once (the cache); it reads which
// function it calls from the dyn host module as it starts.
func (st *instState) trampoline(o *goja.Object, t funcType) (uint64, error) {
	if !jsSignature(t) {
		return 0, errors.New("jsroutes passes only numbers, BigInts and externrefs between JS and wasm")
	}
	sig := fmt.Sprintf("%x.%x", t.params, t.results)
	host := "jsroutes-dyn:" + sig
	ctx := context.Background()
	if !st.dyn[sig] {
		b := st.r.NewHostModuleBuilder(host)
		b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, stack []uint64) {
			stack[0] = uint64(st.nextHandle)
		}), nil, []api.ValueType{i32}).Export("handle")
		b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, stack []uint64) {
			fn, _ := goja.AssertFunction(st.calls[uint32(stack[0])])
			st.w.callJS(fn, t, st, stack[1:], stack)
		}), apiTypes(append([]byte{i32}, t.params...)), apiTypes(t.results)).Export("call")
		if _, err := b.Instantiate(ctx); err != nil {
			return 0, err
		}
		if st.dyn == nil {
			st.dyn = map[string]bool{}
		}
		st.dyn[sig] = true
	}
	if n := len(st.freeHandles); n > 0 {
		st.nextHandle, st.freeHandles = st.freeHandles[n-1], st.freeHandles[:n-1]
		st.calls[st.nextHandle] = o
	} else {
		st.nextHandle = uint32(len(st.calls))
		st.calls = append(st.calls, o)
	}
	mod, err := st.r.InstantiateWithConfig(ctx, trampolineModule(host, t), wazero.NewModuleConfig().WithName("").WithStartFunctions())
	if err != nil {
		st.release(st.nextHandle)
		return 0, err
	}
	out, err := mod.ExportedFunction("ref").Call(ctx)
	if err != nil {
		st.release(st.nextHandle)
		_ = mod.Close(ctx)
		return 0, err
	}
	st.addSignature(t)
	ref := &trampolineRef{fn: o, handle: st.nextHandle, bits: out[0], def: mod.ExportedFunction("f").Definition(), mod: mod}
	if st.foreign == nil {
		st.foreign, st.trampolines = map[*goja.Object]*trampolineRef{}, map[api.FunctionDefinition]*trampolineRef{}
	}
	st.foreign[o], st.trampolines[ref.def] = ref, ref
	return ref.bits, nil
}

// release frees a trampoline's handle for the next one.
func (st *instState) release(h uint32) {
	st.calls[h] = nil
	st.freeHandles = append(st.freeHandles, h)
}

// trampolineModule is a module whose function "f" of type t calls
// host's "call" with the handle its start function read from host's
// "handle", and whose "ref" returns f's funcref.
func trampolineModule(host string, t funcType) []byte {
	a := &additions{typeIndex: map[string]uint32{}}
	handleT := a.typ(nil, []byte{i32})
	callT := a.typ(append([]byte{i32}, t.params...), t.results)
	var imp writer
	imp.u32(2)
	for _, fn := range []struct {
		name string
		typ  uint32
	}{{"handle", handleT}, {"call", callT}} {
		imp.name(host)
		imp.name(fn.name)
		imp.b = append(imp.b, 0)
		imp.u32(fn.typ)
	}
	const localGet, globalGet, globalSet, call, refFunc = 0x20, 0x23, 0x24, 0x10, 0xd2
	a.firstFunc = 2
	a.fn("start", nil, nil, ops(call, uint32(0), globalSet, uint32(0))...)
	code := ops(globalGet, uint32(0))
	for p := range t.params {
		code = append(code, ops(localGet, uint32(p))...)
	}
	a.fn("f", t.params, t.results, append(code, ops(call, uint32(1))...)...)
	a.fn("ref", nil, []byte{funcref}, ops(refFunc, uint32(3))...)
	var glob writer
	glob.u32(1)
	glob.b = append(glob.b, i32, 1, 0x41, 0, 0x0b)
	var start writer
	start.u32(2)
	w := newModule()
	w.section(1, vec(a.nTypes, a.types.b))
	w.section(2, &imp)
	w.section(3, vec(a.nFuncs, a.funcs.b))
	w.section(6, &glob)
	w.section(7, vec(a.nExports, a.exports.b))
	w.section(8, &start)
	w.section(10, vec(a.nFuncs, a.code.b))
	return w.b
}

// fillTable writes a JS-made table's values into the table the proxy
// module pm defines for it (its index-th), before the importing module
// is instantiated.
func (st *instState) fillTable(pm api.Module, index uint32, t *table) error {
	set := pm.ExportedFunction(helper("set", index))
	if set == nil {
		return errors.New("jsroutes: the table's module lacks its helpers")
	}
	for i, v := range t.pending {
		if _, err := set.Call(context.Background(), uint64(i), st.toBits(v, t.elem)); err != nil {
			return err
		}
	}
	return nil
}

// table returns the Table of the instance's table index (one object per
// table, as V8 gives).
func (st *instState) table(index uint32) *table {
	if t, ok := st.tables[index]; ok {
		return t
	}
	t := &table{w: st.w, elem: st.info.tables[index].elem}
	t.bind(st, index)
	return t
}

// toBits is the wasm value of a JS value of type t, funcrefs included.
func (st *instState) toBits(v goja.Value, t byte) uint64 {
	if t == funcref {
		return st.funcBits(v, "WebAssembly.Table: a table value")
	}
	return st.w.toBits(v, t)
}

// table is a WebAssembly.Table's Go half: a JS-made table holds its
// values (pending) until an instance imports it; then, as an exported
// one, it is the instance's table index, read and written through the
// instance's helpers.
type table struct {
	w       *WebAssembly
	elem    byte
	pending []goja.Value
	lim     limits
	st      *instState
	index   uint32
}

func (t *table) bind(st *instState, index uint32) {
	t.st, t.index, t.pending = st, index, nil
	if st.tables == nil {
		st.tables = map[uint32]*table{}
	}
	st.tables[index] = t
}

// notWasmFunction ends V8's message for a funcref that is not one.
const notWasmFunction = "function-typed object must be null (if nullable) or a Wasm function object"

// fill is a value for the table: v, or when given is false the element
// type's default (null for funcref, undefined for externref). A funcref
// must be a wasm function; bad says what V8 says when it is not.
func (t *table) fill(v goja.Value, given bool, bad string) goja.Value {
	if !given {
		if t.elem == funcref {
			return goja.Null()
		}
		return goja.Undefined()
	}
	if t.elem == funcref && !goja.IsNull(v) {
		if o, _ := v.(*goja.Object); o == nil || t.w.fns[weak.Make(o)].st.Value() == nil {
			panic(t.w.env.RT.NewTypeError(bad))
		}
	}
	return v
}

func (t *table) length() uint32 {
	if t.st == nil {
		return uint32(len(t.pending))
	}
	return uint32(t.st.callHelper(t.st.helper(helper("size", t.index)))[0])
}

func (t *table) check(i uint32, what string) {
	if n := t.length(); i >= n {
		panic(bridge.RangeError(t.w.env.RT, fmt.Sprintf("WebAssembly.Table.%s(): invalid index %d into function table", what, i)))
	}
}

func (t *table) get(i uint32) goja.Value {
	t.check(i, "get")
	if t.st == nil {
		return t.pending[i]
	}
	if t.elem == funcref {
		return t.st.slotValue(t.index, i)
	}
	return t.w.fromBits(t.st.callHelper(t.st.helper(helper("get", t.index)), uint64(i))[0], t.elem)
}

func (t *table) set(i uint32, v goja.Value) {
	t.check(i, "set")
	if t.st == nil {
		t.pending[i] = v
		return
	}
	t.st.callHelper(t.st.helper(helper("set", t.index)), uint64(i), t.st.toBits(v, t.elem))
}

// slotBytes is what a table slot costs at most (a goja.Value of a JS-made
// table; wazero's slots are 8 bytes), for the memory budget.
const slotBytes = 16

// maxTableSize is V8's limit on a table's length.
const maxTableSize = 10000000

// grow adds n slots holding v and returns the old length. The growth is
// checked against the memory budget, as a Memory's is.
func (t *table) grow(n uint32, v goja.Value) uint32 {
	fail := func() {
		panic(bridge.RangeError(t.w.env.RT, fmt.Sprintf("WebAssembly.Table.grow(): failed to grow table by %d", n)))
	}
	if uint64(t.length())+uint64(n) > maxTableSize || !t.w.env.Budget.Fits(float64(n)*slotBytes) {
		fail()
	}
	if t.st == nil {
		old := uint64(len(t.pending))
		if t.lim.hasMax && old+uint64(n) > uint64(t.lim.max) {
			fail()
		}
		for range n {
			t.pending = append(t.pending, v)
		}
		return uint32(old)
	}
	old := int32(uint32(t.st.callHelper(t.st.helper(helper("grow", t.index)), uint64(n), t.st.toBits(v, t.elem))[0]))
	if old < 0 {
		fail()
	}
	return uint32(old)
}
