package weakref

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// queue is a loop whose jobs the test runs itself.
type queue struct {
	mu   sync.Mutex
	jobs []func()
}

func (q *queue) Enqueue(f func()) {
	q.mu.Lock()
	q.jobs = append(q.jobs, f)
	q.mu.Unlock()
}
func (q *queue) Now() time.Time        { return time.Now() }
func (q *queue) Check(err error) error { return err }

// run runs the jobs queued so far, and says how many there were.
func (q *queue) run() int {
	q.mu.Lock()
	jobs := q.jobs
	q.jobs = nil
	q.mu.Unlock()
	for _, f := range jobs {
		f()
	}
	return len(jobs)
}

func newRefs(t *testing.T) (*Refs, *goja.Runtime, *queue) {
	rt := goja.New()
	host := rt.NewObject()
	q := &queue{}
	r := Install(&bridge.Env{RT: rt, Host: host, Loop: q})
	if err := rt.Set("host", host); err != nil {
		t.Fatal(err)
	}
	return r, rt, q
}

// collect collects until done says so, running the queued jobs, for up to
// 5 s.
func collect(q *queue, done func() bool) {
	for deadline := time.Now().Add(5 * time.Second); !done() && time.Now().Before(deadline); {
		runtime.GC()
		q.run()
		time.Sleep(5 * time.Millisecond)
	}
}

// A registration goes once its callback has run, and with it its number
// in its token's list: a target that is its own token (the usual way to
// unregister) left its token's key behind, one per registration.
func TestRegistrationsGo(t *testing.T) {
	r, rt, q := newRefs(t)
	if _, err := rt.RunString(`globalThis.called = 0;
for (let i = 0; i < 200; i++) { const o = {}; host.finalizationRegister(() => called++, o, i, o); }`); err != nil {
		t.Fatal(err)
	}
	called := func() int64 { return rt.Get("called").ToInteger() }
	collect(q, func() bool { return called() == 200 })
	if called() != 200 || len(r.pending) != 0 || len(r.tokens) != 0 {
		t.Errorf("after 200 targets collected: %d callbacks, %d registrations and %d tokens left", called(), len(r.pending), len(r.tokens))
	}
}

// A registration unregistered after its target was collected, but before
// its callback ran, gets no callback (the spec's cleanup walks only the
// cells still registered), and unregister says it removed one.
func TestUnregisteredBeforeItsCallback(t *testing.T) {
	r, rt, q := newRefs(t)
	if _, err := rt.RunString(`globalThis.called = 0; globalThis.token = {};
(() => { host.finalizationRegister(() => called++, {}, 'held', token); })();`); err != nil {
		t.Fatal(err)
	}
	// Collect until the cleanup has queued its job, without running it.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		runtime.GC()
		q.mu.Lock()
		n := len(q.jobs)
		q.mu.Unlock()
		if n > 0 {
			break
		}
	}
	v, err := rt.RunString(`host.finalizationUnregister(token)`)
	if err != nil {
		t.Fatal(err)
	}
	if q.run() == 0 {
		t.Fatal("the target was not collected")
	}
	if !v.ToBoolean() || rt.Get("called").ToInteger() != 0 || len(r.pending) != 0 || len(r.tokens) != 0 {
		t.Errorf("unregister gave %v, the callback ran %d times; %d registrations and %d tokens left", v, rt.Get("called").ToInteger(), len(r.pending), len(r.tokens))
	}
}
