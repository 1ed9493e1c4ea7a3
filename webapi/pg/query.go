package pg

import (
	"math"
	"strconv"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
	"github.com/jsroutes/jsroutes/webapi/socket"
)

// A query run here, for pg's Client and Pool (client.js, pool.js and
// pool.go): the messages pg's Client and Query would send, written in
// one piece, and the server's answer read into the Result pg's Query
// would have built, without a message object, an event or a call into JS
// per message. Measured in goja, pg's own path
// cost ~200 µs of CPU a query (a Query and its Result ~45 µs, each of the
// answer's six messages an emit through pg's Connection and a handler on
// its Client ~5 µs, the pool's acquire and release ~35 µs), against V8's
// ~20: the PostgreSQL scenario in BENCHMARKS.md. What a query does
// outside the common case (a name, a row limit, binary results, a
// custom query object, pipelining, a read timeout) runs through pg's
// Client as before.

// tap is one pg connection's socket read in Go (pgTap): its bytes become
// pg-protocol's messages for pg's Connection, except while a query runs
// here, which takes the messages that answer it.
type tap struct {
	d       *decoder
	deliver goja.Callable
	loop    bridge.Loop
	nest    goja.Callable // (f) => f(): one JS call around several (see chunk)
	q       *query        // the query running here, or nil
	// unread counts the bytes read and not yet told to JS, which adds
	// them to the socket's bytesRead.
	unread int
}

// chunk takes one read: the query's messages to the query, the others to
// pg's Connection, in the order they came. When the query ends and more
// follows in the same read (a notification), all of it happens inside
// one call into JS, as under Node, where pg handles one read's messages
// before any promise job runs.
func (t *tap) chunk(chunk []byte) {
	d := t.d
	t.unread += len(chunk)
	d.out = d.split.next(chunk, d.out[:0])
	if t.q == nil || !readyBeforeLast(d.out) {
		t.read()
		return
	}
	rt := t.d.rt
	f := bridge.Safe(rt, "pg's read", func(goja.FunctionCall) goja.Value {
		t.read()
		return goja.Undefined()
	})
	if _, err := t.nest(goja.Undefined(), rt.ToValue(f)); err != nil {
		_ = t.loop.Check(err)
	}
}

// readyBeforeLast says whether messages follow a ReadyForQuery: the
// query's end and more for pg's Connection in one read.
func readyBeforeLast(msgs []message) bool {
	for _, m := range msgs[:max(len(msgs)-1, 0)] {
		if m.code == 'Z' {
			return true
		}
	}
	return false
}

// read hands out the messages the last chunk completed (d.out).
func (t *tap) read() {
	d := t.d
	vals := make([]any, 0, len(d.out))
	failure := goja.Undefined()
	for _, m := range d.out {
		if q := t.q; q != nil && q.take(m) {
			if q.finished {
				t.flush(vals, failure)
				vals = vals[:0]
				t.q = nil
				t.end(q, false)
			}
			continue
		}
		if vals, failure = d.add(vals, m); failure != goja.Undefined() {
			break
		}
	}
	clear(d.out)
	if len(vals) > 0 || failure != goja.Undefined() {
		t.flush(vals, failure)
	}
}

// flush hands messages (and a failure) to pg's Connection.
func (t *tap) flush(vals []any, failure goja.Value) {
	if len(vals) == 0 && failure == goja.Undefined() {
		return
	}
	rt := t.d.rt
	if _, err := t.deliver(goja.Undefined(), rt.NewArray(vals...), failure, rt.ToValue(t.takeUnread())); err != nil {
		_ = t.loop.Check(err)
	}
}

func (t *tap) takeUnread() int {
	n := t.unread
	t.unread = 0
	return n
}

// ended: the socket reads no more. A query running here is told, before
// pg's Client hears of it.
func (t *tap) ended() {
	if q := t.q; q != nil {
		t.q = nil
		t.end(q, true)
	}
}

// end: q ended, with its ReadyForQuery or (closed) its socket. A pool's
// query may hand the client to the next (pool.go); a client's own is
// told to client.js.
func (t *tap) end(q *query, closed bool) {
	if q.pool != nil {
		q.pool.end(t, q, closed)
		return
	}
	q.finish(t.takeUnread(), closed)
}

// column is a result's column, as its RowDescription gives it.
type column struct {
	name   string
	oid    int64
	format string
}

// result is one statement's Result, as pg's Result class fills it.
type result struct {
	cols     []column
	fields   goja.Value // the RowDescription's field objects (or an empty array)
	parsers  *goja.Object
	funcs    []goja.Callable
	text     []bool // by column: its parser is pg-types' noParse, whose value is the text itself (nil: none is)
	hasDesc  bool   // a RowDescription came
	plain    bool   // column names unique and none "__proto__": a row is its keys set in order
	rows     []any
	command  goja.Value
	rowCount goja.Value
	oid      goja.Value
	done     bool // its CommandComplete came
}

// query is a query running on a tap.
type query struct {
	rt       *goja.Runtime
	loop     bridge.Loop
	d        *decoder
	sockets  *socket.Sockets
	id       int64        // the socket's
	types    *goja.Object // getTypeParser's owner: the query's types, or the client's
	asArray  bool
	proto    *goja.Object // pg's Result.prototype
	asArrayF goja.Value   // Result.prototype._parseRowAsArray, set on array-mode results
	done     goja.Callable
	results  []*result
	err      goja.Value // the server's ErrorResponse
	canceled goja.Value // what a type parser threw: the query's error, as in pg
	status   string     // ReadyForQuery's transaction status
	finished bool

	// A pool's query (pool.go): its waiter, pool.js's run of the client
	// (its stand-in for pg's active query) and the client; the queries
	// the client ran since pool.js last had it, and the bytes they sent.
	pool    *pool
	w       *waiter
	run     *goja.Object
	client  *goja.Object
	uses    int
	written int
}

// newQuery is a query about to be sent on a tap's socket.
func newQuery(rt *goja.Runtime, loop bridge.Loop, d *decoder, sockets *socket.Sockets, id int64, types *goja.Object, asArray bool, proto *goja.Object) *query {
	q := &query{rt: rt, loop: loop, d: d, sockets: sockets, id: id, types: types, asArray: asArray, proto: proto}
	if asArray {
		q.asArrayF = proto.Get("_parseRowAsArray")
	}
	q.results = []*result{q.newResult()}
	return q
}

func (q *query) cur() *result { return q.results[len(q.results)-1] }

// checkForMultirow starts the next statement's Result once one has
// completed (pg's Query._checkForMultirow).
func (q *query) checkForMultirow() {
	if q.cur().done {
		q.results = append(q.results, q.newResult())
	}
}

func (q *query) newResult() *result {
	return &result{command: goja.Null(), rowCount: goja.Null(), oid: goja.Null()}
}

// take handles m if it belongs to the query, and says whether it did.
// Notices, notifications and parameter statuses go on to pg's Client.
func (q *query) take(m message) bool {
	r := &reader{b: m.body}
	switch m.code {
	case '1', '2', '3', 'n', 'I', 'H', 'd', 'c':
		// ParseComplete, BindComplete, CloseComplete, NoData,
		// EmptyQueryResponse; a COPY TO's response and data, which
		// pg's Query ignores.
	case 'T':
		q.checkForMultirow()
		q.describe(m.body)
	case 'D':
		q.row(r)
	case 'C':
		q.checkForMultirow()
		q.complete(string(r.cstring()))
	case 'E':
		// pg's Client fails the query at once and handles the
		// ReadyForQuery that follows as its own; here the query ends with
		// the ReadyForQuery (its transaction status is the client's before
		// the failure is told) or with the socket (a FATAL error).
		q.err, _ = q.d.object(m)
	case 'G':
		// COPY FROM STDIN with nothing to send: pg's Query answers so.
		q.sockets.Send(q.id, cstringMessage(codeCopyFail, "No source stream defined"))
	case 'Z':
		q.status = string(r.bytes(1))
		q.finished = true
	default:
		return false
	}
	return true
}

// describe is a RowDescription: Result#addFields.
func (q *query) describe(body []byte) {
	res := q.cur()
	rd := q.d.rowDesc(body)
	res.cols = rd.cols
	res.fields = q.d.fieldObjects(rd)
	res.hasDesc = true
	res.plain = rd.plain
	if len(res.cols) == 0 {
		return
	}
	reg := q.d.types
	module := reg.stock(q.rt, q.types)
	if p := rd.parsed; p != nil && module != nil && p.module == module && p.version == reg.version {
		res.funcs, res.text = p.funcs, p.text
		res.parsers = q.rt.NewArray(p.parsers...)
		return
	}
	version := reg.version
	res.funcs = make([]goja.Callable, len(res.cols))
	parsers := make([]any, len(res.cols))
	get, ok := goja.AssertFunction(q.types.Get("getTypeParser"))
	for i, c := range res.cols {
		if !ok {
			q.cancel(q.rt.NewTypeError("this._types.getTypeParser is not a function"))
			continue
		}
		p, err := get(q.types, q.rt.ToValue(c.oid), q.rt.ToValue(c.format))
		if err != nil {
			q.cancel(thrown(q.rt, err))
			continue
		}
		parsers[i] = p
		res.funcs[i], _ = goja.AssertFunction(p)
	}
	res.parsers = q.rt.NewArray(parsers...)
	if module == nil || q.canceled != nil || reg.version != version {
		return
	}
	// The parsers pg-types gave: kept for the next RowDescription of the
	// same bytes on this connection.
	noParse := reg.modules[module].noParse
	res.text = make([]bool, len(parsers))
	for i, p := range parsers {
		res.text[i] = noParse != nil && same(p.(goja.Value), noParse)
	}
	rd.parsed = &parsed{module: module, version: version, parsers: parsers, funcs: res.funcs, text: res.text}
}

// cancel keeps the first error a row's parsing threw: pg's Query reads no
// more rows after it, and the query fails with it.
func (q *query) cancel(v goja.Value) {
	if q.canceled == nil {
		q.canceled = v
	}
}

// row is a DataRow: Result#parseRow (or #_parseRowAsArray) and addRow.
func (q *query) row(r *reader) {
	if q.canceled != nil {
		return
	}
	res := q.cur()
	rt := q.rt
	n := int(max(r.int16(), 0))
	values := make([]goja.Value, n)
	for i := range values {
		l := r.int32()
		if l == -1 {
			values[i] = goja.Null()
			continue
		}
		values[i] = q.d.text(r.bytes(int(l)))
	}
	parse := func(i int) (goja.Value, bool) {
		v := values[i]
		if goja.IsNull(v) {
			return v, true
		}
		if i < len(res.text) && res.text[i] {
			return v, true // noParse's String(v) of a string
		}
		if i >= len(res.funcs) || res.funcs[i] == nil {
			q.cancel(rt.NewTypeError("this._parsers[i] is not a function"))
			return nil, false
		}
		p, err := res.funcs[i](res.parsers, v)
		if err != nil {
			q.cancel(thrown(rt, err))
			return nil, false
		}
		return p, true
	}
	if q.asArray {
		out := make([]any, n)
		for i := range out {
			v, ok := parse(i)
			if !ok {
				return
			}
			out[i] = v
		}
		res.rows = append(res.rows, rt.NewArray(out...))
		return
	}
	if n > len(res.cols) {
		q.cancel(rt.NewTypeError("Cannot read properties of undefined (reading 'name')"))
		return
	}
	row := rt.NewObject()
	if !res.plain {
		// {...prebuilt}: each name an own property first, then set.
		for _, c := range res.cols {
			_ = row.DefineDataProperty(c.name, goja.Null(), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
		}
	}
	for i := range n {
		v, ok := parse(i)
		if !ok {
			return
		}
		_ = row.Set(res.cols[i].name, v)
	}
	if res.plain {
		for _, c := range res.cols[n:] {
			_ = row.Set(c.name, goja.Null())
		}
	}
	res.rows = append(res.rows, row)
}

// complete is a CommandComplete: Result#addCommandComplete, which reads
// the tag with /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/.
func (q *query) complete(tag string) {
	res := q.cur()
	res.done = true
	i := 0
	for i < len(tag) && (tag[i] >= 'A' && tag[i] <= 'Z' || tag[i] >= 'a' && tag[i] <= 'z') {
		i++
	}
	if i == 0 {
		return
	}
	res.command = q.rt.ToValue(tag[:i])
	number := func() (goja.Value, bool) {
		j := i + 1
		for j < len(tag) && tag[j] >= '0' && tag[j] <= '9' {
			j++
		}
		if i >= len(tag) || tag[i] != ' ' || j == i+1 {
			return nil, false
		}
		v := parseInt(tag[i+1 : j])
		i = j
		return q.rt.ToValue(v), true
	}
	first, ok := number()
	if !ok {
		return
	}
	if second, ok := number(); ok {
		res.oid, res.rowCount = first, second
	} else {
		res.rowCount = first
	}
}

// parseInt is JS's parseInt of a string of decimal digits.
func parseInt(digits string) any {
	if n, err := strconv.ParseInt(digits, 10, 64); err == nil && n <= 1<<53 {
		return n
	}
	f, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return math.Inf(1)
	}
	return f
}

// object is res as pg's Result object: its own properties in the order
// Result's constructor, addFields and addCommandComplete leave them.
func (q *query) object(res *result, types goja.Value) *goja.Object {
	rt := q.rt
	o := rt.CreateObject(q.proto)
	set := func(k string, v any) { _ = o.Set(k, v) }
	set("command", res.command)
	set("rowCount", res.rowCount)
	set("oid", res.oid)
	set("rows", rt.NewArray(res.rows...))
	if res.hasDesc {
		set("fields", res.fields)
	} else {
		set("fields", rt.NewArray())
	}
	if res.parsers != nil {
		set("_parsers", res.parsers)
	} else {
		set("_parsers", goja.Undefined())
	}
	set("_types", types)
	set("RowCtor", goja.Null())
	set("rowAsArray", q.asArray)
	if q.asArray {
		set("parseRow", q.asArrayF)
	}
	if res.hasDesc {
		empty := rt.NewObject()
		for _, c := range res.cols {
			_ = empty.DefineDataProperty(c.name, goja.Null(), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
		}
		set("_prebuiltEmptyResultObject", empty)
	} else {
		set("_prebuiltEmptyResultObject", goja.Null())
	}
	return o
}

// finish calls done(error, result, bytes, closed, status): once the
// ReadyForQuery came (status is its transaction status), the server's
// error (or, as pg's Query has it, what a type parser threw before), what
// a parser threw, or the Result (an array of them for several
// statements); when the socket ended first (closed, status ""), the
// server's error if one came, else undefined: pg's Client is about to
// report the socket's end.
func (q *query) finish(bytes int, closed bool) {
	rt := q.rt
	errV, resV := q.outcome(closed)
	if _, err := q.done(goja.Undefined(), orUndefined(errV), orUndefined(resV), rt.ToValue(bytes), rt.ToValue(closed), rt.ToValue(q.status)); err != nil {
		_ = q.loop.Check(err)
	}
}

// outcome is the query's error or result, as finish says (nil for
// neither).
func (q *query) outcome(closed bool) (errV, resV goja.Value) {
	switch {
	case closed && q.err == nil:
		return nil, nil
	case q.canceled != nil:
		return q.canceled, nil
	case q.err != nil:
		return q.err, nil
	case len(q.results) == 1:
		return nil, q.object(q.results[0], q.types)
	}
	all := make([]any, len(q.results))
	for i, res := range q.results {
		all[i] = q.object(res, q.types)
	}
	return nil, q.rt.NewArray(all...)
}

func orUndefined(v goja.Value) goja.Value {
	if v == nil {
		return goja.Undefined()
	}
	return v
}

// thrown is the JS value an error from a JS call carries.
func thrown(rt *goja.Runtime, err error) goja.Value {
	if ex, ok := err.(*goja.Exception); ok {
		return ex.Value()
	}
	return rt.NewGoError(err)
}

// installQuery adds pgQuery(socket, text, values, types, arrayMode,
// Result.prototype, done): the query written on pg's connection socket
// and its answer read here (done as finish says). values null sends the
// text as a simple Query (several statements allowed, as pg does when a
// query has no values); else the extended protocol's Parse, Bind,
// Describe, Execute and Sync, as pg's Query#prepare. It returns the
// number of bytes sent; false, with nothing sent, when the socket is not
// pg's tapped one, already runs a query, or cannot take the write at
// once: the caller runs the query through pg's Client.
func installQuery(env *bridge.Env, sockets *socket.Sockets, taps map[int64]*tap) {
	rt := env.RT
	bridge.Set(rt, env.Host, "pgQuery", func(call goja.FunctionCall) goja.Value {
		arg := call.Argument
		id := arg(0).ToInteger()
		t := taps[id]
		done, ok := goja.AssertFunction(arg(6))
		proto, isObj := arg(5).(*goja.Object)
		types, hasTypes := arg(3).(*goja.Object)
		if t == nil || t.q != nil || !ok || !isObj || !hasTypes {
			return rt.ToValue(false)
		}
		values := arg(2)
		var ps []param
		if !goja.IsNull(values) {
			ps = params(rt, values)
		}
		msg := queryMessage(arg(1).String(), ps, goja.IsNull(values))
		if !sockets.Send(id, msg) {
			return rt.ToValue(false)
		}
		q := newQuery(rt, env.Loop, t.d, sockets, id, types, arg(4).ToBoolean(), proto)
		q.done = done
		t.q = q
		return rt.ToValue(len(msg))
	})
}

// queryMessage is what pg sends for a query: a simple Query (several
// statements allowed, as pg does when a query has no values), or the
// extended protocol's Parse, Bind, Describe, Execute and Sync, as pg's
// Query#prepare.
func queryMessage(text string, ps []param, simple bool) []byte {
	if simple {
		return cstringMessage(codeQuery, text)
	}
	msg := parseMessage("", text, nil)
	msg = append(msg, bind("", "", ps, false)...)
	msg = append(msg, cstringMessage(codeDescribe, "P")...)
	msg = append(msg, execute("", 0)...)
	return append(msg, 'S', 0, 0, 0, 4)
}
