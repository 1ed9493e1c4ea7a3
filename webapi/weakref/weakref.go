// Package weakref is the Go half of WeakRef and FinalizationRegistry, which
// goja lacks: a JS object is a Go value (*goja.Object), so Go's weak
// pointers (package weak) and cleanups (runtime.AddCleanup) give the real
// semantics: a WeakRef's target is collected once nothing else holds it,
// and a registry's callback then runs on the loop with the held value.
package weakref

import (
	"runtime"
	"weak"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// Refs holds one runtime's weak references' state (loop-owned).
type Refs struct {
	env *bridge.Env
	// kept are the targets of WeakRefs made or dereferenced in the running
	// job: the spec keeps them alive until the job ends (KeepDuringJob),
	// so a WeakRef made and read in one run of code always gives its target.
	kept     []*goja.Object
	clearing bool
	tokens   map[weak.Pointer[goja.Object]][]int // registrations by unregister token
	// pending are every registration's cleanup, by number, until it runs
	// or Stop stops it. A cleanup's function holds the loop and the
	// callback, so its record reaches the JS runtime: one whose target
	// the runtime still held at its end kept the whole runtime alive
	// after the worker had gone. Stop ends them all.
	pending map[int]runtime.Cleanup
	nextID  int
	stopped bool
}

// ref is a WeakRef's Go half.
type ref struct{ p weak.Pointer[goja.Object] }

// Install adds weakRef(target), weakDeref(ref), finalizationRegister(
// callback, target, held, token) and finalizationUnregister(token).
func Install(env *bridge.Env) *Refs {
	r := &Refs{env: env, tokens: map[weak.Pointer[goja.Object]][]int{}, pending: map[int]runtime.Cleanup{}}
	rt := env.RT
	bridge.Set(rt, env.Host, "weakRef", func(call goja.FunctionCall) goja.Value {
		o := call.Argument(0).(*goja.Object)
		r.keep(o)
		return rt.ToValue(&ref{p: weak.Make(o)})
	})
	bridge.Set(rt, env.Host, "weakDeref", func(call goja.FunctionCall) goja.Value {
		w, ok := call.Argument(0).Export().(*ref)
		if !ok {
			bridge.ThrowTypeError(rt, "not a WeakRef")
		}
		o := w.p.Value()
		if o == nil {
			return goja.Undefined()
		}
		r.keep(o)
		return o
	})
	bridge.Set(rt, env.Host, "finalizationRegister", func(call goja.FunctionCall) goja.Value {
		cb, target, held, token := call.Argument(0), call.Argument(1).(*goja.Object), call.Argument(2), call.Argument(3)
		loop := env.Loop
		r.nextID++
		c := runtime.AddCleanup(target, func(id int) {
			loop.Enqueue(func() {
				if !r.stopped {
					delete(r.pending, id)
					bridge.CallBack(loop, cb, held)
				}
			})
		}, r.nextID)
		r.pending[r.nextID] = c
		if t, ok := token.(*goja.Object); ok {
			k := weak.Make(t)
			r.tokens[k] = append(r.tokens[k], r.nextID)
		}
		return goja.Undefined()
	})
	bridge.Set(rt, env.Host, "finalizationUnregister", func(call goja.FunctionCall) goja.Value {
		t, ok := call.Argument(0).(*goja.Object)
		if !ok {
			return rt.ToValue(false)
		}
		k := weak.Make(t)
		ids := r.tokens[k]
		delete(r.tokens, k)
		removed := false
		for _, id := range ids {
			if c, ok := r.pending[id]; ok {
				c.Stop()
				delete(r.pending, id)
				removed = true
			}
		}
		return rt.ToValue(removed)
	})
	return r
}

// keep holds o until the running job ends.
func (r *Refs) keep(o *goja.Object) {
	r.kept = append(r.kept, o)
	if !r.clearing {
		r.clearing = true
		r.env.Loop.Enqueue(func() { // runs after the running job
			r.kept, r.clearing = nil, false
		})
	}
}

// Stop drops what is pending: the runtime is going away, and its
// finalization callbacks must not run.
func (r *Refs) Stop() {
	r.stopped = true
	for id, c := range r.pending {
		c.Stop()
		delete(r.pending, id)
	}
	clear(r.tokens)
	r.kept = nil
}
