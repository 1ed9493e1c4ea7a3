package pg

import (
	"reflect"
	"strconv"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
	"github.com/jsroutes/jsroutes/webapi/socket"
)

// A pg Pool's queue in Go (pool.js): pool.query's queries waiting for a
// client while all of the pool's are busy, and the hand-over of a client
// whose query ended here to the first of them, with no call into JS but
// the one that settles the query that ended. What it saves, at 64
// connections on a pool of 10, is pg-pool's JS around every query a
// client takes from the queue: the promise pg-pool makes and its
// `.catch`, the pending item, the release, the queue's pulse, the checks
// that the client can take the query, prepareValue for values that are
// strings or numbers, and the closures of the query's start: ~35 µs of
// CPU a request in goja (the PostgreSQL scenario at 64 connections, 170
// → 123–138 µs; BENCHMARKS.md).
//
// Only a pool whose options make pg-pool's work per query invisible
// queues here (pool.js's goQueue: no log, no connection timeout, no
// maxUses or lifetime, global Promise), and only while nothing else
// waits in its JS queue; a client is handed over only while the pool is
// not ending, nobody listens to its acquire or release events, and the
// client would send a query at once. Anything else gives the client back
// to pool.js (its _goDone), and whatever pool.js must see of the queue
// it drains into its own, in order. One difference can be seen: the
// promise of a query that waited here is settled directly, one promise
// job sooner than pg-pool's (a `.catch` of the promise it settles); the
// queries still run, and settle, in the queue's order.

// pool is one Pool's side in Go.
type pool struct {
	rt       *goja.Runtime
	loop     bridge.Loop
	sockets  *socket.Sockets
	js       *goja.Object  // the Pool
	goQuery  goja.Value    // pg's Client#query as client.js made it
	utils    *goja.Object  // pg's utils, whose prepareValue maps values
	proto    *goja.Object  // pg's Result.prototype
	buffer   *goja.Object  // Buffer: what prepareValue may answer besides strings
	goDone   goja.Callable // Pool#_goDone
	promised goja.Callable // pool.js's promised: a promise's done(error, result)
	waiting  []*waiter     // FIFO; waiting[head:] wait
	head     int
}

// waiter is pool.query's query, waiting here or running on one of the
// pool's clients: what Go sends, and how it is settled.
type waiter struct {
	config, values goja.Value // as pool.query was given them
	effective      goja.Value // the values the query takes (values, or config.values)
	text           string
	simple         bool         // no values: a simple Query, as pg sends it
	params         []param      // the values as prepareValue left them
	prepared       []goja.Value // the same, as JS values, should pool.js take it back
	types          *goja.Object // the query's type parsers, or nil: the client's
	asArray        bool
	cb             goja.Value // the callback given, or the JS-started query's; else a promise:
	resolve        func(any) error
	reject         func(any) error
}

func (p *pool) pending() int { return len(p.waiting) - p.head }

// push queues w. What was taken from the front is reclaimed once it is
// half the slice: a queue that never empties (a pool busy for hours) does
// not grow with every query it ever held.
func (p *pool) push(w *waiter) {
	if p.head > 0 && 2*p.head >= len(p.waiting) {
		n := copy(p.waiting, p.waiting[p.head:])
		clear(p.waiting[n:])
		p.waiting, p.head = p.waiting[:n], 0
	}
	p.waiting = append(p.waiting, w)
}

// unshift puts w back at the front (a JS getter run meanwhile may have
// queued more behind it).
func (p *pool) unshift(w *waiter) {
	if p.head > 0 {
		p.head--
		p.waiting[p.head] = w
		return
	}
	p.waiting = append([]*waiter{w}, p.waiting...)
}

func (p *pool) shift() *waiter {
	w := p.waiting[p.head]
	p.waiting[p.head] = nil
	p.head++
	return w
}

// plan reads pool.query(config, values) as client.js's fastPlan does, or
// says no. The query's values are mapped at once (pg-protocol maps them
// when the query is sent): strings, numbers, booleans and BigInts as
// prepareValue would (their toString), the rest by pg's prepareValue. A
// value prepareValue throws on, or maps to something odd, is left to
// pool.js, so that it fails as under pg (when the query gets a client).
func (p *pool) plan(config, values goja.Value) (*waiter, bool) {
	rt := p.rt
	w := &waiter{config: config, values: values}
	if goja.IsString(config) {
		w.text = config.String()
	} else {
		o, ok := config.(*goja.Object)
		if !ok {
			return nil, false
		}
		if _, isFunc := goja.AssertFunction(o.Get("submit")); isFunc {
			return nil, false
		}
		for _, k := range [...]string{"name", "rows", "portal", "binary", "queryMode", "query_timeout"} {
			if v := o.Get(k); v != nil && v.ToBoolean() {
				return nil, false
			}
		}
		text := o.Get("text")
		if text == nil || !goja.IsString(text) {
			return nil, false
		}
		w.text = text.String()
		if values == nil || !values.ToBoolean() {
			values = o.Get("values")
		}
		if t := o.Get("types"); t != nil && !goja.IsUndefined(t) && !goja.IsNull(t) {
			to, ok := t.(*goja.Object)
			if !ok || to.ClassName() == "Array" {
				return nil, false
			}
			if _, ok := goja.AssertFunction(to.Get("getTypeParser")); !ok {
				return nil, false
			}
			w.types = to
		}
		if m := o.Get("rowMode"); m != nil && goja.IsString(m) && m.String() == "array" {
			w.asArray = true
		}
	}
	if values == nil || goja.IsUndefined(values) || goja.IsNull(values) {
		w.simple = true
		return w, true
	}
	w.effective = values
	arr, ok := values.(*goja.Object)
	if !ok || arr.ClassName() != "Array" {
		return nil, false
	}
	n := int(arr.Get("length").ToInteger())
	if n == 0 {
		w.simple = true
		return w, true
	}
	if n > 65535 {
		return nil, false
	}
	prepareValue, ok := goja.AssertFunction(p.utils.Get("prepareValue"))
	if !ok {
		return nil, false
	}
	w.params = make([]param, n)
	w.prepared = make([]goja.Value, n)
	for i := range n {
		v := arr.Get(strconv.Itoa(i))
		switch {
		case v == nil || goja.IsUndefined(v) || goja.IsNull(v):
			w.params[i].null = true
			w.prepared[i] = goja.Null()
			continue
		case goja.IsString(v):
		case goja.IsNumber(v) || goja.IsBigInt(v) || v.ExportType() == reflect.TypeFor[bool]():
			v = rt.ToValue(v.String())
		default:
			m, err := prepareValue(goja.Undefined(), v, rt.ToValue(i))
			if err != nil {
				return nil, false
			}
			switch {
			case goja.IsUndefined(m) || goja.IsNull(m):
				w.params[i].null = true
				w.prepared[i] = goja.Null()
				continue
			case goja.IsString(m):
				v = m
			case rt.InstanceOf(m, p.buffer):
				w.params[i] = param{binary: true, data: buffer.Bytes(rt, m)}
				w.prepared[i] = m
				continue
			default:
				return nil, false
			}
		}
		w.params[i].data = []byte(v.String())
		w.prepared[i] = v
	}
	return w, true
}

// handsOver says whether client, whose query just ended well, can take
// the next waiting query at once: what pool.js's _putBack and
// canRunOnGo would check of it and of the pool (the rest cannot have
// changed while it ran).
func (p *pool) handsOver(client *goja.Object) bool {
	if p.js.Get("ending").ToBoolean() || client.Get("_ending").ToBoolean() || !client.Get("_queryable").ToBoolean() {
		return false
	}
	if events, ok := p.js.Get("_events").(*goja.Object); ok {
		if !absent(events.Get("acquire")) || !absent(events.Get("release")) {
			return false
		}
	}
	if q, ok := client.Get("_queryQueue").(*goja.Object); !ok || q.Get("length").ToInteger() != 0 {
		return false
	}
	return client.Get("query").SameAs(p.goQuery)
}

// absent says whether a property read found nothing.
func absent(v goja.Value) bool { return v == nil || goja.IsUndefined(v) }

// start sends w's query on t's socket and makes it t's query; nil, with
// nothing sent, when the socket cannot take it at once.
func (p *pool) start(t *tap, id int64, w *waiter, run, client *goja.Object) *query {
	types := w.types
	if types == nil {
		own, ok := client.Get("_types").(*goja.Object)
		if !ok {
			return nil
		}
		types = own
	}
	msg := queryMessage(w.text, w.params, w.simple)
	if !p.sockets.Send(id, msg) {
		return nil
	}
	q := newQuery(p.rt, p.loop, t.d, p.sockets, id, types, w.asArray, p.proto)
	q.pool, q.w, q.run, q.client, q.written = p, w, run, client, len(msg)
	t.q = q
	return q
}

// end: q, a pool's query, has ended (closed: with its socket). If it went
// well and a query waits, the client takes it and q is settled; else the
// client goes back to pool.js, which settles q after it has done with the
// client what pg-pool does.
func (p *pool) end(t *tap, q *query, closed bool) {
	errV, resV := q.outcome(closed)
	if errV == nil && !closed && p.pending() > 0 && p.handsOver(q.client) {
		w := p.shift()
		if next := p.start(t, q.id, w, q.run, q.client); next != nil {
			next.uses = q.uses + 1
			next.written += q.written
			p.settle(q.w, resV)
			return
		}
		p.unshift(w) // it waits for the next client
	}
	rt := p.rt
	if _, err := p.goDone(p.js, q.run, p.doneOf(q.w), orUndefined(errV), orUndefined(resV), rt.ToValue(t.takeUnread()), rt.ToValue(q.written),
		rt.ToValue(closed), rt.ToValue(q.status), rt.ToValue(q.uses)); err != nil {
		_ = p.loop.Check(err)
	}
}

// settle answers a query that went well.
func (p *pool) settle(w *waiter, res goja.Value) {
	var err error
	if w.resolve != nil {
		err = w.resolve(res)
	} else {
		cb, _ := goja.AssertFunction(w.cb)
		_, err = cb(goja.Undefined(), goja.Undefined(), res)
	}
	if err != nil {
		_ = p.loop.Check(err)
	}
}

// doneOf is w's answer as pool.js calls it: done(error, result); for a
// promise, pool.js's promised makes it, as pg-pool's promise settles.
func (p *pool) doneOf(w *waiter) goja.Value {
	if w.resolve == nil {
		return w.cb
	}
	rt := p.rt
	settle := rt.ToValue(bridge.Safe(rt, "pg's pool.query", func(call goja.FunctionCall) goja.Value {
		var err error
		if e := call.Argument(0); !goja.IsUndefined(e) {
			err = w.reject(e)
		} else {
			err = w.resolve(call.Argument(1))
		}
		if err != nil {
			panic(err)
		}
		return goja.Undefined()
	}))
	done, err := p.promised(goja.Undefined(), settle)
	if err != nil {
		panic(err)
	}
	return done
}

// item is w as pool.js's pending item: make(config, values, done, plan),
// plan as fastPlan's with the values already prepared.
func (p *pool) item(mk goja.Callable, w *waiter) (goja.Value, error) {
	rt := p.rt
	plan := rt.NewObject()
	_ = plan.Set("text", w.text)
	prepared, values := goja.Null(), goja.Null()
	if !w.simple {
		prepared, values = rt.NewArray(anys(w.prepared)...), w.effective
	}
	_ = plan.Set("values", values)
	if w.types != nil {
		_ = plan.Set("types", w.types)
	} else {
		_ = plan.Set("types", goja.Null())
	}
	_ = plan.Set("asArray", w.asArray)
	_ = plan.Set("prepared", prepared)
	vals := w.values
	if vals == nil {
		vals = goja.Undefined()
	}
	return mk(p.js, w.config, vals, p.doneOf(w), plan)
}

func anys(vs []goja.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// installPool adds pgPool(pool, go, Buffer, goDone, promised) (a Pool's
// Go side)
// and the calls on it: pgPoolWait(handle, config, values, callback),
// which queues pool.query's query here and returns its promise (undefined
// with a callback), or false when pool.js must queue it; pgPoolRun(handle,
// run, socket, text, values, types, arrayMode, done), pool.js's start of
// a query on an idle client (its bytes sent, or false), whose client may
// then take the waiting queries; pgPoolWaiting(handle), their count; and
// pgPoolDrain(handle, make), which hands them to pool.js in order.
func installPool(env *bridge.Env, sockets *socket.Sockets, taps map[int64]*tap) {
	rt := env.RT
	of := func(v goja.Value) *pool {
		p, ok := v.Export().(*pool)
		if !ok {
			bridge.ThrowTypeError(rt, "pg: not a pool's handle")
		}
		return p
	}
	bridge.Set(rt, env.Host, "pgPool", func(call goja.FunctionCall) goja.Value {
		arg := call.Argument
		js, ok1 := arg(0).(*goja.Object)
		goObj, ok2 := arg(1).(*goja.Object)
		buf, ok3 := arg(2).(*goja.Object)
		goDone, ok4 := goja.AssertFunction(arg(3))
		promised, ok5 := goja.AssertFunction(arg(4))
		if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
			bridge.ThrowTypeError(rt, "pgPool: bad arguments")
		}
		utils, _ := goObj.Get("utils").(*goja.Object)
		result, _ := goObj.Get("Result").(*goja.Object)
		var proto *goja.Object
		if result != nil {
			proto, _ = result.Get("prototype").(*goja.Object)
		}
		if utils == nil || proto == nil {
			bridge.ThrowTypeError(rt, "pgPool: not pg's")
		}
		return rt.ToValue(&pool{rt: rt, loop: env.Loop, sockets: sockets, js: js, goQuery: goObj.Get("query"),
			utils: utils, proto: proto, buffer: buf, goDone: goDone, promised: promised})
	})
	bridge.Set(rt, env.Host, "pgPoolWait", func(call goja.FunctionCall) goja.Value {
		p := of(call.Argument(0))
		w, ok := p.plan(call.Argument(1), call.Argument(2))
		if !ok {
			return rt.ToValue(false)
		}
		if cb := call.Argument(3); !goja.IsUndefined(cb) {
			w.cb = cb
			p.push(w)
			return goja.Undefined()
		}
		promise, resolve, reject := rt.NewPromise()
		w.resolve, w.reject = resolve, reject
		p.push(w)
		return rt.ToValue(promise)
	})
	bridge.Set(rt, env.Host, "pgPoolRun", func(call goja.FunctionCall) goja.Value {
		arg := call.Argument
		p := of(arg(0))
		run, _ := arg(1).(*goja.Object)
		id := arg(2).ToInteger()
		types, _ := arg(5).(*goja.Object)
		t := taps[id]
		var client *goja.Object
		if run != nil {
			client, _ = run.Get("client").(*goja.Object)
		}
		if _, ok := goja.AssertFunction(arg(7)); !ok || t == nil || t.q != nil || client == nil || types == nil {
			return rt.ToValue(false)
		}
		w := &waiter{text: arg(3).String(), types: types, asArray: arg(6).ToBoolean(), cb: arg(7)}
		if values := arg(4); goja.IsNull(values) {
			w.simple = true
		} else {
			w.params = params(rt, values)
		}
		q := p.start(t, id, w, run, client)
		if q == nil {
			return rt.ToValue(false)
		}
		sent := q.written
		q.written = 0 // told to pool.js now
		return rt.ToValue(sent)
	})
	bridge.Set(rt, env.Host, "pgPoolWaiting", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(of(call.Argument(0)).pending())
	})
	bridge.Set(rt, env.Host, "pgPoolDrain", func(call goja.FunctionCall) goja.Value {
		p := of(call.Argument(0))
		mk, ok := goja.AssertFunction(call.Argument(1))
		if !ok {
			bridge.ThrowTypeError(rt, "pgPoolDrain: make is not a function")
		}
		items := make([]any, 0, p.pending())
		for p.pending() > 0 {
			it, err := p.item(mk, p.shift())
			if err != nil {
				panic(err)
			}
			items = append(items, it)
		}
		return rt.NewArray(items...)
	})
}
