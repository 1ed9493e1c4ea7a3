package timers

import (
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// testLoop runs a runtime's jobs on the test's goroutine (see run). As
// the worker's loop does, it gives the time its running job started as
// Now: timers set in one run of code count from the same instant however
// long the run takes (with the wall clock, "ties as set" failed once under
// load: a pause of 10 ms between two statements reordered their timers).
type testLoop struct {
	jobs  chan func()
	jobAt time.Time
}

func (l *testLoop) Enqueue(f func())      { l.jobs <- f }
func (l *testLoop) Check(err error) error { return err }
func (l *testLoop) Now() time.Time {
	if l.jobAt.IsZero() {
		return time.Now()
	}
	return l.jobAt
}

// job runs f as one job of the loop.
func (l *testLoop) job(f func()) {
	l.jobAt = time.Now()
	defer func() { l.jobAt = time.Time{} }()
	f()
}

// run runs the loop's jobs until cond holds or the time is up.
func (l *testLoop) run(t *testing.T, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.After(d)
	for !cond() {
		select {
		case f := <-l.jobs:
			l.job(f)
		case <-deadline:
			t.Fatal("timed out")
		}
	}
}

// timersRuntime is a runtime with setTimeout & co. as the runtime's
// timers.js defines them over the host functions.
func timersRuntime(t *testing.T) (*goja.Runtime, *testLoop, *Timers) {
	rt := goja.New()
	loop := &testLoop{jobs: make(chan func(), 1024)}
	var actx bridge.AsyncContext
	host := rt.NewObject()
	actx.Install(rt, host)
	tm := Install(&bridge.Env{RT: rt, Host: host, Loop: loop, Context: &actx}, func(err error) { t.Errorf("callback threw: %v", err) })
	_ = rt.Set("host", host)
	if _, err := rt.RunString(`
		const setTimeout = (f, ms) => host.timerStart(f, ms, false);
		const setInterval = (f, ms) => host.timerStart(f, ms, true);
		const clearTimeout = (id) => host.timerClear(id);
		const refresh = (id) => host.timerRefresh(id);
		var log = [];`); err != nil {
		t.Fatal(err)
	}
	return rt, loop, tm
}

func TestTimersOrder(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"deadline order, ties as set", `
			setTimeout(() => log.push('c'), 30); setTimeout(() => log.push('a'), 10);
			setTimeout(() => log.push('b1'), 20); setTimeout(() => log.push('b2'), 20); setTimeout(() => log.push('b3'), 20);`,
			"a b1 b2 b3 c"},
		{"a callback clears a later due one", `
			let later; setTimeout(() => { log.push('first'); clearTimeout(later) }, 5); later = setTimeout(() => log.push('later'), 5);
			setTimeout(() => log.push('end'), 30);`,
			"first end"},
		// The refreshed timer runs a whole delay after the refresh: after a
		// 1 ms timer the refreshing callback starts, which without the
		// refresh it would precede (it was due already). Timers run in the
		// order of their due times, so this holds however late the loop
		// runs; measuring the delay with Date.now() in the callbacks failed
		// twice under load (the callback may start well after its job,
		// whose start the delay counts from, as Node's from its loop time).
		{"a callback refreshes a later due one", `
			let later;
			setTimeout(() => { log.push('first'); refresh(later); setTimeout(() => log.push('1 ms'), 1) }, 5);
			later = setTimeout(() => log.push('later'), 5);`,
			"first 1 ms later"},
		{"an interval repeats until cleared", `
			let n = 0; const id = setInterval(() => { log.push('i' + ++n); if (n === 3) { clearTimeout(id); setTimeout(() => log.push('end'), 20) } }, 5);`,
			"i1 i2 i3 end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, loop, tm := timersRuntime(t)
			var err error
			loop.job(func() { _, err = rt.RunString(tt.script) })
			if err != nil {
				t.Fatal(err)
			}
			loop.run(t, 5*time.Second, func() bool { return tm.pending() == 0 })
			got := rt.Get("log").Export().([]any)
			parts := make([]string, len(got))
			for i, v := range got {
				parts[i] = v.(string)
			}
			if strings.Join(parts, " ") != tt.want {
				t.Errorf("ran %q, want %q", strings.Join(parts, " "), tt.want)
			}
		})
	}
}

// 100,000 long timers beside a 1 ms interval: each firing looks at the
// heap's head only (it used to scan every timer: 120% CPU idle), and
// clearing them all leaves nothing behind.
func TestManyTimers(t *testing.T) {
	rt, loop, tm := timersRuntime(t)
	if _, err := rt.RunString(`
		var ids = [];
		for (let i = 0; i < 100000; i++) ids.push(setTimeout(() => log.push('never'), 3600000 + i));
		var ticks = 0; var iv = setInterval(() => { ticks++ }, 1);`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	loop.run(t, 10*time.Second, func() bool { return rt.Get("ticks").ToInteger() >= 50 })
	t.Logf("50 interval ticks beside 100k timers in %v", time.Since(start))
	if _, err := rt.RunString(`for (const id of ids) clearTimeout(id); clearTimeout(iv)`); err != nil {
		t.Fatal(err)
	}
	if tm.pending() != 0 || len(tm.queue) != 0 {
		t.Errorf("%d timers, %d queued after clearing them all", tm.pending(), len(tm.queue))
	}
}
