package wasm

import (
	"strconv"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

type idleLoop struct{}

func (idleLoop) Enqueue(func())        {}
func (idleLoop) Now() time.Time        { return time.Now() }
func (idleLoop) Check(err error) error { return err }

// externrefModule exports id(x) → x, store(i, x) into its externref
// table, and load(i) from it.
func externrefModule() []byte {
	a := &additions{typeIndex: map[string]uint32{}}
	a.fn("id", []byte{externref}, []byte{externref}, 0x20, 0)
	a.fn("store", []byte{i32, externref}, nil, 0x20, 0, 0x20, 1, 0x26, 0)
	a.fn("load", []byte{i32}, []byte{externref}, 0x20, 0, 0x25, 0)
	return withTable(a, externref, 16)
}

// withTable is a module of a's functions and exports and one table of
// elem, min slots long.
func withTable(a *additions, elem byte, min uint32) []byte {
	var tab writer
	tab.u32(1)
	tab.b = append(tab.b, elem)
	tab.limits(limits{min: min})
	w := newModule()
	w.section(1, vec(a.nTypes, a.types.b))
	w.section(3, vec(a.nFuncs, a.funcs.b))
	w.section(4, &tab)
	w.section(7, vec(a.nExports, a.exports.b))
	w.section(10, vec(a.nFuncs, a.code.b))
	return w.b
}

// The handles of externrefs wasm no longer holds are collected: passing
// fresh objects through a call again and again keeps the store bounded,
// and what the table holds stays.
func TestExternrefHandlesAreCollected(t *testing.T) {
	rt := goja.New()
	w := Install(&bridge.Env{RT: rt, Host: rt.NewObject(), Loop: idleLoop{}, Budget: bridge.NewBudget(1 << 30)}, nil, 0, false)
	defer w.Stop()
	m, err := w.compileBytes(externrefModule())
	if err != nil {
		t.Fatal(err)
	}
	out := w.instantiate(goja.FunctionCall{Arguments: []goja.Value{rt.ToValue(m), rt.NewArray()}}).(*goja.Object)
	fns := map[string]goja.Callable{}
	exports := out.Get("1").Export().([]any)
	for _, e := range exports {
		entry := e.([]any)
		if f, ok := goja.AssertFunction(rt.ToValue(entry[2])); ok {
			fns[entry[0].(string)] = f
		}
	}
	kept := make([]*goja.Object, 10)
	for i := range kept {
		kept[i] = rt.NewObject()
		if _, err := fns["store"](goja.Undefined(), rt.ToValue(i), kept[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 20000 {
		o := rt.NewObject()
		got, err := fns["id"](goja.Undefined(), o)
		if err != nil || got != o {
			t.Fatalf("id #%d: %v %v", i, got, err)
		}
	}
	if n := len(w.externs.values); n > 2*minSweep {
		t.Errorf("%d handles after 20,000 objects passed through, want at most %d", n, 2*minSweep)
	}
	for i, want := range kept {
		if got, err := fns["load"](goja.Undefined(), rt.ToValue(i)); err != nil || got != want {
			t.Errorf("table slot %d: %v %v, want the object stored", i, got, err)
		}
	}
}

// instantiateForTest instantiates b with no imports or with the given
// resolved imports, and returns its exports by name (Go halves for
// tables, JS functions for functions).
func instantiateForTest(t *testing.T, w *WebAssembly, b []byte, imports ...goja.Value) map[string]goja.Value {
	t.Helper()
	rt := w.env.RT
	m, err := w.compileBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	out := w.instantiate(goja.FunctionCall{Arguments: []goja.Value{rt.ToValue(m), rt.NewArray(toAny(imports)...)}}).(*goja.Object)
	if goja.IsNull(out.Get("0")) {
		t.Fatalf("instantiate: %v", out.Export())
	}
	exports := map[string]goja.Value{}
	list := out.Get("1").ToObject(rt)
	for i := range list.Get("length").ToInteger() {
		entry := list.Get(strconv.FormatInt(i, 10)).ToObject(rt)
		exports[entry.Get("0").String()] = entry.Get("2")
	}
	return exports
}

func toAny(vs []goja.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// A function of another instance put in a table (Emscripten's
// addFunction) goes through a trampoline; trampolines no slot holds any
// more are closed, so a route adding a JS function per request to a
// long-lived instance keeps a bounded number.
func TestTrampolinesAreCollected(t *testing.T) {
	rt := goja.New()
	w := Install(&bridge.Env{RT: rt, Host: rt.NewObject(), Loop: idleLoop{}, Budget: bridge.NewBudget(1 << 30)}, nil, 0, false)
	defer w.Stop()

	// callAt(i, x) calls table slot i with x; the table is exported.
	a := &additions{typeIndex: map[string]uint32{}}
	un := a.typ([]byte{i32}, []byte{i32})
	a.fn("callAt", []byte{i32, i32}, []byte{i32}, 0x20, 1, 0x20, 0, 0x11, byte(un), 0)
	a.exports.name("table")
	a.exports.b = append(a.exports.b, 1, 0)
	a.nExports++
	exports := instantiateForTest(t, w, withTable(a, funcref, 1))
	table := exports["table"].Export().(*table)
	callAt, _ := goja.AssertFunction(exports["callAt"])

	// The module convertJsFunctionToWasm makes: e.f re-exported as f.
	wrapper := newModule()
	wrapper.section(1, vec(1, []byte{0x60, 1, i32, 1, i32}))
	var imp writer
	imp.u32(1)
	imp.name("e")
	imp.name("f")
	imp.b = append(imp.b, 0, 0)
	wrapper.section(2, &imp)
	var exp writer
	exp.u32(1)
	exp.name("f")
	exp.b = append(exp.b, 0, 0)
	wrapper.section(7, &exp)

	for i := range 1000 {
		n := i
		js := rt.ToValue(func(call goja.FunctionCall) goja.Value { return rt.ToValue(call.Argument(0).ToInteger() + int64(n)) })
		f := instantiateForTest(t, w, wrapper.b, js)["f"].(*goja.Object)
		table.set(0, f)
		got, err := callAt(goja.Undefined(), rt.ToValue(0), rt.ToValue(1000))
		if err != nil || got.ToInteger() != int64(1000+i) {
			t.Fatalf("call #%d through the table: %v %v", i, got, err)
		}
		if table.get(0) != f {
			t.Fatalf("table.get(0) is not the function set")
		}
	}
	st := table.st
	if n := len(st.foreign); n > 2*minTrampolineSweep {
		t.Errorf("%d trampolines after 1,000 functions put in one slot, want at most %d", n, 2*minTrampolineSweep)
	}
	if n := len(st.calls); n > 2*minTrampolineSweep+1 {
		t.Errorf("%d trampoline handles after 1,000 functions put in one slot, want at most %d (swept ones reused)", n, 2*minTrampolineSweep+1)
	}
}
