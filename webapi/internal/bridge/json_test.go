package bridge

import (
	"math"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// jsonCases are inputs the fast path must parse as JSON.parse does, or
// leave to it (errors, lone surrogates, odd numbers and keys).
var jsonCases = []string{
	`{"items":[{"id":1,"name":"item 1"},{"id":2,"name":"item 2"}]}`,
	`{"b":1,"a":2,"b":3}`, // a repeated key keeps its place, takes the last value
	`{"2":"two","1":"one","x":"ex"}`,
	`{"__proto__":{"polluted":true},"a":1}`,
	`[1,-0,0.1,1e400,-1e400,1e-400,123456789012345678901234567890,0.30000000000000004,5e-324]`,
	`"\u00e9\u4e2d\ud83d\ude00 \" \\ \/ \b\f\n\r\t"`,
	`"\ud800"`, `"\udfff x"`, `"\\ud800"`,
	` 	
 {"a" : [ true , false , null ] } 
`,
	`{}`, `[]`, `""`, `0`, `-0`, `null`, `true`,
	// Not JSON: JSON.parse's SyntaxError.
	``, ` `, `{`, `{"a":1,}`, `[1,]`, `01`, `1.`, `.5`, `+1`, `NaN`, `Infinity`, `nan`, `inf`, `'a'`,
	`"\x"`, "\"\x01\"", `{"a" 1}`, `[1 2]`, `truex`, `{"a":1}x`, "\u00a0{}", "\ufeff{}", `"\u12"`,
}

// A parsed value's JSON text and, for numbers, whether it is -0: what
// tells the fast path from JSON.parse.
func jsonShape(t testing.TB, rt *goja.Runtime, v goja.Value) string {
	t.Helper()
	check, err := rt.RunString(`(v) => JSON.stringify(v) + (Object.is(v, -0) ? ' -0' : '') + ' ' + JSON.stringify(Object.getPrototypeOf(v ?? {}) === Object.prototype || Array.isArray(v) || typeof v !== 'object')`)
	if err != nil {
		t.Fatal(err)
	}
	fn, _ := goja.AssertFunction(check)
	out, err := fn(goja.Undefined(), v)
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func compareJSONParse(t testing.TB, text string) {
	rt := goja.New()
	fast := NewJSON(rt, nil).Parse
	parse, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
	want, wantErr := parse(goja.Undefined(), rt.ToValue(text))
	got, gotErr := fast(text)
	if wantErr != nil && strings.Contains(wantErr.Error(), "cannot unmarshal number") {
		// goja's JSON.parse refuses numbers past the float range; JSON.parse
		// in Node reads them as ±Infinity, and so does the fast path.
		return
	}
	switch {
	case (wantErr == nil) != (gotErr == nil):
		t.Errorf("%q: JSON.parse error %v, fast path error %v", text, wantErr, gotErr)
	case wantErr != nil:
		if gotErr.Error() != wantErr.Error() {
			t.Errorf("%q: error %v, want JSON.parse's %v", text, gotErr, wantErr)
		}
	default:
		if g, w := jsonShape(t, rt, got), jsonShape(t, rt, want); g != w {
			t.Errorf("%q: got %s, JSON.parse gives %s", text, g, w)
		}
	}
}

func TestJSONParserIsJSONParse(t *testing.T) {
	for _, text := range jsonCases {
		compareJSONParse(t, text)
	}
	rt := goja.New()
	v, err := NewJSON(rt, nil).Parse(`[1e400,-1e400,1e-400]`)
	if err != nil || jsonShape(t, rt, v) != "[null,null,0] true" || v.Export().([]any)[0] != math.Inf(1) {
		t.Errorf("numbers past the float range: %v %v, want Infinity, -Infinity, 0 as in Node", v, err)
	}
}

// A replaced JSON.parse is called, as Node's fetch does.
func TestJSONParserCallsTheGlobal(t *testing.T) {
	rt := goja.New()
	fast := NewJSON(rt, nil).Parse
	if _, err := rt.RunString(`JSON.parse = (s) => 'replaced:' + s`); err != nil {
		t.Fatal(err)
	}
	if v, err := fast(`{"a":1}`); err != nil || v.String() != `replaced:{"a":1}` {
		t.Errorf("got %v, %v", v, err)
	}
}

func FuzzJSONParser(f *testing.F) {
	for _, text := range jsonCases {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		compareJSONParse(t, text)
	})
}
