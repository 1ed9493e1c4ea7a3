package wasm_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/internal/jstest"
	"github.com/jsroutes/jsroutes/jsrt"
)

// mod builds a small wasm module for the tests, section by section.
type mod struct {
	types   [][2][]byte // params, results
	imports []string    // encoded import entries
	nImp    int         // imported functions (they come first in the index space)
	funcs   []int       // type index of each defined function
	bodies  [][]byte    // each function's body (locals and code, without its size)
	tables  [][]byte    // table section entries
	memory  []byte      // a memory section's entry, or nil
	globals [][]byte
	elems   [][]byte // element section entries
	exports []string
	start   int
}

func leb(v int) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			c |= 0x80
		}
		b = append(b, c)
		if v == 0 {
			return b
		}
	}
}

func name(s string) []byte { return append(leb(len(s)), s...) }

func vec(items [][]byte) []byte {
	out := leb(len(items))
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

func (m *mod) typ(params, results []byte) int {
	m.types = append(m.types, [2][]byte{params, results})
	return len(m.types) - 1
}

func (m *mod) importFunc(module, field string, t int) {
	m.imports = append(m.imports, string(append(append(append(name(module), name(field)...), 0), leb(t)...)))
	m.nImp++
}

func (m *mod) importRaw(module, field string, kindAndDesc ...byte) {
	m.imports = append(m.imports, string(append(append(name(module), name(field)...), kindAndDesc...)))
}

// fn defines a function with code (no locals) and exports it under exp
// when exp is not "".
func (m *mod) fn(exp string, t int, code ...byte) {
	m.funcs = append(m.funcs, t)
	m.bodies = append(m.bodies, append([]byte{0}, append(code, 0x0b)...))
	if exp != "" {
		m.exports = append(m.exports, string(append(append(name(exp), 0), leb(m.nImp+len(m.funcs)-1)...)))
	}
}

func (m *mod) bytes() []byte {
	out := []byte("\x00asm\x01\x00\x00\x00")
	section := func(id byte, body []byte) {
		out = append(out, id)
		out = append(out, leb(len(body))...)
		out = append(out, body...)
	}
	var types [][]byte
	for _, t := range m.types {
		types = append(types, append(append(append([]byte{0x60}, leb(len(t[0]))...), t[0]...), append(leb(len(t[1])), t[1]...)...))
	}
	section(1, vec(types))
	if len(m.imports) > 0 {
		var imps [][]byte
		for _, s := range m.imports {
			imps = append(imps, []byte(s))
		}
		section(2, vec(imps))
	}
	var fs [][]byte
	for _, t := range m.funcs {
		fs = append(fs, leb(t))
	}
	section(3, vec(fs))
	if len(m.tables) > 0 {
		section(4, vec(m.tables))
	}
	if m.memory != nil {
		section(5, vec([][]byte{m.memory}))
	}
	if len(m.globals) > 0 {
		section(6, vec(m.globals))
	}
	var exps [][]byte
	for _, s := range m.exports {
		exps = append(exps, []byte(s))
	}
	section(7, vec(exps))
	if m.start > 0 {
		section(8, leb(m.start-1))
	}
	if len(m.elems) > 0 {
		section(9, vec(m.elems))
	}
	var bodies [][]byte
	for _, b := range m.bodies {
		bodies = append(bodies, append(leb(len(b)), b...))
	}
	section(10, vec(bodies))
	return out
}

// js writes the module as a Uint8Array expression.
func (m *mod) js() string {
	var parts []string
	for _, b := range m.bytes() {
		parts = append(parts, fmt.Sprint(b))
	}
	return "new Uint8Array([" + strings.Join(parts, ",") + "])"
}

const (
	i32, i64, f64      = 0x7f, 0x7e, 0x7c
	funcref, externref = 0x70, 0x6f
)

// export adds an export of kind (1 table, 2 memory, 3 global) index.
func (m *mod) export(exp string, kind byte, index int) {
	m.exports = append(m.exports, string(append(append(name(exp), kind), leb(index)...)))
}

// elem adds an active segment of table 0 at offset holding funcs.
func (m *mod) elem(offset int, funcs ...int) {
	e := []byte{0, 0x41, byte(offset), 0x0b}
	var fs [][]byte
	for _, f := range funcs {
		fs = append(fs, leb(f))
	}
	m.elems = append(m.elems, append(e, vec(fs)...))
}

func TestWebAssembly(t *testing.T) {
	// add(a, b) and friends, with a memory and a trap.
	basic := &mod{memory: []byte{1, 1, 4}} // 1 page, at most 4
	bin := basic.typ([]byte{i32, i32}, []byte{i32})
	un := basic.typ([]byte{i32}, []byte{i32})
	none := basic.typ(nil, nil)
	basic.fn("add", bin, 0x20, 0, 0x20, 1, 0x6a)
	basic.fn("div", bin, 0x20, 0, 0x20, 1, 0x6d)
	basic.fn("boom", none, 0x00)
	basic.fn("store", bin, 0x20, 0, 0x20, 1, 0x36, 2, 0, 0x41, 0) // *(i32*)a = b; return 0
	basic.fn("grow", un, 0x20, 0, 0x40, 0)
	basic.fn("spin", none, 0x03, 0x40, 0x0c, 0, 0x0b)
	basic.exports = append(basic.exports, string(append(name("memory"), 2, 0)))
	l64 := basic.typ([]byte{i64, i64}, []byte{i64})
	basic.fn("add64", l64, 0x20, 0, 0x20, 1, 0x7c)
	fl := basic.typ([]byte{f64}, []byte{f64})
	basic.fn("half", fl, 0x20, 0, 0x44, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0xa2) // x * 0.5

	// run() calls env.log(42) and env.twice(x); callThrows() calls env.fail().
	imports := &mod{}
	logT := imports.typ([]byte{i32}, nil)
	twiceT := imports.typ([]byte{i32}, []byte{i32})
	noneT := imports.typ(nil, nil)
	imports.importFunc("env", "log", logT)
	imports.importFunc("env", "twice", twiceT)
	imports.importFunc("env", "fail", noneT)
	imports.fn("run", twiceT, 0x41, 42, 0x10, 0, 0x20, 0, 0x10, 1)
	imports.fn("callThrows", noneT, 0x10, 2)
	imports.fn("reenter", twiceT, 0x20, 0, 0x10, 1) // twice(x), where twice may call back in

	// An imported memory and global: load(addr) and g().
	imported := &mod{}
	loadT := imported.typ([]byte{i32}, []byte{i32})
	gT := imported.typ(nil, []byte{i32})
	imported.importRaw("env", "memory", 2, 0, 1)    // memory, min 1
	imported.importRaw("env", "g", 3, i32, 0)       // immutable i32 global
	imported.importRaw("env", "counter", 3, i32, 1) // mutable i32 global
	imported.fn("load", loadT, 0x20, 0, 0x28, 2, 0)
	imported.fn("g", gT, 0x23, 0)
	imported.fn("bump", gT, 0x23, 1, 0x41, 1, 0x6a, 0x24, 1, 0x23, 1) // counter += 1; return counter

	defs := "const basic = " + basic.js() + ";\nconst withImports = " + imports.js() + ";\nconst withMemory = " + imported.js() + ";\n"
	jstest.Run(t, []jstest.Case{
		{Name: "a module's exports and imports", Imports: defs, Body: `
			const m = new WebAssembly.Module(basic);
			const i = new WebAssembly.Module(withImports);
			return new Response(JSON.stringify([WebAssembly.Module.exports(m).slice(0, 3), WebAssembly.Module.imports(i), WebAssembly.validate(basic), WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 2]))]))`,
			Want: `[[{"name":"add","kind":"function"},{"name":"div","kind":"function"},{"name":"boom","kind":"function"}],[{"module":"env","name":"log","kind":"function"},{"module":"env","name":"twice","kind":"function"},{"module":"env","name":"fail","kind":"function"}],true,false]`},
		{Name: "calls, i64 and f64", Imports: defs, Body: `
			const { instance } = await WebAssembly.instantiate(basic);
			const e = instance.exports;
			return new Response(JSON.stringify([e.add(2, 3), e.add(2 ** 31 - 1, 1), e.add('4', 1.9), String(e.add64(2n ** 63n - 1n, 1n)), e.half(3), e.add.length, e.add.name, Object.getPrototypeOf(e) === null, Object.isFrozen(e)]))`,
			Want: `[5,-2147483648,5,"-9223372036854775808",1.5,2,"0",true,true]`},
		{Name: "traps are RuntimeErrors with V8's messages", Imports: defs, Body: `
			const { instance } = await WebAssembly.instantiate(basic);
			const out = [];
			for (const f of [() => instance.exports.boom(), () => instance.exports.div(1, 0), () => instance.exports.store(65536, 1)]) {
				try { f(); out.push('no trap') } catch (e) { out.push(e instanceof WebAssembly.RuntimeError && e.name + ': ' + e.message) }
			}
			out.push(instance.exports.add(1, 1));
			return new Response(out.join('|'))`,
			Want: `RuntimeError: unreachable|RuntimeError: divide by zero|RuntimeError: memory access out of bounds|2`},
		{Name: "memory is shared, and a grow detaches the old buffer", Imports: defs, Body: `
			const { instance } = await WebAssembly.instantiate(basic);
			const { memory, store, grow } = instance.exports;
			const before = memory.buffer;
			store(8, 0x01020304);
			const seen = new Uint8Array(before)[8];
			new Uint8Array(before)[16] = 7;
			const prev = grow(1);
			const after = memory.buffer;
			let tooMuch;
			try { memory.grow(10) } catch (e) { tooMuch = e.constructor.name }
			return new Response([seen, before.byteLength, prev, after.byteLength, new Uint8Array(after)[16], memory instanceof WebAssembly.Memory, tooMuch].join(','))`,
			Want: `4,0,1,131072,7,true,RangeError`},
		{Name: "imported functions, and a JS error through wasm", Imports: defs, Body: `
			const logged = [];
			const { instance } = await WebAssembly.instantiate(withImports, { env: { log: (x) => logged.push(x), twice: (x) => x * 2, fail: () => { throw new TypeError('from JS') } } });
			const r = instance.exports.run(21);
			let caught;
			try { instance.exports.callThrows() } catch (e) { caught = e instanceof TypeError && e.message }
			return new Response(JSON.stringify([r, logged, caught]))`,
			Want: `[42,[42],"from JS"]`},
		{Name: "link errors", Imports: defs, Body: `
			const m = new WebAssembly.Module(withImports);
			const out = [];
			for (const imports of [undefined, { env: {} }, { env: { log: 1 } }]) {
				try { new WebAssembly.Instance(m, imports); out.push('linked') } catch (e) { out.push(e.constructor.name) }
			}
			return new Response(out.join(','))`,
			Want: `TypeError,LinkError,LinkError`},
		{Name: "an imported memory and globals", Imports: defs, Body: `
			const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
			new Uint32Array(memory.buffer)[1] = 99;
			const counter = new WebAssembly.Global({ value: 'i32', mutable: true }, 10);
			const instance = new WebAssembly.Instance(new WebAssembly.Module(withMemory), { env: { memory, g: 7, counter } });
			new Uint32Array(memory.buffer)[2] = 5;
			const bumped = instance.exports.bump();
			counter.value = 100;
			return new Response(JSON.stringify([instance.exports.load(4), instance.exports.load(8), instance.exports.g(), bumped, instance.exports.bump(), counter.value]))`,
			Want: `[99,5,7,11,101,101]`},
		{Name: "a compile error", Imports: defs, Body: `
			try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1])) } catch (e) { return new Response(String(e instanceof WebAssembly.CompileError)) }`,
			Want: `true`},
		{Name: "recursion through wasm is bounded", Imports: defs, Body: `
			let instance;
			const twice = (x) => instance.exports.reenter(x);
			({ instance } = await WebAssembly.instantiate(withImports, { env: { log() {}, twice, fail() {} } }));
			try { instance.exports.reenter(1); return new Response('returned') } catch (e) { return new Response(e.constructor.name + ': ' + e.message) }`,
			Want: `RangeError: Maximum call stack size exceeded`},
		{Name: "instantiateStreaming takes a wasm Response", Imports: defs, Body: `
			const { instance } = await WebAssembly.instantiateStreaming(new Response(basic, { headers: { 'content-type': 'application/wasm' } }));
			let wrongType;
			try { await WebAssembly.compileStreaming(new Response(basic)) } catch (e) { wrongType = e.message }
			return new Response(instance.exports.add(40, 2) + ' ' + wrongType)`,
			Want: `42 WebAssembly.compileStreaming(): Incorrect response MIME type. Expected 'application/wasm'.`},
		{Name: "toString tags", Imports: defs, Body: `
			return new Response([String(WebAssembly), Object.prototype.toString.call(new WebAssembly.Module(basic)), typeof WebAssembly.Table].join(','))`,
			Want: `[object WebAssembly],[object WebAssembly.Module],function`},
	})
}

// Tables: an exported funcref table read, written and grown from JS, with
// a function of another instance put in it (Emscripten's addFunction);
// an externref table and externrefs across calls (wasm-bindgen's
// reference-types glue); a JS-made table imported by a module. The
// answers are V8's (Node 20 runs the same code: WASM_TABLES_DEFS=file
// writes the modules as JS to run the bodies with) but for one: a call
// through a null slot is "null function or function signature mismatch"
// in V8, and wazero traps it as an access out of the table's bounds.
func TestWasmTables(t *testing.T) {
	fns := &mod{tables: [][]byte{{funcref, 1, 2, 10}}} // min 2, max 10
	un := fns.typ([]byte{i32}, []byte{i32})
	bin := fns.typ([]byte{i32, i32}, []byte{i32})
	nullary := fns.typ(nil, []byte{i32})
	fns.fn("double", un, 0x20, 0, 0x41, 2, 0x6c)
	fns.fn("", un, 0x20, 0, 0x41, 1, 0x6a)                     // inc, not exported
	fns.fn("callAt", bin, 0x20, 1, 0x20, 0, 0x11, byte(un), 0) // table[a](b)
	fns.fn("size", nullary, 0xfc, 16, 0)                       // table.size
	fns.fn("add", bin, 0x20, 0, 0x20, 1, 0x6a)                 // another signature
	fns.export("table", 1, 0)
	fns.elem(0, 0, 1)

	wrapped := &mod{} // re-exports an imported JS function: convertJsFunctionToWasm's module
	wrapped.typ([]byte{i32}, []byte{i32})
	wrapped.importFunc("e", "f", 0)
	wrapped.export("f", 0, 0)

	refs := &mod{tables: [][]byte{{externref, 0, 1}}}
	idT := refs.typ([]byte{externref}, []byte{externref})
	storeT := refs.typ([]byte{i32, externref}, nil)
	loadT := refs.typ([]byte{i32}, []byte{externref})
	isNullT := refs.typ([]byte{externref}, []byte{i32})
	refs.fn("id", idT, 0x20, 0)
	refs.fn("store", storeT, 0x20, 0, 0x20, 1, 0x26, 0)
	refs.fn("load", loadT, 0x20, 0, 0x25, 0)
	refs.fn("isNull", isNullT, 0x20, 0, 0xd1)
	refs.export("refs", 1, 0)

	importer := &mod{}
	seven := importer.typ(nil, []byte{i32})
	callT := importer.typ([]byte{i32}, []byte{i32})
	importer.importRaw("env", "tbl", 1, funcref, 0, 2) // a funcref table, min 2
	importer.fn("seven", seven, 0x41, 7)
	importer.fn("callAt", callT, 0x20, 0, 0x11, byte(seven), 0)
	importer.elem(1, 0)

	five := &mod{}
	five.fn("five", five.typ(nil, []byte{i32}), 0x41, 5)

	defs := "const fns = " + fns.js() + ";\nconst wrapped = " + wrapped.js() + ";\nconst refs = " + refs.js() + ";\nconst importer = " + importer.js() + ";\nconst five = " + five.js() + ";\n"
	if out := os.Getenv("WASM_TABLES_DEFS"); out != "" {
		if err := os.WriteFile(out, []byte(defs), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	jstest.Run(t, []jstest.Case{
		{Name: "an exported funcref table", Imports: defs, Body: `
			const { instance } = await WebAssembly.instantiate(fns);
			const { table, double, callAt, size, add } = instance.exports;
			const out = [table instanceof WebAssembly.Table, table.length, table.get(0) === double, table.get(0) === table.get(0), table.get(1)(5), table.get(1).name, callAt(1, 10)];
			out.push(table.grow(2), table.length, table.get(3), size());
			table.set(2, double);
			out.push(callAt(2, 21));
			const other = (await WebAssembly.instantiate(wrapped, { e: { f: (x) => x * 100 } })).instance.exports.f;
			table.set(3, other);
			out.push(callAt(3, 7), table.get(3) === other);
			table.set(3, add);
			for (const f of [() => callAt(3, 1), () => { table.set(2, null); return callAt(2, 1) }, () => callAt(9, 1), () => table.set(0, (x) => x), () => table.get(10), () => table.grow(100)]) {
				try { f(); out.push('no error') } catch (e) { out.push(e.constructor.name + ': ' + e.message) }
			}
			table.set(3);
			out.push(table.get(3));
			return new Response(JSON.stringify(out))`,
			Want: `[true,2,true,true,6,"1",11,2,4,null,4,42,700,true,"RuntimeError: null function or function signature mismatch","RuntimeError: table index is out of bounds","RuntimeError: table index is out of bounds","TypeError: WebAssembly.Table.set(): Argument 1 is invalid for table: function-typed object must be null (if nullable) or a Wasm function object","RangeError: WebAssembly.Table.get(): invalid index 10 into function table","RangeError: WebAssembly.Table.grow(): failed to grow table by 100",null]`},
		{Name: "externrefs and an externref table", Imports: defs, Body: `
			const { instance } = await WebAssembly.instantiate(refs);
			const { refs: table, id, store, load, isNull } = instance.exports;
			const o = { a: 1 };
			const out = [id(o) === o, id('s'), id(undefined), id(null), isNull(null), isNull(undefined), isNull(0), table.length, table.get(0)];
			out.push(table.grow(2, o), table.get(2) === o, table.get(1) === o);
			store(0, 'x');
			table.set(1, 42);
			out.push(table.get(0), load(1), table.grow(1), table.get(3), id(1n) === 1n, id(o) === id(o));
			return new Response(JSON.stringify(out, (k, v) => v === undefined ? 'undefined' : typeof v === 'bigint' ? String(v) : v))`,
			Want: `[true,"s","undefined",null,1,0,0,1,null,1,true,true,"x",42,3,"undefined",true,true]`},
		{Name: "a JS-made table, imported", Imports: defs, Body: `
			const tbl = new WebAssembly.Table({ element: 'anyfunc', initial: 3, maximum: 5 });
			const out = [tbl.length, tbl.get(0)];
			const { five: f5 } = (await WebAssembly.instantiate(five)).instance.exports;
			tbl.set(0, f5);
			const instance = new WebAssembly.Instance(new WebAssembly.Module(importer), { env: { tbl } });
			out.push(instance.exports.callAt(0), instance.exports.callAt(1), tbl.get(1) === instance.exports.seven, tbl.get(0) === f5, tbl.length, tbl.get(2), tbl.grow(2), tbl.length);
			try { tbl.grow(1) } catch (e) { out.push(e.constructor.name) }
			try { new WebAssembly.Instance(new WebAssembly.Module(importer), { env: { tbl: {} } }) } catch (e) { out.push(e.constructor.name) }
			const ext = new WebAssembly.Table({ element: 'externref', initial: 2 }, 'v');
			out.push(ext.get(1), ext.grow(1), String(ext.get(2)), Object.prototype.toString.call(ext));
			for (const f of [() => ext.grow(1e7), () => new WebAssembly.Table({ element: 'anyfunc', initial: 1e7 + 1 })]) {
				try { f(); out.push('grew') } catch (e) { out.push(e.name + ': ' + e.message) }
			}
			return new Response(JSON.stringify(out))`,
			Want: `[3,null,5,7,true,true,3,null,3,5,"RangeError","LinkError","v",2,"undefined","[object WebAssembly.Table]","RangeError: WebAssembly.Table.grow(): failed to grow table by 10000000","RangeError: WebAssembly.Table(): Property 'initial': value 10000001 is above the upper bound 10000000"]`},
	})
}

// `import wasm from './x.wasm?module'` gives a WebAssembly.Module of the
// file, as in Next.js; without ?module the build says which form to use.
func TestWasmModuleImport(t *testing.T) {
	m := &mod{}
	bin := m.typ([]byte{i32, i32}, []byte{i32})
	m.fn("add", bin, 0x20, 0, 0x20, 1, 0x6a)
	app := jstest.Serve(t, map[string]string{
		"lib/add.wasm": string(m.bytes()),
		"app/w/route.ts": `import mod from '../../lib/add.wasm?module'
export async function GET() {
  const { exports } = new WebAssembly.Instance(mod)
  return new Response(exports.add(40, 2) + ' ' + (mod instanceof WebAssembly.Module))
}
`,
	}, nil)
	if status, body := app.Get("/w"); status != 200 || body != "42 true" {
		t.Errorf("GET /w: %d %q", status, body)
	}
	_, err := jsrt.New(context.Background(), jsrt.Options{Dir: fixtures.Write(t, map[string]string{
		"lib/add.wasm":   string(m.bytes()),
		"app/w/route.ts": "import add from '../../lib/add.wasm'\nexport async function GET() { return new Response(String(add)) }\n",
	}), Workers: 1})
	if err == nil || !strings.Contains(err.Error(), `app/w/route.ts:1:17: import "../../lib/add.wasm?module" to get a WebAssembly.Module`) {
		t.Errorf("a plain .wasm import: %v", err)
	}
}
