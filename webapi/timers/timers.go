package timers

import (
	"container/heap"
	"time"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// Timers runs setTimeout and setInterval callbacks on a runtime's event
// loop. The timers wait in a heap ordered by deadline, and one Go timer
// (clock) wakes the loop for the earliest: when it fires, every due
// callback is queued on the loop, in deadline order (ties in the order
// they were set), each with the async context of the code that set it, as
// Node's timers keep AsyncLocalStorage.
//
// A Go timer per JS timer, and a scan of them all at each firing, cost
// 1.15 GB for 1e6 pending setTimeouts and 120% CPU for one setInterval(f,
// 1) beside 100k long timers; the heap costs a small struct per timer and
// O(log n) per change.
type Timers struct {
	loop   bridge.Loop
	ctx    *bridge.AsyncContext
	onErr  func(error)
	active map[int64]*timer
	queue  timerHeap
	clock  *time.Timer // fires at the head's deadline; nil until first set
	armed  time.Time   // the deadline clock is set for (zero: stopped)
	seq    uint64      // the order timers were set in, for ties
}

type timer struct {
	id     int64
	seq    uint64
	fn     goja.Callable
	ctx    goja.Value
	when   time.Time // when it is next due
	every  time.Duration
	repeat bool
	index  int // in the heap
}

// Install adds the Go half of setTimeout & co. and of performance.now()
// (the clock starts now). onErr receives the exceptions that callbacks
// throw; Stop on the result cancels every timer.
func Install(env *bridge.Env, onErr func(error)) *Timers {
	t := newTimers(env.Loop, env.Context, onErr)
	t.install(env.RT, env.Host)
	installClock(env.RT, env.Host, time.Now())
	return t
}

// newTimers returns the timers of one runtime.
func newTimers(loop bridge.Loop, ctx *bridge.AsyncContext, onErr func(error)) *Timers {
	return &Timers{loop: loop, ctx: ctx, onErr: onErr, active: map[int64]*timer{}}
}

// pending reports how many timers are set.
func (t *Timers) pending() int { return len(t.active) }

// Stop cancels every timer (the runtime is going away).
func (t *Timers) Stop() {
	clear(t.active)
	t.queue = nil
	if t.clock != nil {
		t.clock.Stop()
	}
	t.armed = time.Time{}
}

// install adds timerStart, timerClear and timerRefresh.
func (t *Timers) install(rt *goja.Runtime, host *goja.Object) {
	bridge.Set(rt, host, "timerStart", func(call goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			bridge.ThrowTypeError(rt, "timer callback is not a function")
		}
		d := time.Duration(call.Argument(1).ToFloat() * float64(time.Millisecond))
		t.seq++
		tm := &timer{id: bridge.NewHandle(t.active), seq: t.seq, fn: fn, ctx: t.ctx.Current(), when: t.loop.Now().Add(d), every: d, repeat: call.Argument(2).ToBoolean()}
		t.active[tm.id] = tm
		heap.Push(&t.queue, tm)
		t.arm()
		return rt.ToValue(tm.id)
	})
	bridge.Set(rt, host, "timerClear", func(call goja.FunctionCall) goja.Value {
		if tm, ok := t.active[call.Argument(0).ToInteger()]; ok {
			delete(t.active, tm.id)
			if tm.index >= 0 { // not one that is due and waiting to run
				heap.Remove(&t.queue, tm.index)
				t.arm()
			}
		}
		return goja.Undefined()
	})
	bridge.Set(rt, host, "timerRefresh", func(call goja.FunctionCall) goja.Value {
		if tm, ok := t.active[call.Argument(0).ToInteger()]; ok {
			tm.when = t.loop.Now().Add(tm.every)
			if tm.index >= 0 {
				heap.Fix(&t.queue, tm.index)
			} else {
				heap.Push(&t.queue, tm) // due, not yet run: due again later
			}
			t.arm()
		}
		return goja.Undefined()
	})
}

// arm sets the clock for the earliest deadline, if it is not set for it.
func (t *Timers) arm() {
	if len(t.queue) == 0 {
		if t.clock != nil {
			t.clock.Stop()
		}
		t.armed = time.Time{}
		return
	}
	next := t.queue[0].when
	if next.Equal(t.armed) {
		return
	}
	t.armed = next
	if t.clock == nil {
		t.clock = time.AfterFunc(time.Until(next), func() { t.loop.Enqueue(t.runDue) })
		return
	}
	t.clock.Reset(time.Until(next))
}

// runDue runs every timer that is due, earliest first, so callbacks run in
// deadline order as in Node. A repeating timer is due again one period
// later (or a period from now, if it fell behind); a one-shot one stays
// in active until it runs, so that a callback before it can clear it.
func (t *Timers) runDue() {
	t.armed = time.Time{}
	now := time.Now()
	var due []*timer
	for len(t.queue) > 0 && !t.queue[0].when.After(now) {
		tm := heap.Pop(&t.queue).(*timer)
		due = append(due, tm)
		if tm.repeat {
			tm.when = tm.when.Add(tm.every)
			if tm.when.Before(now) {
				tm.when = now.Add(tm.every)
			}
			t.seq++
			tm.seq = t.seq
			heap.Push(&t.queue, tm)
		}
	}
	t.arm()
	for _, tm := range due {
		if t.active[tm.id] != tm {
			continue // cleared by a callback that ran before it
		}
		if !tm.repeat {
			if tm.index >= 0 {
				continue // refreshed by a callback before it: due later
			}
			delete(t.active, tm.id)
		}
		t.ctx.Run(tm.ctx, func() {
			if _, err := tm.fn(goja.Undefined()); t.loop.Check(err) != nil {
				t.onErr(err)
			}
		})
	}
}

// timerHeap orders timers by deadline, then by the order they were set.
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if !h[i].when.Equal(h[j].when) {
		return h[i].when.Before(h[j].when)
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	tm := x.(*timer)
	tm.index = len(*h)
	*h = append(*h, tm)
}
func (h *timerHeap) Pop() any {
	old := *h
	tm := old[len(old)-1]
	old[len(old)-1] = nil
	tm.index = -1
	*h = old[:len(old)-1]
	return tm
}
