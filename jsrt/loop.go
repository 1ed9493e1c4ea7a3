package jsrt

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dop251/goja"
	"golang.org/x/net/http/httpguts"

	"github.com/jsroutes/jsroutes/jsrt/internal/plan"
	"github.com/jsroutes/jsroutes/webapi"
)

// The loop side of the request path (this file): what runs on a worker's
// event loop for each request, from dispatch to the last chunk, as
// serveRoute (serve.go, on the request's goroutine) drives it: each call hands the exchange to the worker's loop
// and returns at once; the loop answers through the exchange's channels.
// start runs the handler (dispatch), pull asks for the next chunk of a
// streamed response, abort ends the request (client gone, timeout),
// finish forgets it once its answer is written.
func (w *worker) startExchange(ex *exchange)  { w.Enqueue(func() { w.start(ex) }) }
func (w *worker) pullExchange(ex *exchange)   { w.Enqueue(func() { w.pullChunk(ex) }) }
func (w *worker) abortExchange(ex *exchange)  { w.Enqueue(func() { w.abort(ex) }) }
func (w *worker) finishExchange(ex *exchange) { w.Enqueue(func() { w.finish(ex) }) }

func (w *worker) start(ex *exchange) {
	// A random handle (webapi.NewHandle): route code never holds the host
	// functions that take one (see appRequire), and cannot guess another
	// request's from its own either.
	ex.id = webapi.NewHandle(w.exchanges)
	w.exchanges[ex.id] = ex
	rt := w.rt
	// A route without dynamic segments gets { params: undefined }, as in Next.js.
	var params goja.Value = goja.Undefined()
	if ex.dynamic {
		params = w.paramsObject(ex.params)
	}
	id := rt.ToValue(ex.id)
	res, err := w.js.dispatch(nil, id, rt.ToValue(ex.route), w.names.Get(rt, ex.export, nil),
		w.names.Get(rt, ex.method, nil), rt.ToValue(ex.url), params, rt.ToValue(ex.hasBody), rt.ToValue(ex.prerender))
	if err == nil && !res.SameAs(w.js.handled) {
		// The handler returned a promise. By now (goja ran the microtasks
		// when the call returned) it has usually settled: read it directly.
		p, _ := res.Export().(*goja.Promise)
		switch {
		case p == nil:
			err = fmt.Errorf("dispatch returned %v", res)
		case p.State() == goja.PromiseStatePending && len(w.waiting) < maxPolled:
			w.waiting = append(w.waiting, waiter{ex, p})
		default:
			err = w.finishFrom(ex, p)
		}
	}
	if err != nil {
		w.handlerFailed(ex, err)
	}
}

// finishFrom finishes a request from its handler's promise: a settled one
// through the runtime's settle, a pending one through its wait (which
// attaches a .then).
func (w *worker) finishFrom(ex *exchange, p *goja.Promise) error {
	id := w.rt.ToValue(ex.id)
	var err error
	switch p.State() {
	case goja.PromiseStateFulfilled:
		_, err = w.js.settle(nil, id, p.Result(), w.rt.ToValue(true))
	case goja.PromiseStateRejected:
		delete(w.rejections, p) // handled here, not unhandled
		_, err = w.js.settle(nil, id, p.Result(), w.rt.ToValue(false))
	default:
		_, err = w.js.wait(nil, id, w.rt.ToValue(p))
	}
	return err
}

// handlerFailed answers a request whose handler's call into the runtime
// failed (a Go-side error, or the worker stopped under it), unless it has
// answered already.
func (w *worker) handlerFailed(ex *exchange, err error) {
	if ex.settled {
		return
	}
	w.logRouteError(ex, "route handler error", errorText(err))
	ex.failed = true
	var stopped *goja.InterruptedError
	ex.unavailable = errors.As(err, &stopped) // this request's code was running when the worker was stopped
	w.settle(ex, false)
}

// validValues drops the values a header must not carry (a copy is made
// only when there are some).
func validValues(vs []string) []string {
	for i, v := range vs {
		if !httpguts.ValidHeaderFieldValue(v) {
			valid := append([]string(nil), vs[:i]...)
			for _, v := range vs[i+1:] {
				if httpguts.ValidHeaderFieldValue(v) {
					valid = append(valid, v)
				}
			}
			return valid
		}
	}
	return vs
}

// maxPolled bounds the requests whose pending promises the loop reads
// after each job (see pollWaiting): reading one costs a few nanoseconds,
// so a few dozen cost less than the .then() they save; beyond that the
// runtime's wait attaches one.
const maxPolled = 64

// waiter is a request whose handler's promise was pending when start
// returned.
type waiter struct {
	ex *exchange
	p  *goja.Promise
}

// pollWaiting settles the requests whose handlers' promises have settled.
// The loop calls it after each job: reading a promise's state is a few
// nanoseconds, where a .then() costs microseconds of JS. A request whose
// client has gone (or that timed out) is handed to the runtime's wait
// instead, so that this list holds only live requests.
func (w *worker) pollWaiting() {
	for again := true; again; {
		again = false
		kept := 0
		for i, wt := range w.waiting {
			if wt.ex.forgotten {
				continue // its client left (see abort)
			}
			pending := wt.p.State() == goja.PromiseStatePending
			if pending && !wt.ex.gone {
				if kept != i {
					w.waiting[kept] = wt // written only when something before it left
				}
				kept++
				continue
			}
			again = again || !pending // a settle's microtasks may have settled others
			if err := w.finishFrom(wt.ex, wt.p); err != nil {
				w.handlerFailed(wt.ex, err)
			}
		}
		clear(w.waiting[kept:])
		w.waiting = w.waiting[:kept]
	}
}

func (w *worker) paramsObject(list []plan.Param) *goja.Object {
	rt := w.rt
	params := rt.NewObject()
	for _, p := range list {
		if p.List {
			vals := make([]any, len(p.Values))
			for i, v := range p.Values {
				vals[i] = v
			}
			_ = params.Set(p.Name, rt.NewArray(vals...))
		} else {
			_ = params.Set(p.Name, p.Value)
		}
	}
	return params
}

func (w *worker) pullChunk(ex *exchange) {
	if _, ok := w.exchanges[ex.id]; !ok {
		ex.chunks <- chunk{end: true}
		return
	}
	if _, err := w.js.pull(nil, w.rt.ToValue(ex.id)); err != nil {
		w.logRouteError(ex, "error in the response stream", errorText(err))
		ex.chunks <- chunk{err: true}
	}
}

// abort tells the runtime the client has gone: the request's signal aborts
// and its response stream is cancelled.
//
// A request not yet answered is then forgotten, here and in the runtime
// (see its cancel), as Node lets go of a closed socket's request: 20k
// handlers that never settle held ~85 MB until the process ended.
func (w *worker) abort(ex *exchange) {
	ex.gone = true
	if _, ok := w.exchanges[ex.id]; !ok {
		return
	}
	if !ex.settled {
		// The handler still runs to its end: a polled promise goes to the
		// runtime's wait first, so that its after() callbacks run and its
		// error is logged when it settles (a promise that never settles
		// is garbage with what waits on it).
		for i, wt := range w.waiting {
			if wt.ex == ex {
				w.waiting = append(w.waiting[:i], w.waiting[i+1:]...)
				if _, err := w.js.wait(nil, w.rt.ToValue(ex.id), w.rt.ToValue(wt.p)); err != nil {
					w.log.Error("cancelling a request", "error", errorText(err))
				}
				break
			}
		}
	}
	if _, err := w.js.cancel(nil, w.rt.ToValue(ex.id)); err != nil {
		w.log.Error("cancelling a request", "error", errorText(err))
	}
	if !ex.settled {
		w.forget(ex)
		w.closeIfIdle()
	}
}

// finish runs after the response has been written: after() callbacks run.
func (w *worker) finish(ex *exchange) {
	if _, ok := w.exchanges[ex.id]; !ok {
		return
	}
	if _, err := w.js.finished(nil, w.rt.ToValue(ex.id)); err != nil {
		w.log.Error("finishing a request", "error", errorText(err))
	}
	w.forget(ex)
	w.closeIfIdle()
}

// ask calls a runtime function that answers through a callback, fn(args…,
// done) with done(err, value), on the worker's loop, and waits for the
// answer (read by convert, on the loop), ctx, or limit. Start-up uses it
// to load route modules (describe, preload, generateStaticParams), which
// may await at their top: the loop runs meanwhile.
func (w *worker) ask(ctx context.Context, limit time.Duration, fn goja.Callable, convert func(goja.Value) error, args ...any) error {
	ch := make(chan error, 1)
	w.Enqueue(func() {
		done := func(call goja.FunctionCall) goja.Value {
			if e := call.Argument(0); !goja.IsNull(e) && !goja.IsUndefined(e) {
				ch <- errors.New(errorText(e))
				return goja.Undefined()
			}
			ch <- convert(call.Argument(1))
			return goja.Undefined()
		}
		vals := make([]goja.Value, 0, len(args)+1)
		for _, a := range args {
			vals = append(vals, w.rt.ToValue(a))
		}
		if _, err := fn(nil, append(vals, w.rt.ToValue(done))...); err != nil {
			ch <- errors.New(errorText(err))
		}
	})
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-w.done:
		return errors.New("the worker stopped")
	case <-time.After(limit):
		return fmt.Errorf("did not settle within %v", limit)
	}
}

// describe loads route index's module on w and returns what it exports.
func (w *worker) describe(ctx context.Context, index int) (routeExports, error) {
	var e routeExports
	err := w.ask(ctx, startTimeout, w.js.describe, func(v goja.Value) error {
		o := v.ToObject(w.rt)
		if err := w.rt.ExportTo(o.Get("methods"), &e.Methods); err != nil {
			return err
		}
		e.Config, _ = o.Get("config").Export().(map[string]any)
		e.StaticParams = o.Get("generateStaticParams").ToBoolean()
		return nil
	}, index)
	return e, err
}

// preload loads every route's module on w, as Options.Preload asks: what
// fails is logged (its route answers 500, as on a first request), and the
// worker serves on.
func (w *worker) preload(ctx context.Context, files []string) error {
	return w.ask(ctx, preloadTimeout, w.js.preload, func(v goja.Value) error {
		var errs []goja.Value
		_ = w.rt.ExportTo(v, &errs)
		for i, e := range errs {
			if e != nil && !goja.IsNull(e) && !goja.IsUndefined(e) && i < len(files) {
				w.log.Error("loading a route module failed", "route", files[i], "error", errorText(e))
			}
		}
		return nil
	})
}
