package main

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

func TestGCPercentFor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, gcPercent},
		{3 * mib, gcPercent},     // a hello route's worker
		{5 * mib, gcPercent},     // 1 KiB JSON posts at 64 connections
		{6 * mib, gcPercent},     // where scaling starts
		{9 * mib, 400},           // half way
		{12 * mib, 600},          // 256 requests waiting on fetch
		{15 * mib, maxGCPercent}, // the ceiling of the percent
		{20 * mib, maxGCPercent},
		{40 * mib, 540},        // the heap goal's ceiling: 40 × 6.4 = 256 MiB
		{100 * mib, gcPercent}, // past it, never below gcPercent
		{1 << 40, gcPercent},   // huge heaps too
	} {
		if got := gcPercentFor(c.live, maxHeapGoal); got != c.want {
			t.Errorf("gcPercentFor(%d MiB) = %d, want %d", c.live/mib, got, c.want)
		}
	}
}

func TestHeapCeilingFollowsTheContainer(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		limit string
		want  uint64
	}{
		{"max\n", maxHeapGoal},                 // cgroup v2, no limit
		{"9223372036854771712\n", maxHeapGoal}, // cgroup v1, no limit
		{"268435456\n", 128 * mib},             // a 256 MiB container
		{"garbage", maxHeapGoal},
	} {
		if got := ceilingFor(c.limit); got != c.want {
			t.Errorf("ceilingFor(%q) = %d, want %d", c.limit, got, c.want)
		}
	}
	// In a 256 MiB container the goal stays under 128 MiB: 12 MiB live
	// keeps GOGC 600 (84 MiB); 40 MiB live gets 220 (128 MiB), not 800.
	if p := gcPercentFor(12*mib, 128*mib); p != 600 {
		t.Errorf("12 MiB live under a 128 MiB ceiling: GOGC %d, want 600", p)
	}
	if p := gcPercentFor(40*mib, 128*mib); p != 220 {
		t.Errorf("40 MiB live under a 128 MiB ceiling: GOGC %d, want 220", p)
	}
}

// The watch moves GOGC after a cycle that finds the live heap large.
func TestScaleGCPercentFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	scaleGCPercent(gcPercent, maxHeapGoal)
	live := make([][]byte, 0, 16)
	for range 16 {
		live = append(live, make([]byte, 1<<20)) // 16 MiB kept alive
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs on its own goroutine
		if p := debug.SetGCPercent(-2); p >= 600 {
			debug.SetGCPercent(p)
			runtime.KeepAlive(live)
			return
		} else {
			debug.SetGCPercent(p)
		}
	}
	t.Fatal("GOGC did not grow with a 16 MiB live heap")
}

// Start-up's collector setting ends as soon as the live heap grows large,
// so that a large app's module code never runs under a limit it nears.
func TestStartupSettingEndsWithALargeLiveHeap(t *testing.T) {
	var serving atomic.Bool
	called := make(chan struct{}, 1)
	watchStartup(&serving, func() {
		serving.Store(true)
		called <- struct{}{}
	})
	live := make([][]byte, 0, 64)
	for i := 0; i < 48; i++ { // 12 MiB, past startupHeap/4
		live = append(live, make([]byte, 256<<10))
	}
	for i := 0; i < 20; i++ {
		runtime.GC()
		select {
		case <-called:
			runtime.KeepAlive(live)
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Error("the start-up setting stayed with 12 MiB live")
}
