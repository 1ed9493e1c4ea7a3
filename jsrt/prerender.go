package jsrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/bundler"
	"github.com/jsroutes/jsroutes/jsrt/internal/cache"
)

// prerender makes, at start-up, the responses `next build` makes: those of
// cached routes without dynamic segments and, for a route exporting
// generateStaticParams, one per params object it returns. Paths the store
// already holds (from another instance sharing Redis) are left alone. The
// listed paths are recorded: with `dynamicParams = false` they are the only
// ones a dynamic route serves; otherwise other params are made and cached
// on their first request (MISS, then HIT), as in Next.js 16.
func (h *Handler) prerender(ctx context.Context, w *worker) error {
	exports := h.exports
	for i := range h.routes {
		route, b, planned := &h.routes[i], h.bundle.Routes[i], h.planner.Route(i)
		var paths []string
		switch {
		case !b.HasParams():
			paths = []string{route.Pattern}
		case exports[i].StaticParams:
			list, err := w.generateStaticParams(ctx, i)
			if err != nil {
				return problem(route.File, "generateStaticParams: "+err.Error())
			}
			for _, params := range list {
				p, err := fillPattern(b.Segments, params)
				if err != nil {
					return problem(route.File, "generateStaticParams: "+err.Error())
				}
				paths = append(paths, p)
			}
		}
		if b.HasParams() && exports[i].StaticParams {
			planned.Listed = map[string]bool{}
			for _, p := range paths {
				planned.Listed[p] = true
			}
		}
		if !planned.Cached {
			continue
		}
		for _, p := range paths {
			h.prerenderPath(ctx, i, p)
		}
	}
	return nil
}

// prerenderNote is the context key under which a prerendering request
// carries its *prerenderError: the route's error is reported in
// prerender's one line rather than as a route error of its own.
type prerenderNote struct{}

// prerenderError is the first error a prerendering request's route had.
type prerenderError struct {
	mu   sync.Mutex
	text string
}

func (e *prerenderError) set(text string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.text == "" {
		e.text = text
	}
}

func (e *prerenderError) get() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.text
}

// prerenderPath requests one path through the handler, which stores the
// response; a failure is logged, and the path is tried again when asked for.
func (h *Handler) prerenderPath(ctx context.Context, i int, path string) {
	route := &h.routes[i]
	if _, state, err := cache.Lookup(ctx, h.cache, "route:"+path); err == nil && state != cache.Expired {
		return
	}
	target := h.planner.Config().BasePath() + path
	if h.planner.Config().TrailingSlash() && path != "/" {
		target += "/"
	}
	note := &prerenderError{}
	// `next build` prerenders with Next.js's default port, whatever the
	// server's later: request.url is http://localhost:3000/… (recorded,
	// conformance/cases/round2.json), and requestURL reads the port from
	// the connection's local address.
	ctx = context.WithValue(ctx, http.LocalAddrContextKey, net.Addr(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 3000}))
	req, err := http.NewRequestWithContext(context.WithValue(ctx, prerenderNote{}, note), http.MethodGet, target, nil)
	if err != nil {
		h.log.Error("prerendering failed", "route", route.File, "path", path, "error", err)
		return
	}
	rec := &recorder{header: http.Header{}}
	h.ServeHTTP(rec, req)
	if h.dynamic[i].Load() {
		return // it reads request data or does uncached IO: not static after all
	}
	if rec.status >= 500 || rec.header.Get("X-Nextjs-Cache") == "" {
		// A warning: the app serves, and the path is tried again when
		// asked for (an API unreachable at start-up, say).
		h.log.Warn("prerendering failed; the path is made on its first request instead", "route", route.File, "path", path, "status", rec.status, "error", note.get())
	}
}

// fillPattern builds the path a params object of generateStaticParams
// names, with each value percent-encoded as a client would send it.
func fillPattern(segs []bundler.Segment, params map[string]any) (string, error) {
	var b strings.Builder
	for _, s := range segs {
		switch s.Kind {
		case bundler.Static:
			b.WriteString("/" + s.Value)
		case bundler.Dynamic:
			v, ok := params[s.Value].(string)
			if !ok {
				return "", fmt.Errorf("params.%s must be a string, got %#v", s.Value, params[s.Value])
			}
			b.WriteString("/" + url.PathEscape(v))
		default:
			raw, present := params[s.Value]
			list, ok := raw.([]any)
			if !present && s.Kind == bundler.OptionalCatchAll {
				continue
			}
			if !ok || (len(list) == 0 && s.Kind == bundler.CatchAll) {
				return "", fmt.Errorf("params.%s must be an array of strings, got %#v", s.Value, raw)
			}
			for _, item := range list {
				v, ok := item.(string)
				if !ok {
					return "", fmt.Errorf("params.%s must be an array of strings, got %#v", s.Value, raw)
				}
				b.WriteString("/" + url.PathEscape(v))
			}
		}
	}
	if b.Len() == 0 {
		return "/", nil
	}
	return b.String(), nil
}

// generateStaticParams runs route index's generateStaticParams on w
// (loading its module first).
func (w *worker) generateStaticParams(ctx context.Context, index int) ([]map[string]any, error) {
	var list []map[string]any
	err := w.ask(ctx, startTimeout, w.js.staticParams, func(v goja.Value) error {
		if err := w.rt.ExportTo(v, &list); err != nil {
			return fmt.Errorf("it must return an array of params objects: %w", err)
		}
		return nil
	}, index)
	return list, err
}

// prerenderFile holds, beside a prebuilt bundle, the cache entries
// `jsroutes build` made: route responses and the data they fetched.
const prerenderFile = "jsroutes-prerender.json"

// writePrerendered saves a build's cache entries into the bundle dir.
func writePrerendered(dir string, store *cache.Memory) error {
	data, err := json.Marshal(store.Entries())
	if err != nil {
		return fmt.Errorf("encoding the prerendered responses: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, prerenderFile), data, 0o644); err != nil {
		return fmt.Errorf("writing the prerendered responses: %w", err)
	}
	return nil
}

// loadPrerendered puts a build's entries into the store, where it does not
// hold them already (another instance may have newer ones). They keep their
// build time, so an ISR route is stale as soon as its seconds since the
// build have passed, as under next start.
func loadPrerendered(ctx context.Context, dir string, store cache.Store) error {
	data, err := os.ReadFile(filepath.Join(dir, prerenderFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a bundle from before prerendering, or with nothing to prerender
	}
	if err != nil {
		return fmt.Errorf("reading the prerendered responses: %w", err)
	}
	var entries map[string]*cache.Entry
	if err := json.Unmarshal(data, &entries); err != nil {
		return fmt.Errorf("%s: %w", prerenderFile, err)
	}
	for key, e := range entries {
		if old, err := store.Get(ctx, key); err != nil {
			return fmt.Errorf("loading the prerendered responses: %w", err)
		} else if old != nil {
			continue
		}
		if err := store.Set(ctx, key, e); err != nil {
			return fmt.Errorf("loading the prerendered responses: %w", err)
		}
	}
	return nil
}
