package bridge

import (
	"errors"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/valyala/fastjson"
)

// JSON is JSON.parse as a Go function, for json() of request and fetched
// bodies: the value is made in Go's call, with no JS continuation. Like
// Node's fetch (undici), it calls the global JSON.parse of the moment.
// While that is still the runtime's own, valid JSON of up to fastValues
// values is parsed by fastjson and built straight into JS values, several
// times faster than goja's JSON.parse (which reads tokens through
// encoding/json); anything else, errors included, goes to JSON.parse
// itself, so results and SyntaxErrors are JSON.parse's.
//
// Neither stops once started, so the text is weighed first (jsonCost)
// and a value that would take the worker past its memory limit is a
// RangeError (Budget; 2 MB of `[1,1,…]` cost 520 MB before).
type JSON struct {
	rt     *goja.Runtime
	budget *Budget
	own    goja.Value      // the runtime's JSON.parse (see Install)
	p      fastjson.Parser // reused: one runtime runs one call at a time
}

// NewJSON returns the JSON parser of a runtime; budget may be nil (no
// limit).
func NewJSON(rt *goja.Runtime, budget *Budget) *JSON {
	return &JSON{rt: rt, budget: budget, own: rt.Get("JSON").ToObject(rt).Get("parse")}
}

// Install adds jsonReserve(text), with which the runtime's JSON.parse
// weighs a long text before parsing it, and jsonOwn(parse), with which
// the runtime names that JSON.parse as its own (webapi/memory.js).
func (j *JSON) Install(host *goja.Object) {
	Set(j.rt, host, "jsonReserve", func(call goja.FunctionCall) goja.Value {
		text := call.Argument(0).String()
		_, values := jsonCost(text)
		if e := j.refusal(values, text); e != nil {
			panic(e)
		}
		return goja.Undefined()
	})
	j.installJSONErrors(host)
	Set(j.rt, host, "jsonOwn", func(call goja.FunctionCall) goja.Value {
		j.own = call.Argument(0)
		return goja.Undefined()
	})
}

// refusal is the RangeError for a text of so many values (jsonCost) whose
// value would not fit, or nil.
func (j *JSON) refusal(values int, text string) *goja.Object {
	return j.budget.Refusal(j.rt, float64(values)*jsonValueBytes+2*float64(len(text)), jsonTooLarge)
}

// Parse parses text as the global JSON.parse does.
func (j *JSON) Parse(text string) (goja.Value, error) {
	rt := j.rt
	fast, values := jsonCost(text)
	if e := j.refusal(values, text); e != nil {
		return nil, &jsError{e}
	}
	global := rt.Get("JSON").ToObject(rt).Get("parse")
	if global.SameAs(j.own) && fast && values <= fastValues && fastjson.Validate(text) == nil {
		if v, err := j.p.Parse(text); err == nil {
			return jsonValue(rt, v), nil
		}
	}
	parse, ok := goja.AssertFunction(global)
	if !ok {
		return nil, errors.New("JSON.parse is not a function")
	}
	return parse(goja.Undefined(), rt.ToValue(text))
}

const (
	// jsonValueBytes is what goja's JSON.parse allocates per value
	// (measured: 187 MB for 1M numbers).
	jsonValueBytes = 200
	// fastValues bounds the texts that fastjson parses: its tree costs
	// ~500 bytes per value, all of it garbage once the JS value is built
	// (490 MB for 1M numbers, twice goja's own cost and time).
	fastValues = 20000
	// jsonTooLarge is the RangeError's text when a value would not fit.
	jsonTooLarge = "JSON.parse: the value is too large"
)

// jsError carries a JS error object as a Go error (see Rejection).
type jsError struct{ v *goja.Object }

func (e *jsError) Error() string { return e.v.String() }

// jsonCost reads text once: whether it can take the fast path (not when a
// string holds a raw control character, which fastjson's Validate lets
// through and JSON.parse throws for, nor when a \u escape encodes a
// surrogate (\ud800–\udfff), which a JS string can hold alone and a Go
// string cannot), and how many values it holds at most (its commas,
// colons and brackets outside strings, plus one).
func jsonCost(text string) (fast bool, values int) {
	fast, values = true, 1
	inString := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case !inString:
			switch c {
			case '"':
				inString = true
			case ',', ':', '[', '{':
				values++
			}
		case c == '"':
			inString = false
		case c < 0x20:
			fast = false
		case c == '\\':
			if i+3 < len(text) && text[i+1] == 'u' && (text[i+2] == 'd' || text[i+2] == 'D') && strings.IndexByte("89abcdefABCDEF", text[i+3]) >= 0 {
				fast = false
			}
			i++ // the escaped character
		}
	}
	return fast, values
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

// Rejection is the value a promise rejects with for err, a JS exception
// raised in Go's call of JS code: the thrown value itself.
func Rejection(rt *goja.Runtime, err error) goja.Value {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return ex.Value()
	}
	var js *jsError
	if errors.As(err, &js) {
		return js.v
	}
	return rt.NewGoError(err)
}
