package pg

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
	"github.com/jsroutes/jsroutes/webapi/socket"
)

// Install adds pgEncode (serialize), pgDecoder (parse, from a stream's
// Buffers) and pgTap (parse, straight from a node:net socket).
func Install(env *bridge.Env, sockets *socket.Sockets) {
	rt := env.RT
	types := installTypes(env)
	bridge.Set(rt, env.Host, "pgEncode", func(call goja.FunctionCall) goja.Value {
		return buffer.WrapBytes(rt, encode(rt, call))
	})
	// pgDecoder(makeError) returns decode(buffer, deliver): deliver(messages,
	// error) gets the messages the stream's next chunk completes.
	bridge.Set(rt, env.Host, "pgDecoder", func(call goja.FunctionCall) goja.Value {
		d := newDecoder(rt, call.Argument(0), types)
		return rt.ToValue(bridge.Safe(rt, "pgDecoder's decode", func(c goja.FunctionCall) goja.Value {
			deliver, ok := goja.AssertFunction(c.Argument(1))
			if !ok {
				bridge.ThrowTypeError(rt, "pg: deliver is not a function")
			}
			msgs, failure := d.decode(buffer.Bytes(rt, c.Argument(0)))
			if _, err := deliver(goja.Undefined(), msgs, failure); err != nil {
				panic(err) // what deliver threw, thrown on
			}
			return goja.Undefined()
		}))
	})
	// pgTap(socket, deliver, makeError) has the socket's bytes parsed here:
	// deliver(messages, error, bytes) is called on the loop for each chunk
	// read, and the next read waits for it to return. False when the
	// socket is gone.
	taps := map[int64]*tap{} // by socket id; loop-owned
	var nest goja.Callable   // (f) => f(), compiled with the first tap: most workers never have one
	bridge.Set(rt, env.Host, "pgTap", func(call goja.FunctionCall) goja.Value {
		deliver, ok := goja.AssertFunction(call.Argument(1))
		if !ok {
			bridge.ThrowTypeError(rt, "pgTap: deliver is not a function")
		}
		if nest == nil {
			v, err := rt.RunString("(function nest(f) { return f(); })")
			if err != nil {
				panic(err) // a constant expression
			}
			nest, _ = goja.AssertFunction(v)
		}
		id := call.Argument(0).ToInteger()
		t := &tap{d: newDecoder(rt, call.Argument(2), types), deliver: deliver, loop: env.Loop, nest: nest}
		tapped := sockets.Tap(id, t.chunk, func() {
			delete(taps, id)
			t.ended()
		})
		if tapped {
			taps[id] = t
		}
		return rt.ToValue(tapped)
	})
	installQuery(env, sockets, taps)
	installPool(env, sockets, taps)
}

// encode builds the message pgEncode(kind, …) names.
func encode(rt *goja.Runtime, call goja.FunctionCall) []byte {
	arg := call.Argument
	str := func(i int) string {
		v := arg(i)
		if goja.IsUndefined(v) || goja.IsNull(v) {
			return ""
		}
		return v.String()
	}
	switch kind := arg(0).String(); kind {
	case "startup":
		o := arg(1).ToObject(rt)
		var params [][2]string
		for _, k := range o.Keys() {
			v := o.Get(k)
			s := ""
			if v != nil && v.ToBoolean() {
				s = v.String()
			}
			params = append(params, [2]string{k, s})
		}
		return startup(params)
	case "password":
		return cstringMessage(codeStartup, str(1))
	case "sasl":
		return sasl(str(1), str(2))
	case "scram":
		return newMessage(codeStartup).bytes([]byte(str(1))).done()
	case "query":
		return cstringMessage(codeQuery, str(1))
	case "parse":
		var types []int64
		if o, ok := arg(3).(*goja.Object); ok {
			types = make([]int64, lengthOf(rt, o))
			for i := range types {
				types[i] = int64(uint32(o.Get(strconv.Itoa(i)).ToInteger()))
			}
		}
		return parseMessage(str(1), str(2), types)
	case "bind":
		return bind(str(1), str(2), params(rt, arg(3)), arg(4).ToBoolean())
	case "execute":
		return execute(str(1), arg(2).ToInteger())
	case "describe":
		return cstringMessage(codeDescribe, str(1))
	case "close":
		return cstringMessage(codeClose, str(1))
	case "copyData":
		return newMessage(codeCopyData).bytes(buffer.Bytes(rt, arg(1))).done()
	case "copyFail":
		return cstringMessage(codeCopyFail, str(1))
	case "cancel":
		return cancel(arg(1).ToInteger(), arg(2).ToInteger())
	default:
		panic(rt.NewTypeError("pgEncode: unknown message " + kind))
	}
}

// params are a Bind message's values, as pg's prepareValue left them:
// null, a string, or a Buffer (sent in binary format).
func params(rt *goja.Runtime, values goja.Value) []param {
	o, ok := values.(*goja.Object)
	if !ok {
		return nil
	}
	ps := make([]param, lengthOf(rt, o))
	for i := range ps {
		v := o.Get(strconv.Itoa(i))
		switch b := v.(type) {
		case nil:
			ps[i].null = true
		case *goja.Object:
			ps[i] = param{binary: true, data: buffer.Bytes(rt, b)}
		default:
			if goja.IsNull(v) || goja.IsUndefined(v) {
				ps[i].null = true
			} else {
				ps[i].data = []byte(v.String())
			}
		}
	}
	return ps
}

// lengthOf is an array's length, or 0 for an object without one (drizzle
// passes query.types as a type-parser object, which pg hands on as the
// Parse message's parameter types: pg-protocol writes none). The protocol
// counts in 16 bits: where pg-protocol would wrap the count and the server
// refuse the message, more is a RangeError here.
func lengthOf(rt *goja.Runtime, o *goja.Object) int {
	v := o.Get("length")
	if v == nil {
		return 0
	}
	n := max(v.ToInteger(), 0)
	if n > 65535 {
		panic(bridge.RangeError(rt, fmt.Sprintf("pg: a query takes at most 65535 parameters, not %d", n)))
	}
	return int(n)
}

// decoder turns backend messages into the objects pg-protocol's parser
// makes: the same names and fields, in the same order, so that pg's
// Client (and an app's listener for 'notice' or 'notification') sees
// what it sees under Node. Errors and notices are made by makeError in
// JS (a DatabaseError is an Error, with a stack).
type decoder struct {
	rt        *goja.Runtime
	split     splitter
	makeError goja.Callable
	strings   bridge.JSStrings // column names, command tags: the same few, query after query
	out       []message
	desc      *rowDesc // the last RowDescription read
	types     *typeRegistry
}

// rowDesc is a RowDescription read: its columns, and each field's values
// as pg-protocol's field object holds them. A connection's queries mostly
// describe the same columns, query after query: the last one is kept, and
// a RowDescription of the same bytes is not read again: the scenario's
// three columns took 14.5 µs, 9.7 with this (a benchmark of describe, not
// kept), the rest being the field objects, made anew each time as pg
// makes them, and pg's getTypeParser calls (kept too while their answer
// cannot change: types.go).
type rowDesc struct {
	body   []byte
	cols   []column
	fields [][len(fieldKeys)]goja.Value
	plain  bool // column names unique and none "__proto__": a row is its keys set in order
	// parsed are the type parsers the last query given it got, while they
	// stay the same (see typeRegistry).
	parsed *parsed
}

// fieldKeys are a field object's properties, in pg-protocol's order.
var fieldKeys = [...]string{"name", "tableID", "columnID", "dataTypeID", "dataTypeSize", "dataTypeModifier", "format"}

func newDecoder(rt *goja.Runtime, makeError goja.Value, types *typeRegistry) *decoder {
	mk, ok := goja.AssertFunction(makeError)
	if !ok {
		bridge.ThrowTypeError(rt, "pg: makeError is not a function")
	}
	return &decoder{rt: rt, makeError: mk, strings: bridge.JSStrings{}, types: types}
}

// decode returns the messages that chunk completes, as a JS array, and
// undefined or the error pg-protocol would throw after the messages before
// it (an authentication request it does not know).
func (d *decoder) decode(chunk []byte) (msgs, failure goja.Value) {
	d.out = d.split.next(chunk, d.out[:0])
	vals := make([]any, 0, len(d.out))
	failure = goja.Undefined()
	for _, m := range d.out {
		if vals, failure = d.add(vals, m); failure != goja.Undefined() {
			break
		}
	}
	clear(d.out)
	return d.rt.NewArray(vals...), failure
}

// add appends m's object to vals; the failure is undefined, or the error
// pg-protocol throws for m, which ends the chunk's messages.
func (d *decoder) add(vals []any, m message) ([]any, goja.Value) {
	v, err := d.object(m)
	if err != nil {
		return vals, d.rt.NewGoError(err)
	}
	return append(vals, v), goja.Undefined()
}

// text is a string field: UTF-8 as Buffer's toString reads it.
func (d *decoder) text(b []byte) goja.Value {
	if utf8.Valid(b) {
		return d.rt.ToValue(string(b))
	}
	return d.rt.ToValue(bridge.UTF8(b, false))
}

// name is a string that recurs (a column's name, a command tag's kind).
func (d *decoder) name(b []byte) goja.Value {
	if v, ok := d.strings[string(b)]; ok {
		return v
	}
	v := d.text(b)
	bridge.Cache[goja.Value](d.strings).Put(string(b), v)
	return v
}

func (d *decoder) bytes(b []byte) goja.Value {
	return buffer.WrapBytes(d.rt, append([]byte(nil), b...))
}

// obj makes an object with properties in the order given.
func (d *decoder) obj(kv ...any) *goja.Object {
	o := d.rt.NewObject()
	for i := 0; i+1 < len(kv); i += 2 {
		_ = o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

// bodiless are the messages without a body, by code (pg-protocol shares
// one object of each).
var bodiless = map[byte]string{
	'1': "parseComplete", '2': "bindComplete", '3': "closeComplete", 'n': "noData",
	's': "portalSuspended", 'c': "copyDone", 'W': "replicationStart", 'I': "emptyQuery",
}

// object is pg-protocol's message for m (its Parser's handlePacket).
func (d *decoder) object(m message) (goja.Value, error) {
	r := &reader{b: m.body}
	length := m.length
	if name, ok := bodiless[m.code]; ok {
		return d.obj("name", name, "length", length), nil
	}
	switch m.code {
	case 'D':
		n := r.int16()
		fields := make([]any, max(n, 0))
		for i := range fields {
			l := r.int32()
			if l == -1 {
				fields[i] = goja.Null()
				continue
			}
			fields[i] = d.text(r.bytes(int(l)))
		}
		return d.obj("length", length, "fields", d.rt.NewArray(fields...), "name", "dataRow", "fieldCount", len(fields)), nil
	case 'C':
		return d.obj("length", length, "text", d.name(r.cstring()), "name", "commandComplete"), nil
	case 'Z':
		return d.obj("length", length, "status", d.text(r.bytes(1)), "name", "readyForQuery"), nil
	case 'A':
		pid := r.int32()
		channel := d.text(r.cstring())
		payload := d.text(r.cstring())
		return d.obj("length", length, "processId", pid, "channel", channel, "payload", payload, "name", "notification"), nil
	case 'R':
		return d.authentication(r, length)
	case 'S':
		param := d.name(r.cstring())
		value := d.text(r.cstring())
		return d.obj("length", length, "parameterName", param, "parameterValue", value, "name", "parameterStatus"), nil
	case 'K':
		pid := r.int32()
		key := r.int32()
		return d.obj("length", length, "processID", pid, "secretKey", key, "name", "backendKeyData"), nil
	case 'E', 'N':
		name := "error"
		if m.code == 'N' {
			name = "notice"
		}
		fields := d.rt.NewObject()
		for {
			t := r.bytes(1)
			if len(t) == 0 || t[0] == 0 {
				break
			}
			_ = fields.Set(string(t), d.text(r.cstring()))
		}
		return d.makeError(goja.Undefined(), d.rt.ToValue(name), fields, d.rt.ToValue(length))
	case 'T':
		rd := d.rowDesc(m.body)
		return d.obj("length", length, "fieldCount", r.int16(), "name", "rowDescription", "fields", d.fieldObjects(rd)), nil
	case 't':
		n := r.int16()
		ids := make([]any, max(n, 0))
		for i := range ids {
			ids[i] = r.uint32()
		}
		return d.obj("length", length, "parameterCount", n, "name", "parameterDescription", "dataTypeIDs", d.rt.NewArray(ids...)), nil
	case 'G', 'H':
		name := "copyInResponse"
		if m.code == 'H' {
			name = "copyOutResponse"
		}
		binaryCopy := r.byte() != 0
		n := r.int16()
		types := make([]any, max(n, 0))
		for i := range types {
			types[i] = r.int16()
		}
		return d.obj("length", length, "name", name, "binary", binaryCopy, "columnTypes", d.rt.NewArray(types...)), nil
	case 'd':
		return d.obj("length", length, "chunk", d.bytes(r.bytes(length-4)), "name", "copyData"), nil
	}
	// pg-protocol answers an unknown code with a DatabaseError message
	// (which pg's Client handles as the server's error).
	text := "received invalid response: " + strconv.FormatInt(int64(m.code), 16)
	return d.makeError(goja.Undefined(), d.rt.ToValue("error"), d.rt.ToValue(text), d.rt.ToValue(length))
}

// rowDesc reads a RowDescription's body (the last one's, when the bytes
// are the same).
func (d *decoder) rowDesc(body []byte) *rowDesc {
	if rd := d.desc; rd != nil && bytes.Equal(rd.body, body) {
		return rd
	}
	r := &reader{b: body}
	n := max(r.int16(), 0)
	rd := &rowDesc{body: append([]byte(nil), body...), cols: make([]column, n), fields: make([][len(fieldKeys)]goja.Value, n), plain: true}
	seen := make(map[string]bool, n)
	rt := d.rt
	for i := range rd.fields {
		nameBytes := r.cstring()
		name := d.name(nameBytes)
		tableID := r.uint32()
		columnID := r.int16()
		dataTypeID := r.uint32()
		dataTypeSize := r.int16()
		dataTypeModifier := r.int32()
		format := "text"
		if r.int16() != 0 {
			format = "binary"
		}
		rd.fields[i] = [...]goja.Value{name, rt.ToValue(tableID), rt.ToValue(columnID), rt.ToValue(dataTypeID),
			rt.ToValue(dataTypeSize), rt.ToValue(dataTypeModifier), rt.ToValue(format)}
		c := column{name: string(nameBytes), oid: dataTypeID, format: format}
		rd.cols[i] = c
		if seen[c.name] || c.name == "__proto__" {
			rd.plain = false
		}
		seen[c.name] = true
	}
	d.desc = rd
	return rd
}

// fieldObjects are pg-protocol's field objects of a RowDescription, new
// ones each time (pg hands them to the Result, whose owner may change
// them).
func (d *decoder) fieldObjects(rd *rowDesc) *goja.Object {
	out := make([]any, len(rd.fields))
	for i, vals := range rd.fields {
		o := d.rt.NewObject()
		for k, key := range fieldKeys {
			_ = o.Set(key, vals[k])
		}
		out[i] = o
	}
	return d.rt.NewArray(out...)
}

// authentication is an Authentication request (pg-protocol's
// parseAuthenticationResponse).
func (d *decoder) authentication(r *reader, length int) (goja.Value, error) {
	code := r.int32()
	switch code {
	case 0:
		return d.obj("name", "authenticationOk", "length", length), nil
	case 3:
		name := "authenticationOk"
		if length == 8 {
			name = "authenticationCleartextPassword"
		}
		return d.obj("name", name, "length", length), nil
	case 5:
		if length == 12 {
			return d.obj("length", length, "salt", d.bytes(r.bytes(4)), "name", "authenticationMD5Password"), nil
		}
		return d.obj("name", "authenticationOk", "length", length), nil
	case 10:
		var mechanisms []any
		for {
			m := r.cstring()
			if len(m) == 0 {
				break
			}
			mechanisms = append(mechanisms, d.text(m))
		}
		return d.obj("name", "authenticationSASL", "length", length, "mechanisms", d.rt.NewArray(mechanisms...)), nil
	case 11:
		return d.obj("name", "authenticationSASLContinue", "length", length, "data", d.text(r.bytes(length-8))), nil
	case 12:
		return d.obj("name", "authenticationSASLFinal", "length", length, "data", d.text(r.bytes(length-8))), nil
	}
	return nil, authError(code)
}
