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
	cleanups map[weak.Pointer[goja.Object]][]runtime.Cleanup // by unregister token
	stopped  bool
}

// ref is a WeakRef's Go half.
type ref struct{ p weak.Pointer[goja.Object] }

// Install adds weakRef(target), weakDeref(ref), finalizationRegister(
// callback, target, held, token) and finalizationUnregister(token).
func Install(env *bridge.Env) *Refs {
	r := &Refs{env: env, cleanups: map[weak.Pointer[goja.Object]][]runtime.Cleanup{}}
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
		c := runtime.AddCleanup(target, func(struct{}) {
			loop.Enqueue(func() {
				if !r.stopped {
					bridge.CallBack(loop, cb, held)
				}
			})
		}, struct{}{})
		if t, ok := token.(*goja.Object); ok {
			k := weak.Make(t)
			r.cleanups[k] = append(r.cleanups[k], c)
		}
		return goja.Undefined()
	})
	bridge.Set(rt, env.Host, "finalizationUnregister", func(call goja.FunctionCall) goja.Value {
		t, ok := call.Argument(0).(*goja.Object)
		if !ok {
			return rt.ToValue(false)
		}
		k := weak.Make(t)
		cs := r.cleanups[k]
		delete(r.cleanups, k)
		for _, c := range cs {
			c.Stop()
		}
		return rt.ToValue(len(cs) > 0)
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
	for k, cs := range r.cleanups {
		for _, c := range cs {
			c.Stop()
		}
		delete(r.cleanups, k)
	}
	r.kept = nil
}
