package pg

import (
	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// The type parsers a query's RowDescription gets. pg's Result asks its
// types' getTypeParser for each column of every RowDescription: for a
// client's own types (pg's TypeOverrides, over pg-types) three calls into
// JS that took ~5 µs of the scenario's ~125 a request (a profile of its
// JS, BENCHMARKS.md's PostgreSQL scenario). Their answer changes only
// when a parser is set, so a connection keeps the parsers its last
// RowDescription got, and asks again only when the types are not pg's own
// as pg defines them (another getTypeParser, a client's own overrides), or
// a pg-types parser was set since (pg-types' setTypeParser, which the
// bundler's tail on pg-types wraps, says so: bundler/accelerate.go).

// typeRegistry is what a worker knows of pg's type modules: the pg-types
// copies loaded, TypeOverrides' own methods, and how many times a pg-types
// parser was set.
type typeRegistry struct {
	version uint64
	modules map[*goja.Object]typesModule // by pg-types' exports
	// TypeOverrides.prototype's getTypeParser and getOverrides, as pg
	// defines them; nil until pg's client.js has loaded.
	getTypeParser, getOverrides goja.Value
	objectProto                 *goja.Object // Object.prototype
}

// typesModule is a pg-types copy: its getTypeParser as loaded, and its
// noParse (the parser of a type it has none for: String(value), the
// value itself for the text a row holds), or nil if it is not that.
type typesModule struct {
	getTypeParser, noParse goja.Value
}

// parsed are the type parsers a RowDescription got from a pg-types copy,
// at a version of the registry.
type parsed struct {
	module  *goja.Object
	version uint64
	parsers []any // goja.Values, as NewArray takes them
	funcs   []goja.Callable
	text    []bool // the parser is noParse: the text is the value
}

func installTypes(env *bridge.Env) *typeRegistry {
	rt := env.RT
	reg := &typeRegistry{modules: map[*goja.Object]typesModule{}, objectProto: rt.NewObject().Prototype()}
	// pgTypesModule(exports, getTypeParser, noParse): a pg-types copy
	// loaded (client.js's watchTypes).
	bridge.Set(rt, env.Host, "pgTypesModule", func(call goja.FunctionCall) goja.Value {
		if m, ok := call.Argument(0).(*goja.Object); ok {
			mod := typesModule{getTypeParser: call.Argument(1)}
			if _, ok := goja.AssertFunction(call.Argument(2)); ok {
				mod.noParse = call.Argument(2)
			}
			reg.modules[m] = mod
		}
		return goja.Undefined()
	})
	bridge.Set(rt, env.Host, "pgTypesChanged", func(goja.FunctionCall) goja.Value {
		reg.version++
		return goja.Undefined()
	})
	bridge.Set(rt, env.Host, "pgTypeOverrides", func(call goja.FunctionCall) goja.Value {
		reg.getTypeParser, reg.getOverrides = call.Argument(0), call.Argument(1)
		return goja.Undefined()
	})
	return reg
}

// stock returns the pg-types copy whose parsers types' getTypeParser
// gives, as pg's TypeOverrides gives them: its methods pg's own, no
// overrides of its own (its text and binary plain empty objects), and
// its pg-types one the worker loaded, with that module's own
// getTypeParser. Otherwise nil (and when reading types throws): its
// getTypeParser must be asked.
func (reg *typeRegistry) stock(rt *goja.Runtime, types *goja.Object) (m *goja.Object) {
	if reg.getTypeParser == nil {
		return nil
	}
	if rt.Try(func() { m = reg.readStock(types) }) != nil {
		return nil
	}
	return m
}

func (reg *typeRegistry) readStock(types *goja.Object) *goja.Object {
	if !same(types.Get("getTypeParser"), reg.getTypeParser) || !same(types.Get("getOverrides"), reg.getOverrides) {
		return nil
	}
	for _, k := range [...]string{"text", "binary"} {
		o, ok := types.Get(k).(*goja.Object)
		if !ok || o.Prototype() != reg.objectProto || len(o.GetOwnPropertyNames()) != 0 {
			return nil
		}
	}
	m, ok := types.Get("_types").(*goja.Object)
	if !ok {
		return nil
	}
	if mod, ok := reg.modules[m]; !ok || !same(m.Get("getTypeParser"), mod.getTypeParser) {
		return nil
	}
	return m
}

// same is SameAs for a value that may be absent (nil).
func same(a, b goja.Value) bool {
	return a != nil && a.SameAs(b)
}
