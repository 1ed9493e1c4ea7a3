package jsrt

import (
	"context"
	"errors"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// pool is the handler's workers. A worker can be replaced while requests
// run: after a runaway handler (interrupted), after a number of requests
// (recycled), or when the heap passes its limit. New requests go to the
// replacement at once; what happens to the old worker's requests depends on
// why it was replaced (see retire).
type pool struct {
	cfg     *shared
	mu      sync.Mutex
	workers atomic.Pointer[[]*worker]
	nextID  int
	// maxRequests recycles a worker after this many requests (0: never).
	maxRequests int64
	// heapLimit is the heap size past which a busy worker is stopped (0: none).
	heapLimit uint64
	stop      chan struct{}
	done      chan struct{}
	onReplace func(old *worker, reason string)
	// replaced is closed (and made anew) whenever a worker is replaced:
	// pick waits on it when every worker is broken.
	replaced atomic.Pointer[chan struct{}]
}

func newPool(cfg *shared, n int, maxRequests int64, heapLimit uint64) (*pool, error) {
	p := &pool{cfg: cfg, maxRequests: maxRequests, heapLimit: heapLimit, stop: make(chan struct{}), done: make(chan struct{})}
	first := make(chan struct{})
	p.replaced.Store(&first)
	cfg.onBroken = func(w *worker, reason string) { p.replace(w, reason) }
	// Workers start in parallel: each runs the whole program once, the
	// largest part of a cold start after compiling it.
	list := make([]*worker, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { list[i], errs[i] = newWorker(i, cfg) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, w := range list {
			if w != nil {
				w.close()
			}
		}
		return nil, err
	}
	p.nextID = n
	p.workers.Store(&list)
	go p.watch()
	return p, nil
}

func (p *pool) list() []*worker { return *p.workers.Load() }

// pickBusy is how long a worker may have been in one job and still be
// picked: a loop in one long job (a CPU-bound handler, an after()
// callback that computes, a request whose client left) serves nothing
// else until it ends, whatever its request count says.
const pickBusy = 20 * time.Millisecond

// pick returns the worker for a new request: the least loaded of those
// whose loop is free or only just busy; when every loop is stuck, the one
// that has been busy the shortest. The request count alone sent new
// requests to a stuck worker: it drops to 0 when a response is sent or a
// client leaves while the loop is still busy.
func (p *pool) pick(ctx context.Context) *worker {
	for {
		w, broken := p.choose()
		if !broken {
			return w
		}
		// Every worker is broken (a stack overflow left the runtime
		// unusable) or spent (recycled): its replacement is being made, in
		// a few ms. Sent to the broken one, the request was a 503 under
		// load; to the spent one, it was served past the quota.
		select {
		case <-*p.replaced.Load():
		case <-ctx.Done():
			return w
		case <-time.After(startTimeout):
			return w
		}
	}
}

// choose is pick's choice now, and whether it is a worker to wait past
// (broken, or spent: recycled).
func (p *pool) choose() (*worker, bool) {
	list := p.list()
	var best, least *worker
	var min int64
	var shortest time.Duration
	for _, w := range list {
		busy := w.busyFor()
		if busy < pickBusy && !w.unusable() {
			if l := w.load.Load(); best == nil || l < min {
				best, min = w, l
			}
		} else if least == nil || busy < shortest {
			least, shortest = w, busy
		}
	}
	if best != nil {
		return best, false
	}
	return least, least != nil && least.unusable()
}

// Reasons a worker is replaced.
const (
	reasonTimeout  = "a handler ran past its time limit without yielding"
	reasonHeap     = "the heap passed its limit while the worker was busy"
	reasonRecycled = "recycled after its request quota"
	// An uncatchable stack overflow (see worker.Check).
	reasonStackOverflow = "a stack overflow (RangeError: Maximum call stack size exceeded) left its runtime unusable"
	// A Go panic escaped one of its jobs (see worker.runJob).
	reasonPanic = "a Go panic in a job may have left its runtime inconsistent"
)

// replace puts a fresh worker in old's place. A worker that was stopped
// (interrupted) fails the requests it still holds with 503; a recycled one
// finishes them first. It reports false when old was already replaced.
func (p *pool) replace(old *worker, reason string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	list := p.list()
	at := -1
	for i, w := range list {
		if w == old {
			at = i
		}
	}
	if at < 0 {
		return false
	}
	fresh, err := newWorker(p.nextID, p.cfg)
	if err != nil {
		old.log.Error("could not start a replacement worker", "error", err)
		return false
	}
	p.nextID++
	next := append([]*worker(nil), list...)
	next[at] = fresh
	p.workers.Store(&next)
	old.log.Warn("worker replaced", "reason", reason, "replacement", fresh.id)
	ch := make(chan struct{})
	close(*p.replaced.Swap(&ch))
	if reason == reasonRecycled {
		old.retireWhenIdle()
	} else {
		old.abandon(reason)
	}
	if p.onReplace != nil {
		p.onReplace(old, reason)
	}
	return true
}

// watch samples the heap and stops a busy worker when it passes the limit:
// a handler allocating without bound is stopped before the process dies.
func (p *pool) watch() {
	defer close(p.done)
	if p.heapLimit == 0 {
		<-p.stop
		return
	}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var collected time.Time
	// stopped is the worker the guard stopped last, until its loop has
	// ended (or 5 s have passed): what it allocated is live until then,
	// and must not get the next busy worker stopped too.
	var stopped *worker
	var stoppedAt time.Time
	// suspect is the busiest worker at the last decision, the job it was
	// in and the live heap then: it is stopped only if, in the same job,
	// the live heap grew since. Memory that other workers hold (every
	// route's module state in every worker, with Options.Preload) or that
	// the busy worker held before its job stops nobody.
	var suspect *worker
	var suspectJob int64
	var suspectLive uint64
	warned := false
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
		if stopped != nil {
			select {
			case <-stopped.done:
				stopped, collected = nil, time.Time{} // collect before deciding again
			default:
				if time.Since(stoppedAt) < 5*time.Second {
					continue
				}
				stopped = nil
			}
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 || sample[0].Value.Uint64() < p.heapLimit {
			continue
		}
		// Past the limit counting garbage: decide on what is live. A
		// collection tells, at most four times a second (a hog meanwhile
		// makes the collector run by itself); after one request that made
		// 1e6 timers, its garbage kept the heap past the limit for a
		// minute, and every request busy for 20 ms was stopped with 503.
		if time.Since(collected) <= 250*time.Millisecond {
			continue // the live heap is as the last collection left it
		}
		runtime.GC()
		collected = time.Now()
		metrics.Read(live)
		if live[0].Value.Kind() != metrics.KindUint64 || live[0].Value.Uint64() < p.heapLimit {
			continue
		}
		// The worker that has been running one job the longest, while the
		// live heap grows, is the one allocating: nothing else runs long
		// on a loop.
		var busiest *worker
		var longest time.Duration
		for _, w := range p.list() {
			if d := w.busyFor(); d > longest {
				busiest, longest = w, d
			}
		}
		now := live[0].Value.Uint64()
		if busiest == nil || longest <= 20*time.Millisecond {
			suspect = nil
			continue
		}
		job := busiest.jobStart.Load()
		switch {
		case busiest == suspect && job == suspectJob && now > suspectLive+1<<20:
			if p.replace(busiest, reasonHeap) {
				stopped, stoppedAt, suspect = busiest, time.Now(), nil
			}
			continue
		case busiest == suspect && job == suspectJob && !warned:
			warned = true
			p.cfg.logger.Warn("the live heap is past the heap limit while no worker is allocating: what the workers hold (module state, caches) needs a higher limit", "live_mb", now>>20, "limit_mb", p.heapLimit>>20)
		}
		suspect, suspectJob, suspectLive = busiest, job, now
	}
}

func (p *pool) close() {
	select {
	case <-p.stop:
		return
	default:
		close(p.stop)
	}
	<-p.done
	for _, w := range p.list() {
		w.close()
	}
}
