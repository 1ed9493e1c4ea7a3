package pg

import (
	"encoding/hex"
	"slices"
	"testing"

	"github.com/dop251/goja"
)

// pool.query's query is read for Go as client.js's fastPlan reads it, its
// values mapped as pg-protocol maps them with pg's prepareValue: strings,
// numbers, booleans and BigInts by their toString without a call into JS,
// the rest by prepareValue (called with the value and its index, as
// pg-protocol calls it). Whatever Go does not take (false) waits in
// pool.js, where pg's own code reads it and fails as pg fails.
func TestPoolPlan(t *testing.T) {
	rt := goja.New()
	_, err := rt.RunString(`
class Buffer extends Uint8Array {}
var calls = [];
var utils = { prepareValue(v, i) {
  calls.push(i);
  if (v instanceof Date) return 'date:' + v.getTime();
  if (v && v.kind === 'throws') throw new Error('cannot prepare');
  if (v && v.kind === 'buffer') return Buffer.from ? Buffer.from([1, 2]) : new Buffer([1, 2]);
  if (v && v.kind === 'object') return {};
  if (typeof v === 'symbol') return v.toString();
  return JSON.stringify(v);
} };
`)
	if err != nil {
		t.Fatal(err)
	}
	p := &pool{rt: rt, utils: rt.Get("utils").ToObject(rt), buffer: rt.Get("Buffer").ToObject(rt)}
	for _, c := range []struct {
		name, config, values string // JS expressions
		ok, simple, asArray  bool
		types                bool
		params               []string // "<null>" for null, "bin:" + hex for binary
		calls                []int64  // prepareValue's indexes
		text                 string
	}{
		{name: "text alone", config: `'SELECT 1'`, values: `undefined`, ok: true, simple: true, text: "SELECT 1"},
		{name: "no values", config: `'SELECT 1'`, values: `[]`, ok: true, simple: true, text: "SELECT 1"},
		{name: "primitives", config: `'Q'`, values: `[1, 1.5, -0, 1e21, true, 10n, 'x', null, undefined]`, ok: true, text: "Q",
			params: []string{"1", "1.5", "0", "1e+21", "true", "10", "x", "<null>", "<null>"}},
		{name: "objects by prepareValue", config: `'Q'`, values: `['a', new Date(5), { a: 1 }, Symbol('s')]`, ok: true, text: "Q",
			params: []string{"a", "date:5", `{"a":1}`, "Symbol(s)"}, calls: []int64{1, 2, 3}},
		{name: "a Buffer from prepareValue", config: `'Q'`, values: `[{ kind: 'buffer' }]`, ok: true, text: "Q", params: []string{"bin:0102"}, calls: []int64{0}},
		{name: "prepareValue throws", config: `'Q'`, values: `[1, { kind: 'throws' }]`, calls: []int64{1}},
		{name: "prepareValue answers an object", config: `'Q'`, values: `[{ kind: 'object' }]`, calls: []int64{0}},
		{name: "values not an array", config: `'Q'`, values: `'x'`},
		{name: "too many values", config: `'Q'`, values: `new Array(65536).fill(1)`},
		{name: "config", config: `({ text: 'Q', values: [1], rowMode: 'array', types: { getTypeParser() {} } })`, values: `undefined`,
			ok: true, asArray: true, types: true, text: "Q", params: []string{"1"}},
		{name: "config's values given over", config: `({ text: 'Q', values: [1] })`, values: `[2]`, ok: true, text: "Q", params: []string{"2"}},
		{name: "rowMode not a string", config: `({ text: 'Q', rowMode: { toString() { return 'array' } } })`, values: `undefined`, ok: true, simple: true, text: "Q"},
		{name: "named", config: `({ name: 'n', text: 'Q' })`, values: `undefined`},
		{name: "row limit", config: `({ rows: 10, text: 'Q' })`, values: `undefined`},
		{name: "binary", config: `({ binary: true, text: 'Q' })`, values: `undefined`},
		{name: "query object", config: `({ text: 'Q', submit() {} })`, values: `undefined`},
		{name: "types an array", config: `({ text: 'Q', types: [] })`, values: `undefined`},
		{name: "types without getTypeParser", config: `({ text: 'Q', types: {} })`, values: `undefined`},
		{name: "text not a string", config: `({ text: 1 })`, values: `undefined`},
		{name: "config not an object", config: `5`, values: `undefined`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := rt.RunString(`calls = []`); err != nil {
				t.Fatal(err)
			}
			config, err := rt.RunString(c.config)
			if err != nil {
				t.Fatal(err)
			}
			values, err := rt.RunString(c.values)
			if err != nil {
				t.Fatal(err)
			}
			w, ok := p.plan(config, values)
			var calls []int64
			_ = rt.ExportTo(rt.Get("calls"), &calls)
			if !slices.Equal(calls, c.calls) {
				t.Errorf("prepareValue called with indexes %v, want %v", calls, c.calls)
			}
			if ok != c.ok {
				t.Fatalf("taken = %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			if w.text != c.text || w.simple != c.simple || w.asArray != c.asArray || (w.types != nil) != c.types {
				t.Errorf("text %q simple %v asArray %v types %v, want %q %v %v %v", w.text, w.simple, w.asArray, w.types != nil, c.text, c.simple, c.asArray, c.types)
			}
			var got []string
			for _, pm := range w.params {
				switch {
				case pm.null:
					got = append(got, "<null>")
				case pm.binary:
					got = append(got, "bin:"+hex.EncodeToString(pm.data))
				default:
					got = append(got, string(pm.data))
				}
			}
			if !slices.Equal(got, c.params) {
				t.Errorf("params %q, want %q", got, c.params)
			}
			if len(w.prepared) != len(w.params) {
				t.Errorf("%d prepared values for %d params", len(w.prepared), len(w.params))
			}
		})
	}
}

// The queue keeps its order, and its slice does not grow with the
// queries it held when it never empties.
func TestPoolQueue(t *testing.T) {
	p := &pool{}
	var next, want int
	ws := map[*waiter]int{}
	push := func() {
		w := &waiter{}
		ws[w] = next
		next++
		p.push(w)
	}
	push()
	push()
	for i := range 20000 {
		push()
		if i%3 == 0 {
			push()
		}
		for first := true; first || (i%2 == 0 && p.pending() > 1); first = false {
			if got := ws[p.shift()]; got != want {
				t.Fatalf("shifted %d, want %d", got, want)
			}
			want++
		}
		if p.pending() == 0 {
			t.Fatal("the queue emptied")
		}
		if cap(p.waiting) > 4*p.pending()+16 {
			t.Fatalf("%d waiting in a slice of %d", p.pending(), cap(p.waiting))
		}
	}
	p.unshift(p.shift()) // back at the front, as when a client could not take it
	for p.pending() > 0 {
		if got := ws[p.shift()]; got != want {
			t.Fatalf("shifted %d, want %d", got, want)
		}
		want++
	}
	if want != next {
		t.Fatalf("%d shifted of %d pushed", want, next)
	}
	// At the front of a queue whose slice starts with its first.
	a, b := &waiter{}, &waiter{}
	p = &pool{}
	p.push(a)
	p.unshift(b)
	if p.shift() != b || p.shift() != a || p.pending() != 0 {
		t.Fatal("unshift at the slice's start lost the order")
	}
}
