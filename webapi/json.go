package webapi

import (
	"errors"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/valyala/fastjson"
)

// JSONParser returns JSON.parse as a Go function, for json() of request
// and fetched bodies: the value is made in Go's call, with no JS
// continuation. Like Node's fetch (undici), it calls the global JSON.parse
// of the moment. While that is still the runtime's own, valid JSON is
// parsed by fastjson and built straight into JS values, several times
// faster than goja's JSON.parse (which reads tokens through
// encoding/json); anything else, errors included, goes to JSON.parse
// itself, so results and SyntaxErrors are JSON.parse's.
func JSONParser(rt *goja.Runtime) func(string) (goja.Value, error) {
	intrinsic := rt.Get("JSON").ToObject(rt).Get("parse")
	var p fastjson.Parser // reused: one runtime runs one call at a time
	return func(text string) (goja.Value, error) {
		global := rt.Get("JSON").ToObject(rt).Get("parse")
		if global.SameAs(intrinsic) && fastJSON(text) && fastjson.Validate(text) == nil {
			if v, err := p.Parse(text); err == nil {
				return jsonValue(rt, v), nil
			}
		}
		parse, ok := goja.AssertFunction(global)
		if !ok {
			return nil, errors.New("JSON.parse is not a function")
		}
		return parse(goja.Undefined(), rt.ToValue(text))
	}
}

// fastJSON says whether text can take the fast path, in one pass over its
// strings: not when one holds a raw control character (fastjson's
// Validate lets some through; JSON.parse throws), nor when a \u escape
// encodes a surrogate (\ud800–\udfff), which a JS string can hold alone
// and a Go string cannot.
func fastJSON(text string) bool {
	inString := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case !inString:
			inString = c == '"'
		case c == '"':
			inString = false
		case c < 0x20:
			return false
		case c == '\\':
			if i+3 < len(text) && text[i+1] == 'u' && (text[i+2] == 'd' || text[i+2] == 'D') && strings.IndexByte("89abcdefABCDEF", text[i+3]) >= 0 {
				return false
			}
			i++ // the escaped character
		}
	}
	return true
}

// jsonValue builds the JS value of a parsed JSON value, as JSON.parse
// would: keys in document order (a repeated key keeps its first place and
// its last value), "__proto__" an own property, numbers as ECMAScript
// reads them.
func jsonValue(rt *goja.Runtime, v *fastjson.Value) goja.Value {
	switch v.Type() {
	case fastjson.TypeObject:
		o := rt.NewObject()
		obj, _ := v.Object()
		obj.Visit(func(k []byte, item *fastjson.Value) {
			key := string(k)
			if key == "__proto__" {
				_ = o.DefineDataProperty(key, jsonValue(rt, item), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
				return
			}
			_ = o.Set(key, jsonValue(rt, item))
		})
		return o
	case fastjson.TypeArray:
		items, _ := v.Array()
		vals := make([]any, len(items))
		for i, item := range items {
			vals[i] = jsonValue(rt, item)
		}
		return rt.NewArray(vals...)
	case fastjson.TypeString:
		s, _ := v.StringBytes()
		return rt.ToValue(string(s))
	case fastjson.TypeNumber:
		// The number's own text, read as ECMAScript reads it (strconv
		// rounds the same way), not fastjson's faster approximation. Past
		// the float range that is ±Infinity, as in Node (goja's JSON.parse
		// throws there); Validate has ruled out every other error.
		f, _ := strconv.ParseFloat(string(v.MarshalTo(nil)), 64)
		return rt.ToValue(f)
	case fastjson.TypeTrue:
		return rt.ToValue(true)
	case fastjson.TypeFalse:
		return rt.ToValue(false)
	}
	return goja.Null()
}
