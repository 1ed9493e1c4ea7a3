package jsrt

import (
	"net/http"
	"slices"
	"strings"

	"github.com/jsroutes/jsroutes/bundler"
	"golang.org/x/net/http/httpguts"
)

// planner is the first half of the request path: Next.js's path semantics,
// decided from the request alone, with no worker involved (basePath, dot
// segments, slashes, next.config redirects, headers and rewrites, the
// route match, dynamicParams, the body limit and the method's answer).
// What it decides, a decision, is either an answer ServeHTTP writes at
// once or a route for the loop side (exchange.go, serve.go's serveRoute)
// to run. It is read-only after start-up (planRoutes fills it), so
// requests share it without locks, and plan_test.go tests it by table.
type planner struct {
	config  *nextConfig
	router  *router
	bundle  []bundler.Route // the route files, as routes
	methods [][]string      // each route's exported methods
	cache   []cachePlan     // how each route meets the cache
	// listed holds, for each dynamic route exporting generateStaticParams,
	// the paths it lists (see prerender); nil for the others.
	listed  []map[string]bool
	maxBody int64
}

// answer is what a decision does.
type answer int

const (
	answerRoute                  answer = iota // run the route (decision.route, .export)
	answerSlashRedirect                        // 308 to .location (slashes, trailing slash)
	answerConfigRedirect                       // a next.config redirect: .status to .location
	answerProxy                                // a rewrite to an external URL: proxy to .location
	answerNotFound                             // 404
	answerBadParam                             // 500: a parameter that does not decode (URIError)
	answerTooLarge                             // 413: Content-Length past the body limit
	answerStaticMethodNotAllowed               // 405 from a cached route
	answerOptions                              // 204 with Allow: .location
	answerMethodNotAllowed                     // 405
)

// decision is the planner's verdict on one request.
type decision struct {
	answer   answer
	status   int    // answerConfigRedirect
	location string // a redirect's or proxy's target; the Allow of answerOptions
	// header holds next.config's headers for the request: they go on every
	// response, and win over the route's own.
	header http.Header
	// For answerRoute (and answerBadParam):
	route   int     // the index of the route
	params  []param // its dynamic segments' values
	export  string  // the export that answers (GET for HEAD)
	path    string  // the app path, after rewrites, without basePath
	rawPath string  // the path as sent, dot segments resolved
}

// plan decides what a request gets.
func (p *planner) plan(r *http.Request) decision {
	cfg := p.config
	raw := requestPath(r)
	if strings.Contains(raw, "//") || strings.Contains(raw, "\\") {
		// Next.js's first step, whatever the config: backslashes become
		// slashes and repeated slashes one (browsers read "/\\evil.com" and
		// "//evil.com" as another host, so no redirect may keep them).
		return decision{answer: answerSlashRedirect, location: normalizeSlashes(raw)}
	}
	// Dot segments are resolved as the URL standard (and so Next.js) does:
	// "/a/../b" is "/b", while an encoded slash stays inside its segment.
	rawPath := removeDotSegments(raw)
	path := rawPath
	if cfg.basePath != "" {
		if path != cfg.basePath && !strings.HasPrefix(path, cfg.basePath+"/") {
			return decision{answer: answerNotFound}
		}
		path = strings.TrimPrefix(path, cfg.basePath)
	}
	if path == "" && !cfg.trailingSlash {
		path = "/" // the basePath itself is the app's root
	}
	if !cfg.skipTrailingSlashRedirect {
		if clean := cleanPath(path, cfg.trailingSlash); clean != path {
			return decision{answer: answerSlashRedirect, location: cfg.basePath + clean}
		}
	}
	// next.config sources are written without the trailing slash that
	// trailingSlash: true puts on every path.
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	for i := range cfg.redirects {
		rule := &cfg.redirects[i]
		if params, ok := rule.matches(r, rule.target(path, rawPath)); ok {
			dest := destination(rule.destination, params, r.URL.RawQuery, false)
			if strings.HasPrefix(dest, "/") && !rule.noBase {
				dest = cfg.basePath + dest
			}
			return decision{answer: answerConfigRedirect, location: dest, status: rule.status}
		}
	}
	d := decision{header: p.headers(r, path, rawPath), rawPath: rawPath}

	// Rewrites: beforeFiles, then the match; afterFiles when no route (or
	// only a dynamic one) matched; fallback when still none did.
	query := r.URL.RawQuery
	rewrite := func(rules []rewriteRule) (external bool) {
		for i := range rules {
			if params, ok := rules[i].matches(r, path); ok {
				dest := destination(rules[i].destination, params, query, true)
				if !strings.HasPrefix(dest, "/") {
					d.answer, d.location = answerProxy, dest
					return true
				}
				path, query, _ = strings.Cut(dest, "?")
				return false
			}
		}
		return false
	}
	if rewrite(cfg.beforeFiles) {
		return d
	}
	idx, params, bad := p.match(path, cfg.trailingSlash || cfg.skipTrailingSlashRedirect)
	if (idx < 0 || p.bundle[idx].HasParams()) && len(cfg.afterFiles) > 0 {
		if rewrite(cfg.afterFiles) {
			return d
		}
		idx, params, bad = p.match(path, true)
	}
	if idx < 0 && len(cfg.fallback) > 0 {
		if rewrite(cfg.fallback) {
			return d
		}
		idx, params, bad = p.match(path, true)
	}
	if idx < 0 {
		d.answer = answerNotFound
		return d
	}
	d.route, d.params, d.path = idx, params, path
	methods, plan := p.methods[idx], p.cache[idx]
	switch {
	case plan.onlyListed && !p.listed[idx][path]:
		d.answer = answerNotFound // dynamicParams = false: only generateStaticParams' paths exist
	case bad:
		d.answer = answerBadParam
	case p.maxBody > 0 && r.Body != nil && r.Body != http.NoBody && r.ContentLength > p.maxBody:
		d.answer = answerTooLarge
	case plan.cached && r.Method != http.MethodGet && r.Method != http.MethodHead && !slices.Contains(methods, r.Method):
		d.answer = answerStaticMethodNotAllowed
	case slices.Contains(methods, r.Method):
		d.export = r.Method
	case r.Method == http.MethodHead && slices.Contains(methods, http.MethodGet):
		d.export = http.MethodGet
	case r.Method == http.MethodOptions:
		d.answer, d.location = answerOptions, allowHeader(methods)
	default:
		d.answer = answerMethodNotAllowed
	}
	return d
}

// headers returns next.config's headers for a request (nil for none).
func (p *planner) headers(r *http.Request, path, rawPath string) http.Header {
	var extra http.Header
	for i := range p.config.headers {
		rule := &p.config.headers[i]
		if _, ok := rule.matches(r, rule.target(path, rawPath)); ok {
			for _, kv := range rule.headers {
				if httpguts.ValidHeaderFieldName(kv[0]) && httpguts.ValidHeaderFieldValue(kv[1]) {
					if extra == nil {
						extra = http.Header{}
					}
					extra.Set(kv[0], kv[1])
				}
			}
		}
	}
	return extra
}

// match finds the route for an app path (basePath already removed).
// lenient ignores a trailing slash, for configs where one is allowed.
func (p *planner) match(path string, lenient bool) (int, []param, bool) {
	if lenient && len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	var segs []string
	if path != "/" {
		segs = strings.Split(path[1:], "/")
	}
	return p.router.match(segs)
}
