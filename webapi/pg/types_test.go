package pg

import (
	"encoding/binary"
	"slices"
	"testing"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// typesJS is pg-types' index.js and pg's TypeOverrides as they are
// (pg-types 2.2.0, pg 8; MIT License, Brian Carlson), with a count of
// pg-types' getTypeParser calls, and client.js's watchTypes and
// accelerate's registration done as the bundler's tails do them.
const typesJS = `
var calls = 0;
var typeParsers = { text: {}, binary: {} };
function noParse (val) {
  return String(val);
};
function getTypeParser (oid, format) {
  calls++;
  format = format || 'text';
  if (!typeParsers[format]) {
    return noParse;
  }
  return typeParsers[format][oid] || noParse;
};
function setTypeParser (oid, format, parseFn) {
  if(typeof format == 'function') {
    parseFn = format;
    format = 'text';
  }
  typeParsers[format][oid] = parseFn;
};
typeParsers.text[23] = function parseInteger(v) { return parseInt(v, 10) };
var types = { getTypeParser: getTypeParser, setTypeParser: setTypeParser };

function TypeOverrides(userTypes) {
  this._types = userTypes || types
  this.text = {}
  this.binary = {}
}
TypeOverrides.prototype.getOverrides = function (format) {
  switch (format) {
    case 'text':
      return this.text
    case 'binary':
      return this.binary
    default:
      return {}
  }
}
TypeOverrides.prototype.setTypeParser = function (oid, format, parseFn) {
  if (typeof format === 'function') {
    parseFn = format
    format = 'text'
  }
  this.getOverrides(format)[oid] = parseFn
}
TypeOverrides.prototype.getTypeParser = function (oid, format) {
  format = format || 'text'
  return this.getOverrides(format)[oid] || this._types.getTypeParser(oid, format)
}

var set = types.setTypeParser;
types.setTypeParser = function setTypeParser(oid, format, parseFn) {
  host.pgTypesChanged();
  return Reflect.apply(set, this, arguments);
};
host.pgTypesModule(types, types.getTypeParser, types.getTypeParser('0', 'jsroutes:none'));
host.pgTypeOverrides(TypeOverrides.prototype.getTypeParser, TypeOverrides.prototype.getOverrides);
`

// rowDescription is a RowDescription's body: columns of type int4 (23)
// and text (25), in text format.
func rowDescription() []byte {
	var b []byte
	b = binary.BigEndian.AppendUint16(b, 2)
	for _, c := range []struct {
		name string
		oid  uint32
	}{{"i", 23}, {"t", 25}} {
		b = append(append(b, c.name...), 0)
		b = binary.BigEndian.AppendUint32(b, 0) // table
		b = binary.BigEndian.AppendUint16(b, 0) // column
		b = binary.BigEndian.AppendUint32(b, c.oid)
		b = binary.BigEndian.AppendUint16(b, 4)          // size
		b = binary.BigEndian.AppendUint32(b, 0xffffffff) // modifier
		b = binary.BigEndian.AppendUint16(b, 0)          // text
	}
	return b
}

// A connection keeps the parsers its last RowDescription got, and asks
// its types' getTypeParser again whenever its answer could differ: types
// that are not pg's TypeOverrides over a pg-types copy the worker loaded,
// a TypeOverrides with overrides of its own, a parser set in pg-types
// since, or a RowDescription of other bytes.
func TestTypeParsersKept(t *testing.T) {
	rt := goja.New()
	host := rt.NewObject()
	_ = rt.Set("host", host)
	reg := installTypes(&bridge.Env{RT: rt, Host: host})
	if _, err := rt.RunString(typesJS); err != nil {
		t.Fatal(err)
	}
	d := newDecoder(rt, rt.ToValue(func(goja.FunctionCall) goja.Value { return goja.Undefined() }), reg)
	desc := rowDescription()
	for _, step := range []struct {
		name  string
		setup string // JS run before the query; its value is the query's types
		calls int    // pg-types' getTypeParser calls the query made
		row   string // the row "1", "x" parsed, as JSON
	}{
		{"first", `new TypeOverrides()`, 2, `[1,"x"]`},
		{"again, another client's types", `new TypeOverrides()`, 0, `[1,"x"]`},
		{"a client's own parser", `var own = new TypeOverrides(); own.setTypeParser(23, (v) => 'own:' + v); own`, 1, `["own:1","x"]`},
		{"its parser gone", `delete own.text[23]; own`, 0, `[1,"x"]`},
		{"a parser set in pg-types", `types.setTypeParser(23, (v) => 'set:' + v); new TypeOverrides()`, 2, `["set:1","x"]`},
		{"again", `new TypeOverrides()`, 0, `["set:1","x"]`},
		{"getTypeParser of the query's own", `({ getTypeParser: (oid, f) => types.getTypeParser(oid, f) })`, 2, `["set:1","x"]`},
		{"over other types", `new TypeOverrides({ getTypeParser: (oid, f) => types.getTypeParser(oid, f) })`, 2, `["set:1","x"]`},
		{"TypeOverrides' method replaced", `var o = new TypeOverrides(); o.getTypeParser = function (oid, f) { return TypeOverrides.prototype.getTypeParser.call(this, oid, f) }; o`, 2, `["set:1","x"]`},
		{"pg-types' getTypeParser replaced", `var saved = types.getTypeParser; types.getTypeParser = function (oid, f) { return saved(oid, f) }; new TypeOverrides()`, 2, `["set:1","x"]`},
		{"restored", `types.getTypeParser = saved; new TypeOverrides()`, 0, `["set:1","x"]`},
		{"overrides read through a getter that throws", `var g = new TypeOverrides(); Object.defineProperty(g, 'binary', { get() { throw new Error('no') } }); g`, 2, `["set:1","x"]`},
		{"overrides with a prototype", `var p = new TypeOverrides(); p.text = Object.create({ 23: (v) => 'proto:' + v }); p`, 1, `["proto:1","x"]`},
	} {
		v, err := rt.RunString(`calls = 0; ` + step.setup)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		q := &query{rt: rt, d: d, types: v.ToObject(rt)}
		q.results = []*result{q.newResult()}
		q.describe(desc)
		if q.canceled != nil {
			t.Fatalf("%s: %v", step.name, q.canceled)
		}
		var row []byte
		row = binary.BigEndian.AppendUint16(row, 2)
		for _, s := range []string{"1", "x"} {
			row = append(binary.BigEndian.AppendUint32(row, uint32(len(s))), s...)
		}
		q.asArray = true
		q.row(&reader{b: row})
		stringify, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
		s, err := stringify(goja.Undefined(), q.cur().rows[0].(goja.Value))
		if err != nil {
			t.Fatal(err)
		}
		if calls := rt.Get("calls").ToInteger(); int(calls) != step.calls || s.String() != step.row {
			t.Errorf("%s: %d getTypeParser calls, row %s; want %d, %s", step.name, calls, s, step.calls, step.row)
		}
		if step.name == "first" && !slices.Equal(q.cur().text, []bool{false, true}) {
			t.Errorf("noParse by column: %v, want [false true] (text's parser is noParse)", q.cur().text)
		}
	}
}
