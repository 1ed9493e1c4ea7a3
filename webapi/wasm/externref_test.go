package wasm

import (
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
	var tab writer
	tab.u32(1)
	tab.b = append(tab.b, externref)
	tab.limits(limits{min: 16})
	w := &writer{b: []byte("\x00asm\x01\x00\x00\x00")}
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
