package cache

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// Memory is a Store in this process: entries are evicted least recently
// used first once their total size passes the bound.
type Memory struct {
	mu       sync.Mutex
	maxBytes int64
	bytes    int64
	order    *list.List // of *memItem, most recently used at the front
	items    map[string]*list.Element
	tags     map[string]TagTimes
	locks    map[string]time.Time // key → when the claim lapses
}

type memItem struct {
	key   string
	entry *Entry
	size  int64
}

// NewMemory returns an empty in-memory store holding at most maxBytes of
// entries (0: 64 MiB).
func NewMemory(maxBytes int64) *Memory {
	if maxBytes <= 0 {
		maxBytes = 64 << 20
	}
	return &Memory{maxBytes: maxBytes, order: list.New(), items: map[string]*list.Element{},
		tags: map[string]TagTimes{}, locks: map[string]time.Time{}}
}

// Get implements Store.
func (m *Memory) Get(_ context.Context, key string) (*Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.items[key]
	if !ok {
		return nil, nil
	}
	m.order.MoveToFront(el)
	return el.Value.(*memItem).entry, nil
}

// Set implements Store. An entry larger than the whole bound is not kept.
func (m *Memory) Set(_ context.Context, key string, e *Entry) error {
	size := e.size() + int64(len(key))
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.items[key]; ok {
		m.remove(el)
	}
	if size > m.maxBytes {
		return nil
	}
	m.items[key] = m.order.PushFront(&memItem{key: key, entry: e, size: size})
	m.bytes += size
	for m.bytes > m.maxBytes {
		m.remove(m.order.Back())
	}
	return nil
}

func (m *Memory) remove(el *list.Element) {
	it := m.order.Remove(el).(*memItem)
	delete(m.items, it.key)
	m.bytes -= it.size
}

// Tags implements Store.
func (m *Memory) Tags(_ context.Context, tags []string) (TagTimes, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var t TagTimes
	for _, tag := range tags {
		t = t.max(m.tags[tag])
	}
	return t, nil
}

// Revalidate implements Store.
func (m *Memory) Revalidate(_ context.Context, tags []string, expire bool, at int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, tag := range tags {
		t := m.tags[tag]
		t.Stale = max(t.Stale, at)
		if expire {
			t.Expired = max(t.Expired, at)
		}
		m.tags[tag] = t
	}
	return nil
}

// Lock implements Store.
func (m *Memory) Lock(_ context.Context, key string, ttl time.Duration) (func(), bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if until, ok := m.locks[key]; ok && now.Before(until) {
		return nil, false, nil
	}
	until := now.Add(ttl)
	m.locks[key] = until
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.locks[key] == until {
			delete(m.locks, key)
		}
	}, true, nil
}

// Entries returns every entry held, by key (jsroutes build saves them).
func (m *Memory) Entries() map[string]*Entry {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]*Entry, len(m.items))
	for key, el := range m.items {
		out[key] = el.Value.(*memItem).entry
	}
	return out
}

// Close implements Store.
func (m *Memory) Close() error { return nil }

func (t TagTimes) max(o TagTimes) TagTimes {
	return TagTimes{Stale: max(t.Stale, o.Stale), Expired: max(t.Expired, o.Expired)}
}
