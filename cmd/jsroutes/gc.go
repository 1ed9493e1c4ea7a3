package main

import (
	"math"
	"os"
	"runtime/debug"
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
	return func() {
		debug.SetMemoryLimit(graceHeap)
		time.AfterFunc(startupGrace, func() {
			debug.SetGCPercent(gcPercent)
			debug.SetMemoryLimit(math.MaxInt64)
		})
	}
}
