// Package cache holds what Next.js caching lets jsroutes reuse between
// requests: the responses of static and ISR route handlers, fetch responses
// and unstable_cache results. Entries and tag revalidations live in a Store,
// in this process (Memory) or shared by many processes (Redis), so that a
// revalidateTag on one instance is seen by all.
package cache

import (
	"context"
	"time"
)

// Entry is one cached response or value.
type Entry struct {
	Status int                 `json:"s,omitempty"`
	Header map[string][]string `json:"h,omitempty"`
	Body   []byte              `json:"b"`
	// Created is when making the entry began, in Unix microseconds: tag
	// revalidations after it (even while it was being made) make it stale
	// or expired.
	Created int64 `json:"c"`
	// Revalidate is the entry's lifetime in seconds before it goes stale;
	// 0 means it stays fresh until a tag or path revalidation.
	Revalidate int64 `json:"r,omitempty"`
	// Expire is how long the entry may be served at all, in seconds from
	// Created ('use cache' cacheLife's expire); 0: no limit.
	Expire int64    `json:"x,omitempty"`
	Tags   []string `json:"t,omitempty"`
}

// size is what an entry costs a bounded store, roughly.
func (e *Entry) size() int64 {
	n := int64(len(e.Body)) + 64
	for k, vs := range e.Header {
		n += int64(len(k))
		for _, v := range vs {
			n += int64(len(v))
		}
	}
	for _, t := range e.Tags {
		n += int64(len(t))
	}
	return n
}

// TagTimes says when a set of tags was last revalidated (Unix µs, the
// latest over the tags; 0: never). Stale revalidations (revalidateTag with
// a profile) let the old entry be served while a new one is made; expiring
// ones (revalidatePath, revalidateTag without a profile) do not.
type TagTimes struct {
	Stale   int64 `json:"s,omitempty"`
	Expired int64 `json:"x,omitempty"`
}

// State is an entry's freshness.
type State int

const (
	// Fresh entries are served as they are (x-nextjs-cache: HIT).
	Fresh State = iota
	// Stale entries are served while one regeneration runs (STALE).
	Stale
	// Expired entries are not served: the request regenerates (MISS).
	Expired
)

// StateAt says how fresh e is at now (Unix µs) given its tags' times.
func (e *Entry) StateAt(now int64, t TagTimes) State {
	switch {
	case t.Expired >= e.Created, e.Expire > 0 && now >= e.Created+e.Expire*1e6:
		return Expired
	case t.Stale >= e.Created:
		return Stale
	case e.Revalidate > 0 && now >= e.Created+e.Revalidate*1e6:
		return Stale
	}
	return Fresh
}

// Store keeps entries and tag revalidation times. Implementations are safe
// for concurrent use.
type Store interface {
	// Get returns the entry under key, or nil when there is none.
	Get(ctx context.Context, key string) (*Entry, error)
	// Set stores e under key.
	Set(ctx context.Context, key string, e *Entry) error
	// Tags returns when any of tags was last revalidated.
	Tags(ctx context.Context, tags []string) (TagTimes, error)
	// Revalidate records that tags were revalidated at (Unix µs): entries
	// made before then go stale, or expire when expire is set.
	Revalidate(ctx context.Context, tags []string, expire bool, at int64) error
	// Lock claims key for one regeneration across every process sharing
	// the store, for at most ttl. It reports false when another holds it.
	Lock(ctx context.Context, key string, ttl time.Duration) (unlock func(), ok bool, err error)
	// Close releases the store's connections.
	Close() error
}

// Now is the cache's clock, in Unix microseconds: fine enough that a
// revalidation and a later generation never share a tick.
func Now() int64 { return time.Now().UnixMicro() }

// Lookup reads the entry under key and how fresh it is now, counting
// revalidations of its own tags and of more (the implicit tags of the path
// reading it); a missing entry is Expired.
func Lookup(ctx context.Context, s Store, key string, more ...string) (*Entry, State, error) {
	e, err := s.Get(ctx, key)
	if err != nil || e == nil {
		return nil, Expired, err
	}
	all := e.Tags
	if len(more) > 0 {
		all = append(append([]string(nil), e.Tags...), more...)
	}
	tags, err := s.Tags(ctx, all)
	if err != nil {
		return nil, Expired, err
	}
	return e, e.StateAt(Now(), tags), nil
}
