package bridge

import "github.com/dop251/goja"

// AsyncContext carries the current async context of a runtime across
// promise jobs and timers. It implements goja.AsyncContextTracker: goja
// calls Grab when it queues a promise reaction and Resumed/Exited around the
// reaction, so the context in force when a continuation was scheduled is
// the one in force when it runs. AsyncLocalStorage is built on it.
//
// The context value itself is opaque here (the JS side uses an immutable Map).
type AsyncContext struct {
	current goja.Value
}

// Grab implements goja.AsyncContextTracker.
func (a *AsyncContext) Grab() any { return a.current }

// Resumed implements goja.AsyncContextTracker.
func (a *AsyncContext) Resumed(v any) {
	a.current, _ = v.(goja.Value)
}

// Exited implements goja.AsyncContextTracker.
func (a *AsyncContext) Exited() { a.current = nil }

// Current returns the context in force now, for callbacks that Go schedules.
func (a *AsyncContext) Current() goja.Value { return a.current }

// Run calls f with ctx as the current context, restoring the previous one after.
func (a *AsyncContext) Run(ctx goja.Value, f func()) {
	prev := a.current
	a.current = ctx
	defer func() { a.current = prev }()
	f()
}

// Install registers the tracker with rt and adds ctxGet/ctxSet for the JS side.
func (a *AsyncContext) Install(rt *goja.Runtime, host *goja.Object) {
	rt.SetAsyncContextTracker(a)
	Set(rt, host, "ctxGet", func(goja.FunctionCall) goja.Value {
		if a.current == nil {
			return goja.Undefined()
		}
		return a.current
	})
	Set(rt, host, "ctxSet", func(call goja.FunctionCall) goja.Value {
		v := call.Argument(0)
		if goja.IsUndefined(v) || goja.IsNull(v) {
			a.current = nil
		} else {
			a.current = v
		}
		return goja.Undefined()
	})
}
