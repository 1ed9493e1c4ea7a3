package webapi

import (
	"sort"
	"time"

	"github.com/dop251/goja"
)

// Timers runs setTimeout and setInterval callbacks on a runtime's event
// loop. Go keeps the clock (time.AfterFunc); when a timer fires, its
// callback is queued on the loop with the async context of the code that
// set it, as Node's timers keep AsyncLocalStorage.
type Timers struct {
	loop   Loop
	ctx    *AsyncContext
	onErr  func(error)
	active map[int64]*timer
}

type timer struct {
	id     int64
	t      *time.Timer
	fn     goja.Callable
	ctx    goja.Value
	when   time.Time // when it is next due
	every  time.Duration
	repeat bool
}

// NewTimers returns the timers of one runtime. onErr receives the
// exceptions that callbacks throw.
func NewTimers(loop Loop, ctx *AsyncContext, onErr func(error)) *Timers {
	return &Timers{loop: loop, ctx: ctx, onErr: onErr, active: map[int64]*timer{}}
}

// Pending reports how many timers are set.
func (t *Timers) Pending() int { return len(t.active) }

// Stop cancels every timer (the runtime is going away).
func (t *Timers) Stop() {
	for id, tm := range t.active {
		tm.t.Stop()
		delete(t.active, id)
	}
}

// Install adds timerStart, timerClear and timerRefresh.
func (t *Timers) Install(rt *goja.Runtime, host *goja.Object) {
	set(rt, host, "timerStart", func(call goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			throwTypeError(rt, "timer callback is not a function")
		}
		d := time.Duration(call.Argument(1).ToFloat() * float64(time.Millisecond))
		id := NewHandle(t.active)
		tm := &timer{id: id, fn: fn, ctx: t.ctx.Current(), when: time.Now().Add(d), every: d, repeat: call.Argument(2).ToBoolean()}
		t.active[id] = tm
		tm.t = time.AfterFunc(d, func() { t.loop.Enqueue(t.runDue) })
		return rt.ToValue(id)
	})
	set(rt, host, "timerClear", func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).ToInteger()
		if tm, ok := t.active[id]; ok {
			tm.t.Stop()
			delete(t.active, id)
		}
		return goja.Undefined()
	})
	set(rt, host, "timerRefresh", func(id int64) {
		if tm, ok := t.active[id]; ok {
			tm.when = time.Now().Add(tm.every)
			tm.t.Reset(tm.every)
		}
	})
}

// runDue runs every timer that is due, earliest first (ties in the order
// they were set), so callbacks run in deadline order as in Node, whatever
// order the Go timers' goroutines woke in.
func (t *Timers) runDue() {
	now := time.Now()
	var due []*timer
	for _, tm := range t.active {
		if !tm.when.After(now) {
			due = append(due, tm)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		if !due[i].when.Equal(due[j].when) {
			return due[i].when.Before(due[j].when)
		}
		return due[i].id < due[j].id
	})
	for _, tm := range due {
		if t.active[tm.id] != tm {
			continue // cleared by a callback that ran before it
		}
		if tm.repeat {
			tm.when = tm.when.Add(tm.every)
			if tm.when.Before(now) {
				tm.when = now.Add(tm.every)
			}
			tm.t.Reset(time.Until(tm.when))
		} else {
			delete(t.active, tm.id)
		}
		t.ctx.Run(tm.ctx, func() {
			if _, err := tm.fn(goja.Undefined()); t.loop.Check(err) != nil {
				t.onErr(err)
			}
		})
	}
}
