package jsrt

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/jsrt/internal/cache"
)

// The data cache and on-demand revalidation behind next/cache and fetch's
// `next: { revalidate, tags }` / `cache: 'force-cache'`. JS decides what is
// cacheable (webapi/next/cache.js, data-cache.js); these host
// functions move entries between the worker and the store.

// revalidation is one revalidatePath/revalidateTag call.
type revalidation struct {
	tags   []string
	expire bool
	at     int64
}

// cacheLife is how long cached data stays fresh (revalidate) and usable
// (expire), in seconds, as 'use cache' sets it; zero values: not set.
type cacheLife struct{ revalidate, expire int64 }

// min is the shorter of two lives, field by field.
func (l cacheLife) min(o cacheLife) cacheLife {
	pick := func(a, b int64) int64 {
		if a == 0 || b != 0 && b < a {
			return b
		}
		return a
	}
	return cacheLife{pick(l.revalidate, o.revalidate), pick(l.expire, o.expire)}
}

// storeTimeout bounds one store operation made for a route's code.
const storeTimeout = 5 * time.Second

// applyRevalidations records a handler's revalidatePath/revalidateTag calls
// before its response goes out, so that the client (or another instance)
// asking next sees them.
func (h *Handler) applyRevalidations(ex *exchange) {
	if len(ex.revalidations) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ex.r.Context()), storeTimeout)
	defer cancel()
	for _, rv := range ex.revalidations {
		if err := h.cache.Revalidate(ctx, rv.tags, rv.expire, rv.at); err != nil {
			h.log.Error("revalidation failed", "route", ex.file, "tags", rv.tags, "error", err)
		}
	}
}

// dataKey is the store key of a data cache entry: kind and a hash of the
// JS-built key, which may be long (URL, headers, arguments).
func dataKey(kind, raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return kind + ":" + hex.EncodeToString(sum[:])
}

// installCache adds the data cache host functions.
func (w *worker) installCache(host *goja.Object, store cache.Store) {
	rt := w.rt
	strings := func(v goja.Value) []string {
		var out []string
		if err := rt.ExportTo(v, &out); err != nil {
			panic(rt.NewTypeError("expected an array of strings"))
		}
		return out
	}
	// cacheRevalidate(handle, tags, expire): from revalidatePath/revalidateTag.
	w.set(host, "cacheRevalidate", func(call goja.FunctionCall) goja.Value {
		rv := revalidation{tags: strings(call.Argument(1)), expire: call.Argument(2).ToBoolean(), at: cache.Now()}
		if ex := w.exchanges[call.Argument(0).ToInteger()]; ex != nil && !ex.settled {
			ex.revalidations = append(ex.revalidations, rv)
			return goja.Undefined()
		}
		// After the response (an after() callback): apply it now.
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
			defer cancel()
			if err := store.Revalidate(ctx, rv.tags, rv.expire, rv.at); err != nil {
				w.log.Error("revalidation failed", "tags", rv.tags, "error", err)
			}
		}()
		return goja.Undefined()
	})
	// cacheTagsUsed(handle, tags): a cached route's response carries them.
	w.set(host, "cacheTagsUsed", func(call goja.FunctionCall) goja.Value {
		if ex := w.exchanges[call.Argument(0).ToInteger()]; ex != nil && !ex.settled {
			ex.tags = append(ex.tags, strings(call.Argument(1))...)
		}
		return goja.Undefined()
	})
	// cacheLifeUsed(handle, revalidate, expire, tags): from a 'use cache'
	// result the handler used; a cached route's response lives no longer.
	w.set(host, "cacheLifeUsed", func(call goja.FunctionCall) goja.Value {
		if ex := w.exchanges[call.Argument(0).ToInteger()]; ex != nil && !ex.settled {
			ex.life = ex.life.min(cacheLife{revalidate: call.Argument(1).ToInteger(), expire: call.Argument(2).ToInteger()})
			ex.tags = append(ex.tags, strings(call.Argument(3))...)
		}
		return goja.Undefined()
	})
	// prerenderDynamic(handle, reason): the prerendering handler used
	// request data or uncached IO; the route is served per request.
	w.set(host, "prerenderDynamic", func(call goja.FunctionCall) goja.Value {
		if ex := w.exchanges[call.Argument(0).ToInteger()]; ex != nil && !ex.settled {
			ex.dynamicReason = call.Argument(1).String()
		}
		return goja.Undefined()
	})
	// nextTurn(fn) runs fn as the loop's next job: after this job's
	// microtasks and before anything that completes later (a timer, a
	// fetch), which is how a prerender tells cached data from IO.
	w.set(host, "nextTurn", func(call goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(rt.NewTypeError("nextTurn: expected a function"))
		}
		w.Enqueue(func() {
			if _, err := fn(goja.Undefined()); err != nil {
				w.log.Error("prerender: a turn callback failed", "error", err)
			}
		})
		return goja.Undefined()
	})
	// cacheGet(kind, key, handle) → Promise<null | [stale, status, headers, body]>.
	w.set(host, "cacheGet", func(call goja.FunctionCall) goja.Value {
		key := dataKey(call.Argument(0).String(), call.Argument(1).String())
		ex := w.exchanges[call.Argument(2).ToInteger()]
		regenerating := ex != nil && ex.generation
		var implicit []string // revalidatePath of the reading route's path expires its data too
		if ex != nil {
			implicit = implicitTags(ex.pattern, ex.path)
		}
		return w.inStore(func(ctx context.Context) (func() goja.Value, error) {
			e, state, err := cache.Lookup(ctx, store, key, implicit...)
			return func() goja.Value {
				if state == cache.Expired || state == cache.Stale && regenerating {
					return goja.Null()
				}
				flat := make([]any, 0, 2*len(e.Header))
				for k, vs := range e.Header {
					for _, v := range vs {
						flat = append(flat, k, v)
					}
				}
				return rt.NewArray(state == cache.Stale, e.Status, rt.NewArray(flat...), rt.NewArrayBuffer(e.Body))
			}, err
		})
	})
	// cacheSet(kind, key, status, headers, body ArrayBuffer, revalidate, tags[, expire]) → Promise.
	w.set(host, "cacheSet", func(call goja.FunctionCall) goja.Value {
		key := dataKey(call.Argument(0).String(), call.Argument(1).String())
		var flat []string
		if err := rt.ExportTo(call.Argument(3), &flat); err != nil {
			panic(rt.NewTypeError("cacheSet: headers must be a flat array of strings"))
		}
		header := map[string][]string{}
		for i := 0; i+1 < len(flat); i += 2 {
			header[flat[i]] = append(header[flat[i]], flat[i+1])
		}
		ab, ok := call.Argument(4).Export().(goja.ArrayBuffer)
		if !ok {
			panic(rt.NewTypeError("cacheSet: the body must be an ArrayBuffer"))
		}
		e := &cache.Entry{Status: int(call.Argument(2).ToInteger()), Header: header, Body: append([]byte(nil), ab.Bytes()...),
			Created: cache.Now(), Revalidate: call.Argument(5).ToInteger(), Tags: strings(call.Argument(6)),
			Expire: finite(call.Argument(7).ToInteger())}
		return w.inStore(func(ctx context.Context) (func() goja.Value, error) {
			return goja.Undefined, store.Set(ctx, key, e)
		})
	})
}

// inStore runs op against the store off the loop, bounded by storeTimeout,
// and settles the promise it returns on the loop: with what op's result
// makes there, or with op's error.
//
// A store that is down (cache.ErrUnavailable, or any failure) is a miss,
// and a write to it is dropped: the route runs uncached, as Next.js's
// cache handlers degrade (the Breaker logs the outage once); unstable_cache
// routes answered 500 on every request while Redis was down.
func (w *worker) inStore(op func(ctx context.Context) (func() goja.Value, error)) goja.Value {
	p, resolve, _ := w.rt.NewPromise()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		value, err := op(ctx)
		w.Enqueue(func() {
			if err != nil {
				if !errors.Is(err, cache.ErrUnavailable) {
					w.log.Debug("data cache: uncached", "error", err)
				}
				_ = resolve(goja.Null())
				return
			}
			_ = resolve(value())
		})
	}()
	return w.rt.ToValue(p)
}
