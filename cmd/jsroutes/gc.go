package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// The garbage collector's settings for the process.
const (
	// gcPercent: a worker's heap is mostly the runtime's long-lived
	// objects, and a request allocates many short-lived ones: collecting
	// at 3× the live heap instead of 2× halves GC work for a few MiB (see
	// BENCHMARKS.md).
	gcPercent = 200
	// startupHeap bounds the heap while the server starts, when the
	// collector is otherwise off: start-up parses and compiles the
	// runtime and the app, and Go's collector, starting from a 4 MiB
	// heap, would mark the growing program over and over (measured: a
	// prebuilt app's cold start 29.5 → 25.5 ms without it).
	startupHeap = 32 << 20
	// startupGrace is how long after the server is ready the collector
	// stays off, so that its first cycle does not fall on the first
	// requests; graceHeap bounds the heap meanwhile, lower than
	// startupHeap so that load arriving at once cannot raise the peak RSS
	// above what serving needs (a prebuilt app starts in ~8 MiB).
	startupGrace = time.Second
	graceHeap    = 16 << 20
	// A collection marks the whole live heap, on the core the JavaScript
	// runs on: with hundreds of requests waiting on fetch (12 MiB live)
	// a cycle takes ~25 ms of that core, and every request queued behind
	// the worker waits it out. GOGC's fixed multiple would repeat such
	// cycles as often as short ones, so past scaleFrom the percent grows
	// with the live heap, by twice gcPercent per scaleFrom (600 at 12 MiB),
	// up to maxGCPercent, and never so far that the heap goal passes
	// maxHeapGoal (or half the container's memory limit, when lower).
	// Below scaleFrom (a route's own objects: a hello route ~3 MiB, 1 KiB
	// JSON posts at 64 connections up to 5 MiB) GOGC stays gcPercent and
	// the peak RSS with it.
	scaleFrom    = 6 << 20
	maxGCPercent = 800
	maxHeapGoal  = 256 << 20
)

// tuneGC sets the collector up for start-up and returns the function that
// switches it to serving. GOGC or GOMEMLIMIT in the environment win: it
// then changes nothing.
func tuneGC() (ready func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(startupHeap)
	var serving atomic.Bool
	serve := func() {
		if serving.CompareAndSwap(false, true) {
			debug.SetGCPercent(gcPercent)
			debug.SetMemoryLimit(math.MaxInt64)
			scaleGCPercent(gcPercent, heapCeiling())
		}
	}
	watchStartup(&serving, serve)
	return func() {
		if serving.Load() {
			return
		}
		debug.SetMemoryLimit(graceHeap)
		time.AfterFunc(startupGrace, serve)
	}
}

// watchStartup ends the start-up setting early (calls serve) when the live
// heap after a cycle passes a quarter of startupHeap: with the collector
// off and the heap held under a limit the live heap nears, every
// allocation past the limit starts a cycle, and a large app's module code
// ran 5.5× slower than under GOGC=100 (an app importing the ai SDK took
// 88 s to become ready instead of 16 s). A small app never gets there.
func watchStartup(serving *atomic.Bool, serve func()) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var watch func()
	watch = func() {
		runtime.SetFinalizer(&gcWatch{}, func(*gcWatch) {
			if serving.Load() {
				return
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > startupHeap/4 {
				go serve() // not from a finalizer: it sets the collector
				return
			}
			watch()
		})
	}
	watch()
}

// heapCeiling is the most the heap goal may reach: maxHeapGoal, or half
// the memory limit of the process's cgroup (v2, then v1) when lower.
func heapCeiling() uint64 {
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if b, err := os.ReadFile(f); err == nil {
			return ceilingFor(string(b))
		}
	}
	return maxHeapGoal
}

// ceilingFor reads a cgroup memory limit ("max", or bytes).
func ceilingFor(limit string) uint64 {
	n, err := strconv.ParseUint(strings.TrimSpace(limit), 10, 64)
	if err != nil || n/2 > maxHeapGoal {
		return maxHeapGoal
	}
	return n / 2
}

// gcPercentFor is the GOGC for a live heap of live bytes (see scaleFrom)
// whose goal must stay under ceiling.
func gcPercentFor(live, ceiling uint64) int {
	p := gcPercent
	if live > scaleFrom {
		p = int(uint64(gcPercent) * (scaleFrom + 2*(live-scaleFrom)) / scaleFrom)
	}
	p = min(p, maxGCPercent)
	if live > 0 {
		// goal = live × (1 + p/100) must stay under the ceiling.
		p = min(p, int(min(ceiling*100/live, math.MaxInt32))-100)
	}
	return max(p, gcPercent)
}

// gcWatch is a value whose finalizer runs once per GC cycle: Go has no
// callback at the end of a cycle, and a finalizer is the cheapest way to
// get one (nothing runs while the process is idle).
type gcWatch struct{ _ *byte } // a pointer keeps it out of the tiny allocator, whose blocks delay finalizers

// scaleGCPercent keeps GOGC at gcPercentFor the live heap, checked after
// each cycle, starting from current.
func scaleGCPercent(current int, ceiling uint64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var watch func()
	watch = func() {
		runtime.SetFinalizer(&gcWatch{}, func(*gcWatch) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				// Small moves are not worth a change of the pacer's goal.
				if p := gcPercentFor(sample[0].Value.Uint64(), ceiling); p > current*11/10 || p < current*9/10 {
					current = p
					debug.SetGCPercent(p)
				}
			}
			watch()
		})
	}
	watch()
}
