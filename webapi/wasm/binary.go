package wasm

import (
	"errors"
	"fmt"
	"math"
)

// The parts of the WebAssembly binary format the JS API needs that wazero
// does not report: a module's imports and exports of every kind, in
// order (WebAssembly.Module.imports/exports list tables and globals too),
// and the small modules that stand for an import module with memories or
// globals (see proxyModule).

// Kinds of imports and exports, as the JS API names them.
const (
	kindFunction = "function"
	kindTable    = "table"
	kindMemory   = "memory"
	kindGlobal   = "global"
)

var kindNames = [...]string{kindFunction, kindTable, kindMemory, kindGlobal}

// refGlobal is a global of a reference type.
type refGlobal struct {
	index uint32
	elem  byte
}

// tableType is a table's element type (funcref or externref) and sizes.
type tableType struct {
	elem byte
	lim  limits
}

// limits are a memory's or table's sizes (pages or elements).
type limits struct {
	min    uint32
	max    uint32
	hasMax bool
}

// importDesc is one import of a module.
type importDesc struct {
	module, name, kind string
	typeIndex          uint32 // function: its type
	limits             limits // memory, table
	valType            byte   // global
	mutable            bool   // global
}

// exportDesc is one export of a module.
type exportDesc struct {
	name, kind string
	index      uint32 // in its kind's index space
}

// funcType is a function signature.
type funcType struct{ params, results []byte }

// moduleInfo is what parse reads of a module.
type moduleInfo struct {
	types   []funcType
	imports []importDesc
	exports []exportDesc
	// funcTypes is the type index of every function, imported ones first.
	funcTypes []uint32
	// tables are the module's tables, imported ones first.
	tables []tableType
	// refFuncs are the functions a funcref can be of: those element
	// segments and exports name (wasm's ref.func may name no others), in
	// first-seen order, each once.
	refFuncs []uint32
	seenRefs map[uint32]bool
	// globals counts the module's globals (imported first), and
	// refGlobals are those of a reference type it defines, by index: the
	// sweeps of externref handles and trampolines read them.
	globals    uint32
	refGlobals []refGlobal
	// sections are the module's sections, in order, for rewriting.
	sections []rawSection
}

// rawSection is one section's id and body.
type rawSection struct {
	id   byte
	body []byte
}

type reader struct {
	b   []byte
	pos int
}

var errTruncated = errors.New("unexpected end of the module")

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, errTruncated
	}
	r.pos++
	return r.b[r.pos-1], nil
}

func (r *reader) u32() (uint32, error) {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint32(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
	}
	return 0, errors.New("integer representation too long")
}

// each reads a vector: its count, then f for each entry.
func (r *reader) each(f func() error) error {
	n, err := r.u32()
	if err != nil {
		return err
	}
	for range n {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) bytes(n uint32) ([]byte, error) {
	if uint64(r.pos)+uint64(n) > uint64(len(r.b)) {
		return nil, errTruncated
	}
	r.pos += int(n)
	return r.b[r.pos-int(n) : r.pos], nil
}

func (r *reader) name() (string, error) {
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	b, err := r.bytes(n)
	return string(b), err
}

func (r *reader) limits() (limits, error) {
	flag, err := r.byte()
	if err != nil {
		return limits{}, err
	}
	var l limits
	if l.min, err = r.u32(); err != nil {
		return l, err
	}
	if flag&1 != 0 {
		l.hasMax = true
		l.max, err = r.u32()
	}
	return l, err
}

// parse reads a module's types, imports and exports. The module has been
// validated by wazero first, so a failure here is a malformed module all
// the same.
func parse(b []byte) (*moduleInfo, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module (magic header)")
	}
	r := &reader{b: b, pos: 8}
	info := &moduleInfo{}
	for r.pos < len(b) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		body, err := r.bytes(size)
		if err != nil {
			return nil, err
		}
		info.sections = append(info.sections, rawSection{id, body})
		s := &reader{b: body}
		switch id {
		case 1:
			err = info.readTypes(s)
		case 2:
			err = info.readImports(s)
		case 3:
			err = info.readFunctions(s)
		case 4:
			err = info.readTables(s)
		case 6:
			err = info.readGlobals(s)
		case 7:
			err = info.readExports(s)
		case 9:
			err = info.readElements(s)
		}
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", id, err)
		}
	}
	return info, nil
}

func (m *moduleInfo) readTypes(r *reader) error {
	n, err := r.u32()
	if err != nil {
		return err
	}
	for range n {
		if form, err := r.byte(); err != nil || form != 0x60 {
			return errors.New("bad function type")
		}
		var t funcType
		for _, list := range []*[]byte{&t.params, &t.results} {
			c, err := r.u32()
			if err != nil {
				return err
			}
			b, err := r.bytes(c)
			if err != nil {
				return err
			}
			*list = append([]byte(nil), b...)
		}
		m.types = append(m.types, t)
	}
	return nil
}

func (m *moduleInfo) readImports(r *reader) error {
	n, err := r.u32()
	if err != nil {
		return err
	}
	for range n {
		var d importDesc
		if d.module, err = r.name(); err != nil {
			return err
		}
		if d.name, err = r.name(); err != nil {
			return err
		}
		kind, err := r.byte()
		if err != nil {
			return err
		}
		if int(kind) >= len(kindNames) {
			return fmt.Errorf("unknown import kind %d", kind)
		}
		d.kind = kindNames[kind]
		switch kind {
		case 0:
			d.typeIndex, err = r.u32()
		case 1:
			if d.valType, err = r.byte(); err == nil {
				d.limits, err = r.limits()
			}
		case 2:
			d.limits, err = r.limits()
		case 3:
			var mut byte
			if d.valType, err = r.byte(); err == nil {
				mut, err = r.byte()
				d.mutable = mut == 1
			}
		}
		if err != nil {
			return err
		}
		switch kind {
		case 0:
			m.funcTypes = append(m.funcTypes, d.typeIndex)
		case 1:
			m.tables = append(m.tables, tableType{elem: d.valType, lim: d.limits})
		case 3:
			m.globals++
		}
		m.imports = append(m.imports, d)
	}
	return nil
}

func (m *moduleInfo) readFunctions(r *reader) error {
	return r.each(func() error {
		t, err := r.u32()
		m.funcTypes = append(m.funcTypes, t)
		return err
	})
}

// ref notes a function a funcref can be of.
func (m *moduleInfo) ref(fn uint32) {
	if m.seenRefs == nil {
		m.seenRefs = map[uint32]bool{}
	}
	if !m.seenRefs[fn] {
		m.seenRefs[fn] = true
		m.refFuncs = append(m.refFuncs, fn)
	}
}

func (m *moduleInfo) readTables(r *reader) error {
	return r.each(func() (err error) {
		var t tableType
		if t.elem, err = r.byte(); err != nil {
			return err
		}
		t.lim, err = r.limits()
		m.tables = append(m.tables, t)
		return err
	})
}

func (m *moduleInfo) readGlobals(r *reader) error {
	return r.each(func() error {
		t, err := r.byte()
		if err != nil {
			return err
		}
		if _, err := r.byte(); err != nil { // mutability
			return err
		}
		fn, err := r.constExpr()
		if err != nil {
			return err
		}
		if fn >= 0 {
			m.ref(uint32(fn)) // a funcref global's function is one a table may hold
		}
		if t == externref || t == funcref {
			m.refGlobals = append(m.refGlobals, refGlobal{index: m.globals, elem: t})
		}
		m.globals++
		return nil
	})
}

// readElements notes the functions element segments name, in all eight
// forms of a segment.
func (m *moduleInfo) readElements(r *reader) error {
	n, err := r.u32()
	if err != nil {
		return err
	}
	for range n {
		flags, err := r.u32()
		if err != nil {
			return err
		}
		if flags > 7 {
			return fmt.Errorf("unknown element segment form %d", flags)
		}
		if flags&2 != 0 && flags&1 == 0 { // an explicit table index
			if _, err := r.u32(); err != nil {
				return err
			}
		}
		if flags&1 == 0 { // active: an offset
			if _, err := r.constExpr(); err != nil {
				return err
			}
		}
		if flags&3 != 0 { // an element kind or reference type
			if _, err := r.byte(); err != nil {
				return err
			}
		}
		count, err := r.u32()
		if err != nil {
			return err
		}
		for range count {
			if flags&4 == 0 {
				fn, err := r.u32()
				if err != nil {
					return err
				}
				m.ref(fn)
				continue
			}
			fn, err := r.constExpr()
			if err != nil {
				return err
			}
			if fn >= 0 {
				m.ref(uint32(fn))
			}
		}
	}
	return nil
}

// constExpr reads a constant expression up to its end, and returns the
// function a ref.func in it names, or -1.
func (r *reader) constExpr() (int64, error) {
	fn := int64(-1)
	for {
		op, err := r.byte()
		if err != nil {
			return 0, err
		}
		switch op {
		case 0x0b: // end
			return fn, nil
		case 0x41: // i32.const
			_, err = r.s32()
		case 0x42: // i64.const
			_, err = r.s64()
		case 0x43:
			_, err = r.bytes(4)
		case 0x44:
			_, err = r.bytes(8)
		case 0x23: // global.get
			_, err = r.u32()
		case 0xd0: // ref.null t
			_, err = r.byte()
		case 0xd2: // ref.func x
			var x uint32
			x, err = r.u32()
			fn = int64(x)
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended constants: add, sub, mul
		default:
			return 0, fmt.Errorf("unknown instruction 0x%x in a constant expression", op)
		}
		if err != nil {
			return 0, err
		}
	}
}

// s32 and s64 read a signed LEB128 of 32 or 64 bits.
func (r *reader) s32() (int32, error) {
	v, err := r.sleb(35)
	return int32(v), err
}

func (r *reader) s64() (int64, error) { return r.sleb(70) }

// sleb reads a signed LEB128 of at most limit bits of encoding.
func (r *reader) sleb(limit uint) (int64, error) {
	var v int64
	var shift uint
	for {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, nil
		}
		if shift > limit {
			return 0, errors.New("integer representation too long")
		}
	}
}

func (m *moduleInfo) readExports(r *reader) error {
	n, err := r.u32()
	if err != nil {
		return err
	}
	for range n {
		name, err := r.name()
		if err != nil {
			return err
		}
		kind, err := r.byte()
		if err != nil {
			return err
		}
		index, err := r.u32()
		if err != nil {
			return err
		}
		if int(kind) >= len(kindNames) {
			return fmt.Errorf("unknown export kind %d", kind)
		}
		if kind == 0 {
			m.ref(index)
		}
		m.exports = append(m.exports, exportDesc{name: name, kind: kindNames[kind], index: index})
	}
	return nil
}

// Value types.
const (
	i32  = 0x7f
	i64  = 0x7e
	f32  = 0x7d
	f64  = 0x7c
	v128 = 0x7b
)

// writer builds a module.
type writer struct{ b []byte }

// newModule is a writer holding a module's header (version 1).
func newModule() *writer { return &writer{b: []byte("\x00asm\x01\x00\x00\x00")} }

// vec is a vector section's body: its count, then its entries.
func vec(n uint32, entries []byte) *writer {
	var w writer
	w.u32(n)
	w.b = append(w.b, entries...)
	return &w
}

func (w *writer) u32(v uint32) {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			c |= 0x80
		}
		w.b = append(w.b, c)
		if v == 0 {
			return
		}
	}
}

func (w *writer) s64(v int64) {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			w.b = append(w.b, c)
			return
		}
		w.b = append(w.b, c|0x80)
	}
}

func (w *writer) name(s string) {
	w.u32(uint32(len(s)))
	w.b = append(w.b, s...)
}

func (w *writer) limits(l limits) {
	if l.hasMax {
		w.b = append(w.b, 1)
		w.u32(l.min)
		w.u32(l.max)
		return
	}
	w.b = append(w.b, 0)
	w.u32(l.min)
}

func (w *writer) section(id byte, body *writer) {
	if len(body.b) == 0 {
		return
	}
	w.b = append(w.b, id)
	w.u32(uint32(len(body.b)))
	w.b = append(w.b, body.b...)
}

// proxyGlobal is a global a proxy module defines, with its initial value
// (the bits of an i32, i64, f32 or f64).
type proxyGlobal struct {
	name    string
	valType byte
	mutable bool
	bits    uint64
}

// proxyTable is a table a proxy module defines.
type proxyTable struct {
	name string
	tableType
}

// proxyModule builds the module that stands for the import module of a
// module that imports memories, globals or tables, which wazero's host
// modules cannot define: it imports the functions from the host module
// named host (the same names and types) and exports them again, beside
// the memories, globals and tables it defines itself. With tables, it is
// instrumented as well: a JS-made table's values are written with its
// set helper before the importing module's element segments run.
func proxyModule(host string, funcs []importDesc, types []funcType, memories []importDesc, globals []proxyGlobal, tables []proxyTable) []byte {
	w := newModule()
	var typ, imp, tab, mem, glob, exp writer
	typ.u32(uint32(len(funcs)))
	imp.u32(uint32(len(funcs)))
	for i, f := range funcs {
		t := types[f.typeIndex]
		typ.b = append(typ.b, 0x60)
		typ.u32(uint32(len(t.params)))
		typ.b = append(typ.b, t.params...)
		typ.u32(uint32(len(t.results)))
		typ.b = append(typ.b, t.results...)
		imp.name(host)
		imp.name(f.name)
		imp.b = append(imp.b, 0)
		imp.u32(uint32(i))
	}
	if len(tables) > 0 {
		tab.u32(uint32(len(tables)))
		for _, t := range tables {
			tab.b = append(tab.b, t.elem)
			tab.limits(t.lim)
		}
	}
	if len(memories) > 0 {
		mem.u32(uint32(len(memories)))
		for _, m := range memories {
			mem.limits(m.limits)
		}
	}
	if len(globals) > 0 {
		glob.u32(uint32(len(globals)))
		for _, g := range globals {
			glob.b = append(glob.b, g.valType)
			if g.mutable {
				glob.b = append(glob.b, 1)
			} else {
				glob.b = append(glob.b, 0)
			}
			switch g.valType {
			case i32:
				glob.b = append(glob.b, 0x41)
				glob.s64(int64(int32(uint32(g.bits))))
			case i64:
				glob.b = append(glob.b, 0x42)
				glob.s64(int64(g.bits))
			case f32:
				glob.b = append(glob.b, 0x43)
				v := uint32(g.bits)
				glob.b = append(glob.b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
			case f64:
				glob.b = append(glob.b, 0x44)
				for i := range 8 {
					glob.b = append(glob.b, byte(g.bits>>(8*i)))
				}
			}
			glob.b = append(glob.b, 0x0b)
		}
	}
	exp.u32(uint32(len(funcs) + len(memories) + len(globals) + len(tables)))
	for i, f := range funcs {
		exp.name(f.name)
		exp.b = append(exp.b, 0)
		exp.u32(uint32(i))
	}
	for i, m := range memories {
		exp.name(m.name)
		exp.b = append(exp.b, 2)
		exp.u32(uint32(i))
	}
	for i, g := range globals {
		exp.name(g.name)
		exp.b = append(exp.b, 3)
		exp.u32(uint32(i))
	}
	for i, t := range tables {
		exp.name(t.name)
		exp.b = append(exp.b, 1)
		exp.u32(uint32(i))
	}
	if len(funcs) > 0 {
		w.section(1, &typ)
		w.section(2, &imp)
	}
	w.section(4, &tab)
	w.section(5, &mem)
	w.section(6, &glob)
	w.section(7, &exp)
	if len(tables) == 0 {
		return w.b
	}
	info, err := parse(w.b)
	if err != nil {
		panic(err) // the module was made just now
	}
	return info.instrument()
}

// f32Bits and f64Bits encode a JS number as a wasm float's bits.
func f32Bits(v float64) uint64 { return uint64(math.Float32bits(float32(v))) }
func f64Bits(v float64) uint64 { return math.Float64bits(v) }
