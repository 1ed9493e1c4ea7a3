package jsrt

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/jsrt/internal/plan"
)

// The proxy (proxy.ts, or middleware.ts before Next.js 16) runs on the
// workers as a route does: it is one more module after the routes, whose
// one export, PROXY, runs the proxy function as Next.js's adapter does
// (webapi/runtime.js, proxyModule). What its response says is read here
// from its headers, as Next.js's router reads them
// (next/dist/server/lib/router-utils/resolve-routes.js): x-middleware-next
// goes on to the route, x-middleware-rewrite goes on to another path (or
// another origin), a Location with a redirect status redirects, and any
// other response is the answer.

// proxyInfo is what start-up learned of the app's proxy.
type proxyInfo struct {
	file    string
	index   int // its module's index in the runtime's table: after the routes
	sources []string
	runtime string
}

// planProxy loads the proxy's module on w (a proxy runs on nearly every
// request, and its matcher is needed now) and compiles its matcher.
func (h *Handler) planProxy(ctx context.Context, w *worker, config *plan.Config) (*plan.Matcher, error) {
	file := h.bundle.Proxy.File
	if file == "" {
		return nil, nil
	}
	if h.bundle.Proxy.Deprecated() {
		// Next.js 16's own words.
		h.log.Warn(`The "middleware" file convention is deprecated. Please use "proxy" instead. Learn more: https://nextjs.org/docs/messages/middleware-to-proxy`, "file", file)
	}
	var raw string
	if err := w.ask(ctx, startTimeout, w.js.describeProxy, func(v goja.Value) error {
		raw = v.String()
		return nil
	}); err != nil {
		return nil, problem(file, "loading the proxy failed: "+err.Error())
	}
	matcher, pc, err := plan.ParseProxyConfig(raw, config.BasePath())
	if err != nil {
		return nil, problem(file, err.Error())
	}
	runtime := pc.Runtime
	if runtime == "" {
		runtime = "nodejs"
	}
	h.proxy = &proxyInfo{file: file, index: len(h.bundle.Routes), sources: matcher.Sources(), runtime: runtime}
	return matcher, nil
}

// proxyBodyLimit is how much of a request body the proxy and then the
// route can both read: Next.js's default proxyClientMaxBodySize (10 MB),
// which it buffers to hand the body to both.
const proxyBodyLimit = 10 << 20

// internalHeaders are the headers through which Next.js's proxy talks to
// its router: a client's are removed before the proxy and the routes see
// the request (Next.js's INTERNAL_HEADERS), so that none can steer the
// router. x-middleware-subrequest, which let a client skip the proxy of
// Next.js before 15.2.3 (CVE-2025-29927), goes too.
var internalHeaders = map[string]bool{
	"X-Middleware-Rewrite": true, "X-Middleware-Redirect": true, "X-Middleware-Set-Cookie": true, "X-Middleware-Skip": true,
	"X-Middleware-Override-Headers": true, "X-Middleware-Next": true, "X-Middleware-Subrequest": true, "X-Now-Route-Matches": true,
	"X-Matched-Path": true, "X-Nextjs-Data": true, "X-Next-Internal-Go-Token": true, "X-Nextjs-Switchyard-Connection": true,
	"X-Next-Resume-State-Length": true, "Next-Resume": true,
}

// stripInternal removes the internal headers a client sent. It walks the
// request's few headers rather than looking up each of the fourteen names
// (a map lookup each on every request: ~1,000 instructions, counted with
// callgrind).
func stripInternal(hdr http.Header) {
	for k := range hdr {
		if internalHeaders[k] || strings.HasPrefix(k, "X-Middleware-Request-") {
			delete(hdr, k)
		}
	}
}

// proxyDropped are the proxy response's headers that reach neither the
// client nor the route (Next.js's ipcForbiddenHeaders and its own).
var proxyDropped = map[string]bool{
	"Accept-Encoding": true, "Keepalive": true, "Keep-Alive": true, "Content-Encoding": true,
	"Transfer-Encoding": true, "Connection": true, "Expect": true, "Content-Length": true,
	"X-Middleware-Rewrite": true, "X-Middleware-Redirect": true, "X-Middleware-Refresh": true,
	"X-Middleware-Next": true, "X-Middleware-Override-Headers": true,
}

// serveProxy runs the proxy for a request, then what it decided.
func (h *Handler) serveProxy(w http.ResponseWriter, r *http.Request, d plan.Decision) {
	var body []byte
	hasBody := r.Body != nil && r.Body != http.NoBody
	if hasBody {
		// Read whole, so that the proxy and then the route both read it.
		limit := int64(proxyBodyLimit)
		if h.maxBody > 0 && h.maxBody < limit {
			limit = h.maxBody
		}
		b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		switch {
		case err != nil:
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusBadRequest)
			return
		case int64(len(b)) > limit:
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		body = b
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	}
	ex := &exchange{
		r: r, route: h.proxy.index, file: h.proxy.file, export: "PROXY", method: r.Method,
		url: requestURL(r, d.RawPath, r.URL.RawQuery), path: d.Path, hasBody: hasBody, proxy: true,
	}
	if hasBody {
		ex.body0 = bytes.Clone(body) // the route reads its own copy
	}
	goesOn := false
	ex.intercept = func(ex *exchange) bool {
		hdr := ex.header
		if hdr.Get("X-Middleware-Next") != "" || hdr.Get("X-Middleware-Rewrite") != "" || (hdr.Get("Location") != "" && isRedirect(ex.status)) {
			goesOn = true
			return true
		}
		// The proxy answered: its response, with next.config's headers.
		for k := range hdr {
			if proxyDropped[k] || k == "X-Middleware-Set-Cookie" || strings.HasPrefix(k, "X-Middleware-Request-") {
				delete(hdr, k)
			}
		}
		for k, vs := range d.Header {
			if _, own := hdr[k]; !own || k == "Set-Cookie" {
				hdr[k] = append(append([]string(nil), vs...), hdr[k]...)
			}
		}
		return false
	}
	h.serveRoute(w, r, h.timeout, ex)
	if goesOn {
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body)) // the proxy's read is not the route's
		}
		h.afterProxy(w, r, d, ex.status, ex.header)
	}
}

// afterProxy goes on from a proxy that did not answer itself: its request
// headers applied, its response headers kept for the route's response (and
// given to the route's request, as Next.js does), then its redirect, its
// rewrite, or the rest of the plan.
func (h *Handler) afterProxy(w http.ResponseWriter, r *http.Request, d plan.Decision, status int, hdr http.Header) {
	// Same-origin URLs the proxy returns are made relative: its origin is
	// http://localhost:<port>, as request.url.
	origin := strings.TrimSuffix(requestURL(r, "/", ""), "/")
	// The route's request is r itself unless the proxy changes its headers
	// (a plain NextResponse.next() does not): a copy is made on the first change.
	r2 := r
	header := func() http.Header {
		if r2 == r {
			r2 = r.Clone(r.Context())
		}
		return r2.Header
	}
	if list := hdr.Get("X-Middleware-Override-Headers"); list != "" {
		keep := map[string]bool{}
		for _, k := range strings.Split(list, ",") {
			keep[http.CanonicalHeaderKey(strings.TrimSpace(k))] = true
		}
		rh := header()
		for k := range rh {
			if !keep[k] {
				delete(rh, k)
			}
		}
		for k := range keep {
			if vs, ok := hdr["X-Middleware-Request-"+k]; ok {
				rh[k] = vs
			} else {
				delete(rh, k)
			}
		}
	}
	out := http.Header{}
	for k, vs := range d.Header {
		out[k] = vs
	}
	for k, vs := range hdr {
		switch {
		case proxyDropped[k] || strings.HasPrefix(k, "X-Middleware-Request-"):
		case k == "X-Middleware-Set-Cookie":
			header()[k] = vs // for the route's request only
		case len(vs) == 0 || vs[0] == "":
		case k == "Set-Cookie":
			out[k] = append(append([]string(nil), out[k]...), vs...)
			header()[k] = vs
		default:
			out[k] = vs
			header()[k] = vs
		}
	}
	d.Header = out
	if loc := hdr.Get("Location"); loc != "" && hdr.Get("X-Middleware-Rewrite") == "" {
		d.Answer, d.Location, d.Status = plan.ConfigRedirect, relativeTo(loc, origin), status
		h.answer(w, r2, d, "")
		return
	}
	dest := hdr.Get("X-Middleware-Rewrite")
	if dest == "" {
		h.answer(w, r2, h.planner.Resume(r2, d, d.Path, r.URL.RawQuery), "")
		return
	}
	out["X-Middleware-Rewrite"] = []string{dest} // Next.js sends it on
	rel := relativeTo(dest, origin)
	if !strings.HasPrefix(rel, "/") {
		d.Answer, d.Location = plan.Proxy, dest // another origin: proxied
		h.answer(w, r2, d, "")
		return
	}
	p, q, _ := strings.Cut(rel, "?")
	p, _, _ = strings.Cut(p, "#")
	// The route sees the destination as its request.url (recorded from Next.js 16.5).
	routeURL := requestURL(r, strings.TrimPrefix(p, h.planner.Config().BasePath()), q)
	h.answer(w, r2, h.planner.ResumeRewrite(r2, d, p, q), routeURL)
}

// relativeTo makes a URL on origin ("http://localhost:3000") relative, as
// Next.js's getRelativeURL does; one elsewhere stays absolute.
func relativeTo(raw, origin string) string {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || !strings.EqualFold(u.Scheme+"://"+u.Host, origin) {
		return raw
	}
	rel := u.EscapedPath()
	if rel == "" {
		rel = "/"
	}
	if u.RawQuery != "" {
		rel += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		rel += "#" + u.EscapedFragment()
	}
	return rel
}

// isRedirect reports the statuses Next.js reads a Location with as a redirect.
func isRedirect(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}
