package wasm

import "fmt"

// wazero gives the host no tables: no way to read, write or grow one
// (its experimental table package only looks a function up by slot and
// type). The JS API needs all of that: Emscripten's addFunction grows
// the exported function table and sets a function in it; wasm-bindgen
// keeps JS values in an externref table that its glue grows and writes;
// both call function pointers read out of the table. So a module with
// tables is instantiated with small helper functions added to it,
// exported under names JS never sees:
//
//	__jsroutes_size_T()          table.size T
//	__jsroutes_grow_T(n, init)   table.grow T
//	__jsroutes_get_T(i)          table.get T
//	__jsroutes_set_T(i, ref)     table.set T
//	__jsroutes_ref(k)            the funcref of the k-th function a funcref can be of
//	__jsroutes_global_G          (an export of) reference global G
//
// __jsroutes_ref reads a table of its own (the refs table) that an element
// segment fills with every function the module may put in a table, so
// that the host has a funcref of each to write with Table.set. Added
// functions, types, tables and exports come after the module's own, so
// no index the module's code uses moves; the cost is a compile of a few
// tiny functions more.

// helper names an added export.
func helper(kind string, index uint32) string { return fmt.Sprintf("__jsroutes_%s_%d", kind, index) }

const helperRef = "__jsroutes_ref"

// Reference types.
const (
	funcref   = 0x70
	externref = 0x6f
)

// jsValueType says whether values of type t cross between JS and wasm
// in calls (numbers, BigInts and externrefs; a funcref only as a table's
// element).
func jsValueType(t byte) bool {
	switch t {
	case i32, i64, f32, f64, externref:
		return true
	}
	return false
}

func jsSignature(t funcType) bool {
	for _, list := range [][]byte{t.params, t.results} {
		for _, v := range list {
			if !jsValueType(v) {
				return false
			}
		}
	}
	return true
}

// additions are what instrument adds to each section.
type additions struct {
	types, funcs, tables, exports, elems, code writer
	nTypes, nFuncs, nTables, nExports, nElems  uint32
	typeIndex                                  map[string]uint32
	firstType, firstFunc                       uint32
}

func (a *additions) typ(params, results []byte) uint32 {
	key := string(params) + "/" + string(results)
	if i, ok := a.typeIndex[key]; ok {
		return i
	}
	a.types.b = append(a.types.b, 0x60)
	a.types.u32(uint32(len(params)))
	a.types.b = append(a.types.b, params...)
	a.types.u32(uint32(len(results)))
	a.types.b = append(a.types.b, results...)
	i := a.firstType + a.nTypes
	a.nTypes++
	a.typeIndex[key] = i
	return i
}

// fn adds a function with code (no locals) exported as name.
func (a *additions) fn(name string, params, results []byte, code ...byte) {
	a.funcs.u32(a.typ(params, results))
	body := append([]byte{0}, append(code, 0x0b)...)
	a.code.u32(uint32(len(body)))
	a.code.b = append(a.code.b, body...)
	a.exports.name(name)
	a.exports.b = append(a.exports.b, 0)
	a.exports.u32(a.firstFunc + a.nFuncs)
	a.nFuncs++
	a.nExports++
}

// ops encodes instructions: each argument is an opcode byte (byte, int),
// an unsigned LEB128 immediate (uint32) or a signed one (int64: i32.const).
func ops(parts ...any) []byte {
	var w writer
	for _, p := range parts {
		switch v := p.(type) {
		case byte:
			w.b = append(w.b, v)
		case int:
			w.b = append(w.b, byte(v))
		case uint32:
			w.u32(v)
		case int64:
			w.s64(v)
		}
	}
	return w.b
}

// instrument returns the module with the helpers added, or nil when it
// has no tables and no reference globals (nothing to add).
func (m *moduleInfo) instrument() []byte {
	if len(m.tables) == 0 && len(m.refGlobals) == 0 {
		return nil
	}
	a := &additions{typeIndex: map[string]uint32{}, firstType: uint32(len(m.types)), firstFunc: uint32(len(m.funcTypes))}
	const localGet, tableGet, tableSet, i32Const, prefix = 0x20, 0x25, 0x26, 0x41, 0xfc
	for t, tab := range m.tables {
		ti := uint32(t)
		r := tab.elem
		a.fn(helper("size", ti), nil, []byte{i32}, ops(prefix, uint32(16), ti)...)
		a.fn(helper("grow", ti), []byte{i32, r}, []byte{i32}, ops(localGet, uint32(1), localGet, uint32(0), prefix, uint32(15), ti)...)
		a.fn(helper("get", ti), []byte{i32}, []byte{r}, ops(localGet, uint32(0), tableGet, ti)...)
		a.fn(helper("set", ti), []byte{i32, r}, nil, ops(localGet, uint32(0), localGet, uint32(1), tableSet, ti)...)
	}
	// The reference globals, exported for the sweeps (externref.go).
	for _, g := range m.refGlobals {
		a.exports.name(helper("global", g.index))
		a.exports.b = append(a.exports.b, 3)
		a.exports.u32(g.index)
		a.nExports++
	}
	if n := uint32(len(m.refFuncs)); n > 0 && len(m.tables) > 0 {
		refs := uint32(len(m.tables))
		a.fn(helperRef, []byte{i32}, []byte{funcref}, ops(localGet, uint32(0), tableGet, refs)...)
		a.tables.b = append(a.tables.b, funcref)
		a.tables.limits(limits{min: n, max: n, hasMax: true})
		a.nTables = 1
		a.elems.u32(2) // active, with a table index, of function indices
		a.elems.u32(refs)
		a.elems.b = append(a.elems.b, ops(i32Const, int64(0), 0x0b)...)
		a.elems.b = append(a.elems.b, 0) // elemkind funcref
		a.elems.u32(n)
		for _, fn := range m.refFuncs {
			a.elems.u32(fn)
		}
		a.nElems = 1
	}
	return m.rewrite(map[byte]extra{
		1: {a.nTypes, a.types.b}, 3: {a.nFuncs, a.funcs.b}, 4: {a.nTables, a.tables.b},
		7: {a.nExports, a.exports.b}, 9: {a.nElems, a.elems.b}, 10: {a.nFuncs, a.code.b},
	})
}

// extra is what rewrite appends to a vector section: count entries.
type extra struct {
	count uint32
	body  []byte
}

// sectionRank orders the known sections (custom sections aside).
var sectionRank = map[byte]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13}

// rewrite returns the module with entries appended to vector sections,
// making the sections it lacks in their place.
func (m *moduleInfo) rewrite(extras map[byte]extra) []byte {
	w := newModule()
	emit := func(id byte, old []byte) {
		e := extras[id]
		delete(extras, id)
		if e.count == 0 {
			w.section(id, &writer{b: old})
			return
		}
		r := &reader{b: old}
		n, _ := r.u32()
		var body writer
		body.u32(n + e.count)
		body.b = append(body.b, old[r.pos:]...)
		body.b = append(body.b, e.body...)
		w.section(id, &body)
	}
	// missing emits, before a section of rank before, the added sections
	// the module lacks.
	missing := func(before int) {
		for _, id := range []byte{1, 3, 4, 7, 9, 10} {
			if e, ok := extras[id]; ok && sectionRank[id] < before && e.count > 0 {
				emit(id, []byte{0})
			}
		}
	}
	for _, s := range m.sections {
		if s.id != 0 {
			missing(sectionRank[s.id])
		}
		if _, ok := extras[s.id]; ok {
			emit(s.id, s.body)
			continue
		}
		w.section(s.id, &writer{b: s.body})
	}
	missing(100)
	return w.b
}
