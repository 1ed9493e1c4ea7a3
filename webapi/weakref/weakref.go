// Package weakref is the Go half of WeakRef and FinalizationRegistry, which
// goja lacks: a JS object is a Go value (*goja.Object), so Go's weak
// pointers (package weak) and cleanups (runtime.AddCleanup) give the real
// semantics: a WeakRef's target is collected once nothing else holds it,
// and a registry's callback then runs on the loop with the held value.
package weakref

import (
	"runtime"
	"slices"
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
	// pending are every registration, by number, until its cleanup runs,
	// it is unregistered, or Stop stops it. A cleanup's function holds the
	// loop and the callback, so its record reaches the JS runtime: one
	// whose target the runtime still held at its end kept the whole
	// runtime alive after the worker had gone. Stop ends them all.
	pending map[int]registration
	nextID  int
	stopped bool
}

// registration is a FinalizationRegistry registration: its cleanup, and
// its unregister token's key in tokens (zero without one), whose list
// drops it when the cleanup runs.
type registration struct {
	cleanup runtime.Cleanup
	token   weak.Pointer[goja.Object]
}

// ref is a WeakRef's Go half.
type ref struct{ p weak.Pointer[goja.Object] }

// Install adds weakRef(target), weakDeref(ref), finalizationRegister(
// callback, target, held, token) and finalizationUnregister(token).
func Install(env *bridge.Env) *Refs {
	r := &Refs{env: env, tokens: map[weak.Pointer[goja.Object]][]int{}, pending: map[int]registration{}}
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
		reg := registration{cleanup: runtime.AddCleanup(target, func(id int) {
			loop.Enqueue(func() {
				// Unregistered since the target was collected: no callback.
				if _, ok := r.pending[id]; ok && !r.stopped {
					r.forget(id)
					bridge.CallBack(loop, cb, held)
				}
			})
		}, r.nextID)}
		if t, ok := token.(*goja.Object); ok {
			// Often the target itself: its key outlives it, and goes with
			// its last registration.
			reg.token = weak.Make(t)
			r.tokens[reg.token] = append(r.tokens[reg.token], r.nextID)
		}
		r.pending[r.nextID] = reg
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
		for _, id := range ids {
			r.pending[id].cleanup.Stop()
			delete(r.pending, id)
		}
		return rt.ToValue(len(ids) > 0)
	})
	return r
}

// forget drops registration id, and its number from its token's list.
func (r *Refs) forget(id int) {
	reg := r.pending[id]
	delete(r.pending, id)
	if reg.token == (weak.Pointer[goja.Object]{}) {
		return
	}
	ids := slices.DeleteFunc(r.tokens[reg.token], func(x int) bool { return x == id })
	if len(ids) == 0 {
		delete(r.tokens, reg.token)
	} else {
		r.tokens[reg.token] = ids
	}
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
	for id, reg := range r.pending {
		reg.cleanup.Stop()
		delete(r.pending, id)
	}
	clear(r.tokens)
	r.kept = nil
}
