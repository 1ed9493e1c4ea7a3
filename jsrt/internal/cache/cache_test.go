package cache

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestStateAt(t *testing.T) {
	const created = 1_000_000_000
	tests := []struct {
		name       string
		revalidate int64
		now        int64
		tags       TagTimes
		want       State
	}{
		{"fresh forever", 0, created + 1e12, TagTimes{}, Fresh},
		{"fresh within its seconds", 60, created + 59e6, TagTimes{}, Fresh},
		{"stale after its seconds", 60, created + 60e6, TagTimes{}, Stale},
		{"revalidated before it was made", 0, created + 1, TagTimes{Stale: created - 1, Expired: created - 1}, Fresh},
		{"tag stale after", 0, created + 1, TagTimes{Stale: created + 1}, Stale},
		{"tag expired after", 60, created + 1, TagTimes{Stale: created + 1, Expired: created + 1}, Expired},
		{"revalidated while it was made", 0, created + 1, TagTimes{Expired: created}, Expired},
	}
	for _, tt := range tests {
		e := &Entry{Created: created, Revalidate: tt.revalidate}
		if got := e.StateAt(tt.now, tt.tags); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMemoryEvictsLeastRecentlyUsed(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(1100) // four 265-byte entries fit, five do not
	entry := func() *Entry { return &Entry{Body: make([]byte, 200)} }
	for i := range 4 {
		if err := m.Set(ctx, fmt.Sprint(i), entry()); err != nil {
			t.Fatal(err)
		}
	}
	if e, _ := m.Get(ctx, "0"); e == nil { // now the most recently used
		t.Fatal("entry 0 evicted too early")
	}
	_ = m.Set(ctx, "4", entry()) // over the bound: the least recently used (1) goes
	for key, want := range map[string]bool{"0": true, "1": false, "2": true, "3": true, "4": true} {
		if e, _ := m.Get(ctx, key); (e != nil) != want {
			t.Errorf("entry %s kept = %v, want %v", key, e != nil, want)
		}
	}
	if m.bytes > m.maxBytes {
		t.Errorf("%d bytes held, bound %d", m.bytes, m.maxBytes)
	}
	_ = m.Set(ctx, "huge", &Entry{Body: make([]byte, 2000)})
	if e, _ := m.Get(ctx, "huge"); e != nil {
		t.Error("an entry larger than the bound was kept")
	}
}

func TestMemoryTagsAndLock(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(0)
	_ = m.Revalidate(ctx, []string{"a"}, false, 10)
	_ = m.Revalidate(ctx, []string{"b"}, true, 20)
	_ = m.Revalidate(ctx, []string{"a"}, false, 5) // times only move forward
	if got, _ := m.Tags(ctx, []string{"a", "b", "c"}); got != (TagTimes{Stale: 20, Expired: 20}) {
		t.Errorf("tags a,b,c: %+v", got)
	}
	if got, _ := m.Tags(ctx, []string{"a"}); got != (TagTimes{Stale: 10}) {
		t.Errorf("tag a: %+v", got)
	}
	unlock, ok, _ := m.Lock(ctx, "k", time.Minute)
	if !ok {
		t.Fatal("first lock refused")
	}
	if _, ok, _ := m.Lock(ctx, "k", time.Minute); ok {
		t.Error("second lock granted while the first is held")
	}
	unlock()
	if _, ok, _ := m.Lock(ctx, "k", time.Minute); !ok {
		t.Error("lock refused after unlock")
	}
	if _, ok, _ := m.Lock(ctx, "short", time.Nanosecond); !ok {
		t.Fatal("lock refused")
	}
	time.Sleep(time.Millisecond)
	if _, ok, _ := m.Lock(ctx, "short", time.Minute); !ok {
		t.Error("a lapsed lock still held")
	}
}
