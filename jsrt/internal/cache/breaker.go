package cache

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// ErrUnavailable is what a Breaker answers while its store is down.
var ErrUnavailable = errors.New("cache: the store is unavailable")

// Breaker keeps a store that can go away (Redis) from taking requests with
// it: every call is bounded by opTimeout, and after a failure the store is
// not asked again until a cool-down has passed (one second, doubling up to
// thirty while it stays down): meanwhile calls fail at once with
// ErrUnavailable, and the callers serve uncached. The store going away and
// coming back are logged once each. With Redis killed, every
// unstable_cache request answered 500; a blackholed Redis added 8–15 s to
// every request.
type Breaker struct {
	store Store
	log   *slog.Logger

	mu        sync.Mutex
	openUntil time.Time     // zero: closed (the store is asked)
	cooldown  time.Duration // the next cool-down
	down      bool          // logged as down, not yet as back
}

const (
	opTimeout   = time.Second
	minCooldown = time.Second
	maxCooldown = 30 * time.Second
)

// NewBreaker wraps store.
func NewBreaker(store Store, log *slog.Logger) *Breaker {
	return &Breaker{store: store, log: log, cooldown: minCooldown}
}

// call runs op unless the breaker is open, and opens it when op fails.
func (b *Breaker) call(ctx context.Context, op func(context.Context) error) error {
	b.mu.Lock()
	if time.Now().Before(b.openUntil) {
		b.mu.Unlock()
		return ErrUnavailable
	}
	b.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	err := op(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case err == nil:
		if b.down {
			b.log.Info("cache store answers again: caching resumes")
		}
		b.down, b.openUntil, b.cooldown = false, time.Time{}, minCooldown
	case errors.Is(ctx.Err(), context.Canceled) && !errors.Is(err, context.DeadlineExceeded):
		// The caller gave up (its client left): says nothing of the store.
	default:
		if !b.down {
			b.log.Warn("cache store unavailable: serving uncached until it answers", "error", err)
		}
		b.down = true
		b.openUntil = time.Now().Add(b.cooldown)
		b.cooldown = min(2*b.cooldown, maxCooldown)
	}
	return err
}

// Get implements Store.
func (b *Breaker) Get(ctx context.Context, key string) (e *Entry, err error) {
	err = b.call(ctx, func(ctx context.Context) (err error) { e, err = b.store.Get(ctx, key); return err })
	return e, err
}

// Set implements Store.
func (b *Breaker) Set(ctx context.Context, key string, e *Entry) error {
	return b.call(ctx, func(ctx context.Context) error { return b.store.Set(ctx, key, e) })
}

// Tags implements Store.
func (b *Breaker) Tags(ctx context.Context, tags []string) (t TagTimes, err error) {
	err = b.call(ctx, func(ctx context.Context) (err error) { t, err = b.store.Tags(ctx, tags); return err })
	return t, err
}

// Revalidate implements Store.
func (b *Breaker) Revalidate(ctx context.Context, tags []string, expire bool, at int64) error {
	return b.call(ctx, func(ctx context.Context) error { return b.store.Revalidate(ctx, tags, expire, at) })
}

// Lock implements Store.
func (b *Breaker) Lock(ctx context.Context, key string, ttl time.Duration) (unlock func(), ok bool, err error) {
	err = b.call(ctx, func(ctx context.Context) (err error) { unlock, ok, err = b.store.Lock(ctx, key, ttl); return err })
	return unlock, ok, err
}

// Close implements Store.
func (b *Breaker) Close() error { return b.store.Close() }
