package jsrt

import (
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"

	"github.com/jsroutes/jsroutes/jsrt/internal/plan"
	"github.com/jsroutes/jsroutes/webapi"
)

// notFoundPage is the body of a 404 for a path no route serves, as Next.js
// answers with its not-found page.
const notFoundPage = `<!DOCTYPE html><html><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>404: This page could not be found.</title></head><body><div style="font-family:system-ui,&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center"><div><h1 style="display:inline-block;margin:0 20px 0 0;padding:0 23px 0 0;font-size:24px;font-weight:500;vertical-align:top;line-height:49px;border-right:1px solid rgba(0,0,0,.3)">404</h1><div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:49px;margin:0">This page could not be found.</h2></div></div></div></body></html>`

// ServeHTTP routes a request to its route handler, with the HTTP semantics
// of `next start`: basePath, trailing-slash redirects, next.config
// redirects, headers and rewrites, HEAD from GET, automatic OPTIONS, 405 for
// methods the route does not export.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.accessLog {
		rec := &accessRecorder{ResponseWriter: w, worker: -1}
		start := time.Now()
		defer func() {
			h.log.Info("request", "method", r.Method, "path", r.URL.RequestURI(), "status", rec.status, "bytes", rec.bytes,
				"duration", time.Since(start).Round(time.Microsecond), "worker", rec.worker, "route", rec.route)
		}()
		w = rec
	}
	if h.closing.Load() {
		http.Error(w, "server is shutting down", http.StatusServiceUnavailable)
		return
	}
	// Node's limits on the header section (16 KiB, 2,000 lines), which
	// Next.js answers past with 431: Go's server allows 1 MB.
	if webapi.HeadersOverflow(r.Header, len(r.Method)+len(r.RequestURI)+len(r.Proto)+len(r.Host)+12) {
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusRequestHeaderFieldsTooLarge)
		return
	}
	stripInternal(r.Header)
	d := h.planner.Plan(r)
	if d.Answer == plan.RunProxy {
		if _, prerendering := r.Context().Value(prerenderNote{}).(*prerenderError); !prerendering {
			h.serveProxy(w, r, d)
			return
		}
		// `next build` makes static responses without the proxy, which
		// runs when they are served.
		d = h.planner.Resume(r, d, d.Path, r.URL.RawQuery)
	}
	h.answer(w, r, d, "")
}

// answer writes a decision, or runs its route; url, when set, is the
// route's request.url (a proxy's rewrite shows its destination there).
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, d plan.Decision, url string) {
	for k, v := range d.Header {
		w.Header()[k] = v
	}
	switch d.Answer {
	case plan.SlashRedirect:
		redirectSlash(w, r, d.Location)
	case plan.ConfigRedirect:
		configRedirect(w, d.Location, d.Status)
	case plan.Proxy:
		proxy(w, r, d.Location)
	case plan.NotFound:
		notFound(w)
	case plan.BadParam:
		// Next.js fails to decode the parameter before the handler runs.
		h.log.Error("URIError: URI malformed", "path", d.RawPath, "route", h.routes[d.Route].File)
		internalError(w)
	case plan.TooLarge:
		// Answer without reading the body; Go closes the connection.
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
	case plan.StaticMethodNotAllowed:
		staticMethodNotAllowed(w)
	case plan.Options:
		w.Header().Set("Allow", d.Location)
		w.WriteHeader(http.StatusNoContent)
	case plan.MethodNotAllowed:
		w.WriteHeader(http.StatusMethodNotAllowed)
	case plan.UnknownMethod:
		w.WriteHeader(http.StatusBadRequest)
	case plan.Run:
		h.run(w, r, &d, url)
	}
}

// internalError is Next.js's own 500, for what fails before a route runs.
func internalError(w http.ResponseWriter) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate")
	hdr.Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte("Internal Server Error"))
}

// run hands a planned request to the loop side: from the cache when its
// route is cached, else to a worker.
func (h *Handler) run(w http.ResponseWriter, r *http.Request, d *plan.Decision, url string) {
	if h.maxBody > 0 && r.Body != nil && r.Body != http.NoBody {
		r.Body = http.MaxBytesReader(w, r.Body, h.maxBody)
	}
	route, planned := &h.routes[d.Route], h.planner.Route(d.Route)
	ex := &exchange{
		r:      r,
		extra:  d.Header,
		route:  d.Route,
		file:   route.File,
		export: d.Export,
		method: r.Method,
		// request.url: the path as sent without basePath and the query as
		// sent (a rewrite's target is not shown), as Next.js builds it.
		url:     requestURL(r, strings.TrimPrefix(d.RawPath, h.planner.Config().BasePath()), r.URL.RawQuery),
		params:  d.Params,
		pattern: route.Pattern,
		path:    d.Path,
		dynamic: planned.HasParams(),
		hasBody: r.Body != nil && r.Body != http.NoBody,
	}
	if url != "" {
		ex.url = url
	}
	if planned.Cached && d.Export == http.MethodGet && !h.draftMode(r) && !h.dynamic[d.Route].Load() {
		h.serveCached(w, r, ex, d.Path, h.lifetimes[d.Route])
		return
	}
	h.serveRoute(w, r, route.maxDuration(h.timeout), ex)
}

// draftMode reports a request carrying this start's draft-mode cookie,
// which bypasses cached responses as in Next.js.
func (h *Handler) draftMode(r *http.Request) bool {
	c, err := r.Cookie(bypassCookie)
	return err == nil && c.Value == h.previewModeID
}

// configRedirect answers a next.config redirect as Next.js does.
func configRedirect(w http.ResponseWriter, dest string, status int) {
	hdr := w.Header()
	hdr.Set("Location", dest)
	if status == http.StatusPermanentRedirect {
		hdr.Set("Refresh", "0;url="+dest)
	}
	hdr["Content-Type"] = nil
	w.WriteHeader(status)
	_, _ = w.Write([]byte(dest))
}

// prefetchLimit is the largest request body read before the handler runs.
// A body this small has nearly always arrived with the headers, so reading
// it here costs no waiting and spares the worker a round trip through a
// goroutine; larger or chunked bodies stay in the socket until read.
const prefetchLimit = 16 << 10

func (h *Handler) serveRoute(w http.ResponseWriter, r *http.Request, limit time.Duration, ex *exchange) {
	h.inflight.Add(1)
	defer h.inflight.Done()
	if ex.hasBody && ex.body0 == nil && r.ContentLength > 0 && r.ContentLength <= prefetchLimit {
		b := make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, b); err != nil {
			w.WriteHeader(http.StatusBadRequest) // the client sent less than it announced
			return
		}
		ex.body0 = b
	}
	ex.ready = make(chan struct{})
	wk := h.pool.pick(r.Context())
	if rec, ok := w.(*accessRecorder); ok {
		rec.worker, rec.route = wk.id, ex.file
	}
	wk.load.Add(1)
	defer wk.load.Add(-1)
	if served := wk.served.Add(1); h.pool.maxRequests > 0 && served == h.pool.maxRequests {
		// Out of pick's choice at once: the replacement is made off this
		// goroutine, and meanwhile requests reached the worker past its
		// quota (a test262 runner relying on one test per worker saw it).
		wk.spent.Store(true)
		go h.pool.replace(wk, reasonRecycled)
	}
	wk.startExchange(ex)

	ctx := r.Context()
	var deadline <-chan time.Time
	if limit > 0 {
		t := time.NewTimer(limit)
		defer t.Stop()
		deadline = t.C
	}
	select {
	case <-ex.ready:
		h.applyRevalidations(ex)
		if ex.more {
			defer wk.finishExchange(ex)
		}
	case <-ctx.Done():
		wk.abortExchange(ex)
		return
	case <-deadline:
		wk.log.Error("route handler timed out", "method", ex.method, "path", r.URL.Path, "route", ex.file, "limit", limit)
		if wk.busyFor() >= limit/2 {
			// The worker is stuck in code that never yields (an endless
			// loop): only interrupting it frees it.
			h.pool.replace(wk, reasonTimeout)
		} else {
			wk.abortExchange(ex)
		}
		w.WriteHeader(http.StatusGatewayTimeout)
		return
	}
	if ex.unavailable {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("503 Service Unavailable: the worker running this request was stopped\n"))
		return
	}
	if ex.badRequest {
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusBadRequest) // Node's parser answers a malformed body so
		return
	}
	if ex.failed {
		if ex.proxy {
			internalError(w) // a throwing proxy: Next.js's 500, without next.config's headers
			return
		}
		if ex.tooLarge {
			w.WriteHeader(http.StatusRequestEntityTooLarge) // the body read failed: over MaxBodySize
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	if ex.intercept != nil && ex.intercept(ex) {
		if ex.stream {
			wk.abortExchange(ex) // the proxy's body is not read
		}
		return
	}
	hdr := w.Header()
	for k, vs := range ex.header {
		if !httpguts.ValidHeaderFieldName(k) || k == "X-Middleware-Set-Cookie" {
			continue
		}
		hdr[k] = validValues(vs)
	}
	withConfigHeaders(hdr, ex.extra, ex.header)
	if c, err := r.Cookie(bypassCookie); err == nil && c.Value != h.previewModeID {
		// Next.js clears a draft-mode cookie it did not issue.
		for _, name := range []string{bypassCookie, "__next_preview_data"} {
			hdr.Add("Set-Cookie", name+"=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None")
		}
	}
	if _, ok := hdr["Content-Type"]; !ok {
		hdr["Content-Type"] = nil // no sniffing: a body without a type is sent without one
	}
	head := r.Method == http.MethodHead
	if !ex.stream {
		if ex.status != http.StatusNoContent && ex.status != http.StatusNotModified {
			hdr.Set("Content-Length", strconv.Itoa(len(ex.body)))
		}
		w.WriteHeader(ex.status)
		if !head {
			_, _ = w.Write(ex.body)
		}
		return
	}
	w.WriteHeader(ex.status)
	if head {
		wk.abortExchange(ex)
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	for {
		wk.pullExchange(ex)
		select {
		case c := <-ex.chunks:
			switch {
			case c.err:
				// The stream failed midway: end the connection so the client
				// sees an incomplete body rather than a clean end.
				panic(http.ErrAbortHandler)
			case c.end:
				return
			}
			if len(c.data) == 0 {
				continue
			}
			if _, err := w.Write(c.data); err != nil {
				wk.abortExchange(ex)
				return
			}
			_ = rc.Flush()
		case <-ctx.Done():
			wk.abortExchange(ex)
			return
		case <-deadline:
			wk.log.Error("route handler timed out while streaming", "method", ex.method, "path", r.URL.Path, "route", ex.file, "limit", limit)
			wk.abortExchange(ex)
			panic(http.ErrAbortHandler)
		}
	}
}

// accessRecorder notes what the access log reports of a response.
type accessRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	worker int
	route  string
}

func (a *accessRecorder) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
	a.ResponseWriter.WriteHeader(code)
}

func (a *accessRecorder) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	n, err := a.ResponseWriter.Write(b)
	a.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach Flush.
func (a *accessRecorder) Unwrap() http.ResponseWriter { return a.ResponseWriter }

// bypassCookie is the draft-mode cookie.
const bypassCookie = "__prerender_bypass"

func redirectSlash(w http.ResponseWriter, r *http.Request, clean string) {
	loc := clean
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	h := w.Header()
	h.Set("Location", loc)
	h.Set("Refresh", "0;url="+loc)
	h["Content-Type"] = nil
	w.WriteHeader(http.StatusPermanentRedirect)
	_, _ = w.Write([]byte(loc))
}

func notFound(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(notFoundPage))
}

// requestURL builds request.url as Next.js does: http://localhost:<port of
// the listener>, https when X-Forwarded-Proto says so, the path as sent and
// the query re-serialised as application/x-www-form-urlencoded.
func requestURL(r *http.Request, rawPath, rawQuery string) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	host := "localhost"
	if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if _, port, err := net.SplitHostPort(addr.String()); err == nil {
			host += ":" + port
		}
	}
	var b strings.Builder
	b.Grow(len(scheme) + 3 + len(host) + len(rawPath) + len(rawQuery) + 1)
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	if rawPath == "" {
		rawPath = "/"
	}
	b.WriteString(rawPath)
	if i := strings.IndexByte(rawQuery, '#'); i >= 0 {
		rawQuery = rawQuery[:i] // a fragment sent on the request line is not part of the URL's query
	}
	if rawQuery != "" {
		if q := reserializeQuery(rawQuery); q != "" {
			b.WriteByte('?')
			b.WriteString(q)
		}
	}
	return b.String()
}

// proxy forwards a request rewritten to an external URL, as Next.js does.
func proxy(w http.ResponseWriter, r *http.Request, target string) {
	u, err := url.Parse(target)
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.Out.URL = u
		pr.Out.Host = u.Host
		pr.SetXForwarded()
	}}
	rp.ServeHTTP(w, r)
}
