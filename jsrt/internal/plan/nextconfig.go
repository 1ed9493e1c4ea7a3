package plan

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Config is what jsroutes applies of an app's next.config: the parts
// that concern route handlers.
type Config struct {
	basePath                  string
	trailingSlash             bool
	skipTrailingSlashRedirect bool
	cacheComponents           bool
	useCache                  bool
	cacheHandlers             []string
	headers                   []headerRule
	redirects                 []redirectRule
	beforeFiles               []rewriteRule
	afterFiles                []rewriteRule
	fallback                  []rewriteRule
}

type condition struct {
	kind  string // header, cookie, query, host
	key   string
	value *regexp.Regexp // nil: present is enough
}

type ruleBase struct {
	source  *pathPattern
	raw     string
	noBase  bool // basePath: false
	has     []condition
	missing []condition
}

type headerRule struct {
	ruleBase
	headers [][2]string
}

type redirectRule struct {
	ruleBase
	destination string
	status      int
}

type rewriteRule struct {
	ruleBase
	destination string
}

// CacheComponents reports next.config's cacheComponents: GET handlers
// are prerendered unless they use request data or uncached IO.
func (c *Config) CacheComponents() bool { return c.cacheComponents }

// UseCache reports whether 'use cache' functions may run: cacheComponents,
// or the older experimental.useCache.
func (c *Config) UseCache() bool { return c.cacheComponents || c.useCache }

// CacheHandlers names the cache handler keys next.config sets
// (cacheHandler, cacheHandlers), which jsroutes does not load: its own
// store keeps the entries.
func (c *Config) CacheHandlers() []string { return c.cacheHandlers }

// ParseConfig reads the next.config the runtime reported (nil: none).
func ParseConfig(m map[string]any) (*Config, error) {
	c := &Config{}
	if m == nil {
		return c, nil
	}
	c.basePath, _ = m["basePath"].(string)
	if c.basePath != "" && (!strings.HasPrefix(c.basePath, "/") || strings.HasSuffix(c.basePath, "/")) {
		return nil, fmt.Errorf("basePath %q must start with / and not end with /", c.basePath)
	}
	c.trailingSlash, _ = m["trailingSlash"].(bool)
	c.skipTrailingSlashRedirect, _ = m["skipTrailingSlashRedirect"].(bool)
	c.cacheComponents, _ = m["cacheComponents"].(bool)
	c.useCache, _ = m["useCache"].(bool)
	handlers, _ := m["cacheHandlers"].([]any)
	for _, k := range handlers {
		if s, ok := k.(string); ok {
			c.cacheHandlers = append(c.cacheHandlers, s)
		}
	}
	for i, r := range list(m["headers"]) {
		base, err := parseRuleBase(r, "headers", i)
		if err != nil {
			return nil, err
		}
		rule := headerRule{ruleBase: base}
		for _, h := range list(r["headers"]) {
			k, _ := h["key"].(string)
			v, _ := h["value"].(string)
			rule.headers = append(rule.headers, [2]string{k, v})
		}
		c.headers = append(c.headers, rule)
	}
	for i, r := range list(m["redirects"]) {
		base, err := parseRuleBase(r, "redirects", i)
		if err != nil {
			return nil, err
		}
		rule := redirectRule{ruleBase: base, status: http.StatusTemporaryRedirect}
		rule.destination, _ = r["destination"].(string)
		if p, _ := r["permanent"].(bool); p {
			rule.status = http.StatusPermanentRedirect
		}
		switch n := r["statusCode"].(type) { // as goja exports a number
		case int64:
			rule.status = int(n)
		case float64:
			rule.status = int(n)
		}
		c.redirects = append(c.redirects, rule)
	}
	rewrites, _ := m["rewrites"].(map[string]any)
	for _, phase := range []struct {
		key string
		dst *[]rewriteRule
	}{{"beforeFiles", &c.beforeFiles}, {"afterFiles", &c.afterFiles}, {"fallback", &c.fallback}} {
		for i, r := range list(rewrites[phase.key]) {
			base, err := parseRuleBase(r, "rewrites."+phase.key, i)
			if err != nil {
				return nil, err
			}
			rule := rewriteRule{ruleBase: base}
			rule.destination, _ = r["destination"].(string)
			*phase.dst = append(*phase.dst, rule)
		}
	}
	return c, nil
}

func list(v any) []map[string]any {
	items, _ := v.([]any)
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func parseRuleBase(r map[string]any, what string, i int) (ruleBase, error) {
	src, _ := r["source"].(string)
	if src == "" || !strings.HasPrefix(src, "/") {
		return ruleBase{}, fmt.Errorf("%s[%d]: source %q must start with /", what, i, src)
	}
	p, err := compilePattern(src)
	if err != nil {
		return ruleBase{}, fmt.Errorf("%s[%d]: %w", what, i, err)
	}
	b := ruleBase{source: p, raw: src}
	if bp, ok := r["basePath"].(bool); ok && !bp {
		b.noBase = true
	}
	for _, key := range []string{"has", "missing"} {
		for _, h := range list(r[key]) {
			cond := condition{}
			cond.kind, _ = h["type"].(string)
			cond.key, _ = h["key"].(string)
			if v, ok := h["value"].(string); ok {
				re, err := regexp.Compile("^(?:" + v + ")$")
				if err != nil {
					return ruleBase{}, fmt.Errorf("%s[%d]: %s value %q: %w", what, i, key, v, err)
				}
				cond.value = re
			}
			if key == "has" {
				b.has = append(b.has, cond)
			} else {
				b.missing = append(b.missing, cond)
			}
		}
	}
	return b, nil
}

// target is the path a rule matches against: the app's path, or the full
// path with the basePath for a rule that opts out of it (basePath: false).
func (b *ruleBase) target(appPath, fullPath string) string {
	if b.noBase {
		return fullPath
	}
	return appPath
}

// matches reports whether a rule applies to a request at path, with its parameters.
func (b *ruleBase) matches(r *http.Request, path string) (map[string]string, bool) {
	params, ok := b.source.match(path)
	if !ok {
		return nil, false
	}
	for _, c := range b.has {
		if !c.holds(r) {
			return nil, false
		}
	}
	for _, c := range b.missing {
		if c.holds(r) {
			return nil, false
		}
	}
	return params, true
}

func (c condition) holds(r *http.Request) bool {
	var v string
	var present bool
	switch c.kind {
	case "header":
		vs := r.Header.Values(c.key)
		v, present = strings.Join(vs, ", "), len(vs) > 0
	case "cookie":
		if ck, err := r.Cookie(c.key); err == nil {
			v, present = ck.Value, true
		}
	case "query":
		q := r.URL.Query()
		v, present = q.Get(c.key), q.Has(c.key)
	case "host":
		host := r.Host
		if h, _, err := splitHostPort(host); err == nil {
			host = h
		}
		v, present = host, true
		if c.value == nil && c.key != "" {
			return strings.EqualFold(host, c.key)
		}
	default:
		return false
	}
	if !present {
		return false
	}
	return c.value == nil || c.value.MatchString(v)
}

func splitHostPort(hostport string) (string, string, error) {
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 || strings.Contains(hostport[i:], "]") {
		return hostport, "", fmt.Errorf("no port")
	}
	return hostport[:i], hostport[i+1:], nil
}

// destination builds a rule's target: parameters substituted, the ones a
// rewrite does not use passed on in the query (as Next.js does), and the
// request's own query kept.
func destination(dest string, params map[string]string, query string, passUnused bool) string {
	// The path and the query are filled apart: "?" after a :name is the
	// query's start, not path-to-regexp's optional marker.
	destPath, destQuery, hasQuery := strings.Cut(dest, "?")
	out, used := fill(destPath, params)
	if hasQuery {
		q, usedQ := fill(destQuery, params)
		out += "?" + q
		for k := range usedQ {
			used[k] = true
		}
	}
	u, err := url.Parse(out)
	if err != nil {
		return out
	}
	q := u.Query()
	if passUnused {
		for k, v := range params {
			if !used[k] && !isUnnamed(k) {
				q.Set(k, v)
			}
		}
	}
	if query != "" {
		if orig, err := url.ParseQuery(query); err == nil {
			for k, vs := range orig {
				if !q.Has(k) {
					q[k] = vs
				}
			}
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func isUnnamed(name string) bool {
	for _, c := range name {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// BasePath is next.config's basePath ("" for none).
func (c *Config) BasePath() string { return c.basePath }

// TrailingSlash is next.config's trailingSlash.
func (c *Config) TrailingSlash() bool { return c.trailingSlash }
