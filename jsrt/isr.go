package jsrt

import (
	"bytes"
	"context"
	"errors"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jsroutes/jsroutes/jsrt/internal/cache"
)

// Static and ISR route handlers, as `next start` serves them: a GET handler
// with `dynamic = 'force-static'` or `revalidate = N` is run once, without
// the visitor's request, and its response is reused (x-nextjs-cache: HIT)
// until it goes stale; then it is served once more (STALE) while one
// regeneration runs. revalidatePath/revalidateTag make entries stale or
// expire them through their tags.

// oneYear is Next.js's default expire time, which bounds
// stale-while-revalidate.
const oneYear = 31536000

// regenerateLimit bounds making a cached response (prerender at start-up
// included) when the route sets no maxDuration and the Handler has no
// RequestTimeout: Next.js's staticPageGenerationTimeout default.
const regenerateLimit = 60 * time.Second

// How a cached route's generations run its GET handler (the prerender
// modes of webapi/next/prerender.js).
const (
	// prerenderAsIs: force-static, whose handler sees an empty request.
	prerenderAsIs = 0
	// prerenderLegacy: a route static by default or by revalidate, which
	// turns dynamic when its handler reads request data (Next.js's
	// "prerender-legacy" work unit).
	prerenderLegacy = 1
	// prerenderCacheComponents: next.config cacheComponents, where any GET
	// handler is static unless it reads request data or does uncached IO.
	prerenderCacheComponents = 2
)

// cacheLife says whether a route's GET responses are cached, for how
// many seconds (0: until revalidated on demand), and how a generation
// runs the handler (mode). staticParams: the route exports
// generateStaticParams, which turns static generation on as dynamic =
// 'force-static' does (Next.js's isStaticGenEnabled). cacheComponents:
// next.config's, under which every GET handler starts out static and its
// 'use cache' data sets its life.
func (r *Route) cacheLife(staticParams, cacheComponents bool) (seconds int64, cached bool, mode int) {
	if !slices.Contains(r.Methods, http.MethodGet) {
		return 0, false, 0
	}
	if cacheComponents {
		return 0, !strings.Contains(r.Pattern, "[") || staticParams, prerenderCacheComponents
	}
	dynamic, _ := r.Config["dynamic"].(string)
	n, isNumber := number(r.Config["revalidate"])
	switch {
	case dynamic == "force-dynamic" || (isNumber && n == 0):
		return 0, false, 0
	case dynamic == "force-static":
		return max(0, int64(math.Ceil(n))), true, prerenderAsIs
	case isNumber:
		return int64(math.Ceil(n)), true, prerenderLegacy
	case !strings.Contains(r.Pattern, "[") && metadataRoute.MatchString(r.Pattern):
		return 0, true, prerenderLegacy // static by default, as Next.js 15+ keeps them
	case staticParams:
		return 0, true, prerenderLegacy // a sitemap with generateSitemaps too
	}
	return 0, false, 0
}

// metadataRoute matches the paths Next.js treats as metadata routes
// (sitemap.xml, robots.txt, icons …), whose GET handlers are static unless
// they opt out, unlike other route handlers.
var metadataRoute = regexp.MustCompile(`/(robots\.txt|sitemap\.xml|manifest\.(json|webmanifest)|favicon\.ico|(icon|apple-icon|opengraph-image|twitter-image)\d*(-[0-9a-z]{1,6})?(\.(ico|png|jpe?g|gif|svg|txt))?)$`)

// cacheControl is the Cache-Control Next.js sends with a cached response
// that goes stale after seconds and is dropped after expire (0: never,
// and Next.js's default expire time of a year).
func cacheControl(seconds, expire int64) string {
	if expire <= 0 {
		expire = oneYear
	}
	if seconds <= 0 {
		return "s-maxage=" + strconv.Itoa(oneYear)
	}
	if seconds < expire {
		return "s-maxage=" + strconv.FormatInt(seconds, 10) + ", stale-while-revalidate=" + strconv.FormatInt(expire-seconds, 10)
	}
	return "s-maxage=" + strconv.FormatInt(seconds, 10)
}

// infiniteCache is Next.js's "never" for cacheLife (0xfffffffe seconds).
const infiniteCache = 0xfffffffe

// finite maps Next.js's never to 0, the store's never.
func finite(seconds int64) int64 {
	if seconds >= infiniteCache {
		return 0
	}
	return seconds
}

// implicitTags are the tags Next.js gives a route's cached response, which
// revalidatePath names: "_N_T_" + the path itself, the route's pattern with
// "/route" (and "/page", the form revalidatePath(p, 'page') writes), and
// every layout above it.
func implicitTags(pattern, path string) []string {
	tags := []string{"_N_T_/layout"}
	segs := strings.Split(strings.Trim(pattern, "/"), "/")
	prefix := ""
	for _, s := range segs {
		if s == "" {
			continue
		}
		prefix += "/" + s
		tags = append(tags, "_N_T_"+prefix+"/layout")
	}
	return append(tags, "_N_T_"+prefix+"/route", "_N_T_"+prefix+"/page", "_N_T_"+path)
}

// serveCached answers a GET or HEAD for a cached route from the store,
// making the response first when there is none or it has expired.
func (h *Handler) serveCached(w http.ResponseWriter, r *http.Request, ex *exchange, path string, life int64) {
	ctx := r.Context()
	key := "route:" + path
	e, state, err := cache.Lookup(ctx, h.cache, key)
	if err != nil {
		// Without the store the route still works, uncached (a store that
		// went away is logged once, by the cache.Breaker).
		h.log.Debug("route cache unavailable", "route", ex.file, "error", err)
		h.serveRoute(w, r, h.routes[ex.route].maxDuration(h.timeout), ex)
		return
	}
	label := "HIT"
	switch state {
	case cache.Stale:
		label = "STALE"
		h.regenerateInBackground(r, ex, key, path, life)
	case cache.Expired:
		label = "MISS"
		v, err, _ := h.generating.Do(key, func() (any, error) {
			return h.generate(r, ex, key, path, life)
		})
		if err != nil {
			h.log.Error("route cache: storing the response failed", "route", ex.file, "error", err)
		}
		res, _ := v.(*generated)
		if _, prerendering := r.Context().Value(prerenderNote{}).(*prerenderError); prerendering && res != nil && res.dynamic {
			w.WriteHeader(http.StatusNoContent) // start-up learnt the route is dynamic: nothing to make
			return
		}
		if res == nil || res.entry == nil {
			// Could not generate, or the route turned out dynamic: the
			// visitor's own request, uncached.
			h.serveRoute(w, r, h.routes[ex.route].maxDuration(h.timeout), ex)
			return
		}
		if !res.keep {
			writeEntry(w, r, res.entry, ex.extra, nil)
			return
		}
		e = res.entry
	}
	writeEntry(w, r, e, ex.extra, map[string]string{"X-Nextjs-Cache": label, "Cache-Control": cacheControl(e.Revalidate, e.Expire)})
}

// generated is one run of a cached route's handler.
type generated struct {
	entry *cache.Entry
	keep  bool // the response may be cached (the handler did not fail)
	// dynamic: the handler used request data or uncached IO (see
	// prerender modes); the route is served per request from now on.
	dynamic bool
}

// generate runs the route's GET handler as a prerender does, with no
// visitor headers, cookies or query, and stores the response.
func (h *Handler) generate(r *http.Request, tmpl *exchange, key, path string, life int64) (*generated, error) {
	limit := h.routes[tmpl.route].maxDuration(h.timeout)
	ctx := context.WithoutCancel(r.Context()) // keeps the listener's address for request.url
	if limit <= 0 {
		limit = regenerateLimit
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	target := h.planner.Config().BasePath() + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	req.Host = r.Host
	ex := &exchange{route: tmpl.route, file: tmpl.file, export: http.MethodGet, method: http.MethodGet,
		url: requestURL(req, path, ""), params: tmpl.params, dynamic: tmpl.dynamic, r: req, generation: true,
		pattern: tmpl.pattern, path: path, prerender: h.modes[tmpl.route]}
	rec := &recorder{header: http.Header{}}
	began := cache.Now()
	func() {
		defer func() {
			if p := recover(); p != nil && !errors.Is(asError(p), http.ErrAbortHandler) {
				panic(p)
			} else if p != nil {
				rec.failed = true // the stream failed midway
			}
		}()
		h.serveRoute(rec, req, limit, ex)
	}()
	if ex.dynamicReason != "" {
		if !h.dynamic[tmpl.route].Swap(true) {
			h.log.Info("route is dynamic: served per request", "route", tmpl.file, "used", ex.dynamicReason)
		}
		return &generated{dynamic: true}, nil
	}
	var expire int64
	if ex.prerender == prerenderCacheComponents {
		// The life of the 'use cache' data it used; none: static for good.
		life, expire = finite(ex.life.revalidate), finite(ex.life.expire)
	}
	e := &cache.Entry{Status: rec.status, Header: rec.header, Body: rec.body.Bytes(), Created: began,
		Revalidate: life, Expire: expire, Tags: append(implicitTags(h.routes[tmpl.route].Pattern, path), ex.tags...)}
	delete(e.Header, "Content-Length")
	res := &generated{entry: e, keep: !rec.failed && !ex.failed && rec.status < 500}
	if !res.keep {
		return res, nil
	}
	// A request that waited for this generation may be gone; the entry is
	// still worth storing.
	return res, h.cache.Set(context.WithoutCancel(ctx), key, e)
}

// regenerateInBackground remakes a stale entry once: within this process
// through h.generating, across processes through the store's lock.
func (h *Handler) regenerateInBackground(r *http.Request, ex *exchange, key, path string, life int64) {
	h.inflight.Add(1)
	go func() {
		defer h.inflight.Done()
		// Its own flight key: a request that finds the entry expired meanwhile
		// must not be handed this flight's "someone else is on it".
		_, _, _ = h.generating.Do("stale "+key, func() (any, error) {
			ctx := context.WithoutCancel(r.Context())
			unlock, ok, err := h.cache.Lock(ctx, key, regenerateLimit)
			if err != nil || !ok {
				return &generated{}, err // another instance is on it
			}
			defer unlock()
			if _, state, err := cache.Lookup(ctx, h.cache, key); err == nil && state == cache.Fresh {
				return &generated{}, nil // another instance remade it meanwhile
			}
			res, err := h.generate(r, ex, key, path, life)
			if err != nil {
				h.log.Error("route cache: regenerating failed", "route", ex.file, "error", err)
			} else if !res.keep && !res.dynamic {
				h.log.Error("route cache: regeneration failed; the stale response stays", "route", ex.file, "status", res.entry.Status)
			}
			return res, nil
		})
	}()
}

// writeEntry sends a stored response, with next.config's headers and the
// cache's own on top.
func writeEntry(w http.ResponseWriter, r *http.Request, e *cache.Entry, extra http.Header, cacheHeaders map[string]string) {
	hdr := w.Header()
	for k, vs := range e.Header {
		hdr[k] = vs
	}
	withConfigHeaders(hdr, extra, e.Header)
	for k, v := range cacheHeaders {
		// A Cache-Control the route (or next.config's headers) set is
		// kept, as Next.js keeps it ("to allow users to customize it"):
		// a metadata route's own "public, max-age=0, must-revalidate".
		if k == "Cache-Control" && hdr.Get(k) != "" {
			continue
		}
		hdr.Set(k, v)
	}
	if _, ok := hdr["Content-Type"]; !ok {
		hdr["Content-Type"] = nil
	}
	if e.Status != http.StatusNoContent && e.Status != http.StatusNotModified {
		hdr.Set("Content-Length", strconv.Itoa(len(e.Body)))
	}
	w.WriteHeader(e.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(e.Body)
	}
}

// staticMethodNotAllowed is how Next.js answers a method other than GET or
// HEAD on a prerendered route.
func staticMethodNotAllowed(w http.ResponseWriter) {
	hdr := w.Header()
	hdr["Allow"] = []string{http.MethodGet, http.MethodHead}
	hdr["Content-Type"] = nil // Next.js sends this body without a type
	w.WriteHeader(http.StatusMethodNotAllowed)
	_, _ = w.Write([]byte("Method Not Allowed"))
}

// recorder collects a response in memory for the cache.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	failed bool
}

func (c *recorder) Header() http.Header { return c.header }
func (c *recorder) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}
func (c *recorder) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}
func (c *recorder) Flush() {}

func asError(p any) error {
	err, _ := p.(error)
	return err
}

// withConfigHeaders puts next.config's headers (extra) on a response
// whose own headers are own: they win over the route's, but cookies add
// up, as Next.js sends them (the rules' cookies first, then the route's).
func withConfigHeaders(hdr, extra, own http.Header) {
	for k, vs := range extra {
		if k == "Set-Cookie" {
			hdr[k] = append(append([]string(nil), vs...), own[k]...)
			continue
		}
		hdr[k] = vs
	}
}
