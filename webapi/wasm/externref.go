package wasm

import (
	"math"
	"math/big"
	"strconv"

	"github.com/dop251/goja"
)

// wazero's externrefs are opaque 64-bit values Go's collector does not
// see, so a JS value handed to wasm as an externref is given a handle: a
// number wasm holds, which names the value in externs. A value keeps one
// handle however often it crosses (objects by identity, primitives by
// value).
//
// Handles are collected as wasm lets go of them. An externref cannot be
// stored in linear memory: between calls, wasm holds one only in a table
// or a global. So once no wasm runs (depth 0) and the handles have
// doubled since the last sweep, the sweep reads every externref table
// and global of the runtime's instances and drops the handles none of
// them holds: wasm-bindgen's glue, which hands each JS object it passes to
// wasm through its externref table and frees the slot when wasm is done,
// keeps a bounded set instead of one handle per object ever passed.

// externs is one runtime's externref handles.
type externs struct {
	values map[uint64]goja.Value
	ids    map[any]uint64
	next   uint64
	// sweepAt is the count of handles at which the next sweep runs.
	sweepAt int
}

// minSweep is the fewest handles a sweep is worth.
const minSweep = 1024

func newExterns() *externs {
	return &externs{values: map[uint64]goja.Value{}, ids: map[any]uint64{}, sweepAt: minSweep}
}

// externBits is the externref of a JS value: null is wasm's null ref,
// any other value a handle.
func (w *WebAssembly) externBits(v goja.Value) uint64 {
	if v == nil || goja.IsNull(v) {
		return 0
	}
	e := w.externs
	key := externKey(v)
	if id, ok := e.ids[key]; ok {
		return id
	}
	e.next++
	e.values[e.next] = v
	e.ids[key] = e.next
	return e.next
}

func (w *WebAssembly) externValue(bits uint64) goja.Value {
	if bits == 0 {
		return goja.Null()
	}
	v, ok := w.externs.values[bits]
	if !ok {
		panic(w.env.RT.NewTypeError("jsroutes: an externref that is not a live handle"))
	}
	return v
}

// maybeSweep collects the handles no table or global holds, when no wasm
// runs and enough have accumulated (see above).
func (w *WebAssembly) maybeSweep() {
	e := w.externs
	if w.depth != 0 || len(e.values) < e.sweepAt {
		return
	}
	live := map[uint64]bool{}
	for _, li := range w.live {
		if st := li.st.Value(); st != nil {
			st.references(externref, live)
		}
	}
	for id, v := range e.values {
		if !live[id] {
			delete(e.values, id)
			delete(e.ids, externKey(v))
		}
	}
	e.sweepAt = max(minSweep, 2*len(e.values))
}

// references adds the values of type elem (externref or funcref) the
// instance's tables and globals hold.
func (st *instState) references(elem byte, live map[uint64]bool) {
	for t, tab := range st.info.tables {
		if tab.elem != elem {
			continue
		}
		get := st.helper(helper("get", uint32(t)))
		n := uint32(st.callHelper(st.helper(helper("size", uint32(t))))[0])
		for i := range n {
			live[st.callHelper(get, uint64(i))[0]] = true
		}
	}
	for _, g := range st.info.refGlobals {
		if g.elem != elem {
			continue
		}
		if eg := st.mod.ExportedGlobal(helper("global", g.index)); eg != nil {
			live[eg.Get()] = true
		}
	}
}

// externKey identifies a JS value for externBits.
func externKey(v goja.Value) any {
	switch x := v.(type) {
	case *goja.Object, *goja.Symbol:
		return x
	}
	if goja.IsUndefined(v) {
		return struct{}{}
	}
	switch x := v.Export().(type) {
	case float64:
		if x == 0 && math.Signbit(x) {
			return "number:-0"
		}
		return "number:" + strconv.FormatFloat(x, 'g', -1, 64)
	case int64:
		return "number:" + strconv.FormatInt(x, 10)
	case bool:
		return x
	case *big.Int:
		return "bigint:" + x.String()
	case string:
		return "string:" + x
	}
	return v.String()
}
