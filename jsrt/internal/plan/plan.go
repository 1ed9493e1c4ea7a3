// Package plan is the first half of the request path: Next.js's path
// semantics, decided from the request alone, with no worker involved
// (basePath, dot segments, slashes, next.config redirects, headers and
// rewrites, the route match, dynamicParams, the body limit and the
// method's answer). What it decides, a Decision, is either an answer jsrt
// writes at once or a route for the loop side to run. A Planner is
// read-only once start-up has filled it, so requests share it without
// locks; plan_test.go tests it by table.
package plan

import (
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/jsroutes/jsroutes/bundler"
	"golang.org/x/net/http/httpguts"
)

// Planner decides what each request gets.
type Planner struct {
	config  *Config
	router  *router
	routes  []Route
	maxBody int64
	proxy   *Matcher // nil: the app has no proxy
}

// Route is what the planner knows of one route.
type Route struct {
	bundler.Route
	// Methods are the HTTP methods the route's file exports.
	Methods []string
	// Cached: GET and HEAD are answered from the cache.
	Cached bool
	// OnlyListed: dynamicParams = false, only the paths in Listed exist.
	OnlyListed bool
	// Listed holds the paths generateStaticParams lists (nil for a route
	// that does not export it).
	Listed map[string]bool
}

// New returns the planner of an app: its next.config, its routes in the
// order of the bundle, the body limit (0: none) and its proxy's matcher
// (nil: no proxy).
func New(config *Config, routes []Route, maxBody int64, proxy *Matcher) *Planner {
	b := make([]bundler.Route, len(routes))
	for i, r := range routes {
		b[i] = r.Route
	}
	return &Planner{config: config, router: newRouter(b), routes: routes, maxBody: maxBody, proxy: proxy}
}

// Config is the app's next.config.
func (p *Planner) Config() *Config { return p.config }

// Route is route i.
func (p *Planner) Route(i int) *Route { return &p.routes[i] }

// Answer is what a decision does.
type Answer int

const (
	Run                    Answer = iota // run the route (Decision.Route, .Export)
	SlashRedirect                        // 308 to .Location (slashes, trailing slash)
	ConfigRedirect                       // a next.config redirect: .Status to .Location
	Proxy                                // a rewrite to an external URL: proxy to .Location
	NotFound                             // 404
	BadParam                             // 500: a parameter that does not decode (URIError)
	TooLarge                             // 413: Content-Length past the body limit
	StaticMethodNotAllowed               // 405 from a cached route
	Options                              // 204 with Allow: .Location
	MethodNotAllowed                     // 405
	UnknownMethod                        // 400: none of the seven methods a route can export
	RunProxy                             // run the proxy, then Resume (.Path, .RawPath, .Header set)
)

// Decision is the planner's verdict on one request.
type Decision struct {
	Answer   Answer
	Status   int    // ConfigRedirect
	Location string // a redirect's or proxy's target; the Allow of Options
	// Header holds next.config's headers for the request: they go on every
	// response, and win over the route's own.
	Header http.Header
	// For Run (and BadParam):
	Route   int     // the index of the route
	Params  []Param // its dynamic segments' values
	Export  string  // the export that answers (GET for HEAD)
	Path    string  // the app path, after rewrites, without basePath
	RawPath string  // the path as sent, dot segments resolved
}

// Plan decides what a request gets.
func (p *Planner) Plan(r *http.Request) Decision {
	cfg := p.config
	raw := requestPath(r)
	if strings.Contains(raw, "//") || strings.Contains(raw, "\\") {
		// Next.js's first step, whatever the config: backslashes become
		// slashes and repeated slashes one (browsers read "/\\evil.com" and
		// "//evil.com" as another host, so no redirect may keep them).
		return Decision{Answer: SlashRedirect, Location: normalizeSlashes(raw)}
	}
	// Dot segments are resolved as the URL standard (and so Next.js) does:
	// "/a/../b" is "/b", while an encoded slash stays inside its segment.
	rawPath := removeDotSegments(raw)
	path, ok := p.withoutBase(rawPath)
	if !ok {
		return Decision{Answer: NotFound}
	}
	if path == "" && !cfg.trailingSlash {
		path = "/" // the basePath itself is the app's root
	}
	if !cfg.skipTrailingSlashRedirect {
		if clean := cleanPath(path, cfg.trailingSlash); clean != path {
			return Decision{Answer: SlashRedirect, Location: cfg.basePath + clean}
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
			return Decision{Answer: ConfigRedirect, Location: dest, Status: rule.status}
		}
	}
	d := Decision{Header: p.headers(r, path, rawPath), RawPath: rawPath}
	if p.proxy != nil && p.proxy.matches(r, rawPath) {
		d.Answer, d.Path = RunProxy, path
		return d
	}
	return p.Resume(r, d, path, r.URL.RawQuery)
}

// withoutBase is a path as sent without the basePath; false for a path
// outside it.
func (p *Planner) withoutBase(path string) (string, bool) {
	base := p.config.basePath
	if base == "" {
		return path, true
	}
	if path != base && !strings.HasPrefix(path, base+"/") {
		return "", false
	}
	return strings.TrimPrefix(path, base), true
}

// ResumeRewrite plans a request the proxy rewrote to rawPath (its URL's
// path, with the basePath) and query: a path outside the basePath is not
// found, as in Next.js.
func (p *Planner) ResumeRewrite(r *http.Request, d Decision, rawPath, query string) Decision {
	path, ok := p.withoutBase(rawPath)
	if !ok {
		d.Answer = NotFound
		return d
	}
	if path == "" {
		path = "/"
	}
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	return p.Resume(r, d, path, query)
}

// Resume plans the rest of a request from its rewrites on (what follows
// the proxy), at app path (basePath removed) and query: the proxy may have
// rewritten them, and changed r's headers, which has and missing read.
func (p *Planner) Resume(r *http.Request, d Decision, path, query string) Decision {
	cfg := p.config
	d.Answer = Run
	// Rewrites: beforeFiles, then the match; afterFiles when no route (or
	// only a dynamic one) matched; fallback when still none did.
	rewrite := func(rules []rewriteRule) (external bool) {
		for i := range rules {
			if params, ok := rules[i].matches(r, path); ok {
				dest := destination(rules[i].destination, params, query, true)
				if !strings.HasPrefix(dest, "/") {
					d.Answer, d.Location = Proxy, dest
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
	if (idx < 0 || p.routes[idx].HasParams()) && len(cfg.afterFiles) > 0 {
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
		d.Answer = NotFound
		return d
	}
	d.Route, d.Params, d.Path = idx, params, path
	route := &p.routes[idx]
	methods := route.Methods
	switch {
	case route.OnlyListed && !route.Listed[path]:
		d.Answer = NotFound // dynamicParams = false: only generateStaticParams' paths exist
	case bad:
		d.Answer = BadParam
	case p.maxBody > 0 && r.Body != nil && r.Body != http.NoBody && r.ContentLength > p.maxBody:
		d.Answer = TooLarge
	case !slices.Contains(bundler.Methods, r.Method):
		d.Answer = UnknownMethod // Next.js answers 400 for PROPFIND or a made-up token; 405 is for the seven
	case route.Cached && r.Method != http.MethodGet && r.Method != http.MethodHead && !slices.Contains(methods, r.Method):
		d.Answer = StaticMethodNotAllowed
	case slices.Contains(methods, r.Method):
		d.Export = r.Method
	case r.Method == http.MethodHead && slices.Contains(methods, http.MethodGet):
		d.Export = http.MethodGet
	case r.Method == http.MethodOptions:
		d.Answer, d.Location = Options, allowHeader(methods)
	default:
		d.Answer = MethodNotAllowed
	}
	return d
}

// headers returns next.config's headers for a request (nil for none).
func (p *Planner) headers(r *http.Request, path, rawPath string) http.Header {
	var extra http.Header
	for i := range p.config.headers {
		rule := &p.config.headers[i]
		if _, ok := rule.matches(r, rule.target(path, rawPath)); ok {
			for _, kv := range rule.headers {
				if httpguts.ValidHeaderFieldName(kv[0]) && httpguts.ValidHeaderFieldValue(kv[1]) {
					if extra == nil {
						extra = http.Header{}
					}
					if http.CanonicalHeaderKey(kv[0]) == "Set-Cookie" {
						extra.Add(kv[0], kv[1]) // every rule's cookie is sent, as in Next.js
					} else {
						extra.Set(kv[0], kv[1]) // a later rule wins
					}
				}
			}
		}
	}
	return extra
}

// match finds the route for an app path (basePath already removed).
// lenient ignores a trailing slash, for configs where one is allowed.
func (p *Planner) match(path string, lenient bool) (int, []Param, bool) {
	if lenient && len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	var segs []string
	if path != "/" {
		segs = strings.Split(path[1:], "/")
	}
	return p.router.match(segs)
}

// requestPath is the path as the client sent it, still escaped. It comes
// from r.URL, so the handler works under http.StripPrefix, except for a
// path starting "//", which Go's URL parser takes for a host name.
func requestPath(r *http.Request) string {
	p := r.URL.EscapedPath()
	// The raw path where Go's would hide what Next.js redirects on:
	// repeated slashes at the start, and backslashes (which Go escapes).
	raw := r.RequestURI
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i]
	}
	if strings.HasPrefix(raw, "//") || strings.Contains(raw, "\\") {
		p = raw
	}
	if p == "" {
		return "/"
	}
	return p
}

// removeDotSegments resolves "." and ".." segments, also when written
// %2e, as the WHATWG URL parser does. A path ending in a dot segment keeps a
// trailing slash ("/a/b/.." is "/a/").
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") && !strings.Contains(p, "%2") {
		return p
	}
	segs := strings.Split(p, "/")[1:]
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(s) {
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}

// normalizeSlashes is Next.js's normalizeRepeatedSlashes of a path:
// backslashes read as slashes, and no repeated slashes.
func normalizeSlashes(p string) string {
	var b strings.Builder
	prev := byte(0)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '\\' {
			c = '/'
		}
		if c == '/' && prev == '/' {
			continue
		}
		prev = c
		b.WriteByte(c)
	}
	return b.String()
}

// cleanPath is the path Next.js redirects a slash-normalized path to: no
// trailing slash — or, with trailingSlash, one on every path whose last
// segment does not look like a file.
func cleanPath(p string, trailingSlash bool) string {
	if (len(p) <= 1 || !strings.HasSuffix(p, "/")) && !trailingSlash {
		return p
	}
	out := strings.TrimSuffix(p, "/")
	if out == "" {
		return "/"
	}
	if trailingSlash && !looksLikeFile.MatchString(out) {
		out += "/"
	}
	return out
}

// looksLikeFile matches a path whose last segment has an extension (and is
// not under .well-known), which trailingSlash leaves without a slash.
var looksLikeFile = regexp.MustCompile(`^(?:/[^/]+)*/[^/]+\.\w+$`)

// allowHeader is the Allow of an automatic OPTIONS Answer: the exported
// methods, HEAD when GET is exported, and OPTIONS, sorted.
func allowHeader(methods []string) string {
	set := map[string]bool{http.MethodOptions: true}
	for _, m := range methods {
		set[m] = true
		if m == http.MethodGet {
			set[http.MethodHead] = true
		}
	}
	out := make([]string, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
