package plan

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Matcher is a proxy's config.matcher, compiled once at start: which
// requests the proxy runs for. Next.js matches it after next.config's
// headers and redirects and before every rewrite, on the path as sent
// (with the basePath) and on that path percent-decoded: either matching is
// enough, so an encoded letter cannot slip past a gate (the router, which
// matches the path as sent, then answers 404 for it).
type Matcher struct {
	rules []ruleBase // nil: every path
}

// ProxyConfig is what a proxy's `config` export holds that jsroutes reads.
type ProxyConfig struct {
	Matcher json.RawMessage `json:"matcher"`
	Runtime string          `json:"runtime"`
}

// ParseProxyConfig reads a proxy's config (its JSON) and compiles its
// matcher: a string, an array of strings and { source, has, missing,
// locale } objects, or nothing (every path).
func ParseProxyConfig(raw string, basePath string) (*Matcher, ProxyConfig, error) {
	var c ProxyConfig
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return nil, c, fmt.Errorf("config: %w", err)
	}
	switch c.Runtime {
	case "", "nodejs", "edge", "experimental-edge":
	default:
		return nil, c, fmt.Errorf(`config.runtime %q: the proxy runs on "nodejs" (the default) or "edge"`, c.Runtime)
	}
	m := &Matcher{}
	if len(c.Matcher) == 0 || string(c.Matcher) == "null" {
		return m, c, nil
	}
	var items []any
	if err := json.Unmarshal(c.Matcher, &items); err != nil {
		var one any
		if err := json.Unmarshal(c.Matcher, &one); err != nil {
			return nil, c, fmt.Errorf("config.matcher: %w", err)
		}
		items = []any{one}
	}
	m.rules = []ruleBase{}
	for i, it := range items {
		obj, ok := it.(map[string]any)
		if s, isString := it.(string); isString {
			obj, ok = map[string]any{"source": s}, true
		}
		if !ok {
			return nil, c, fmt.Errorf("config.matcher[%d]: a string or an object with source, not %v", i, it)
		}
		src, _ := obj["source"].(string)
		if !strings.HasPrefix(src, "/") {
			return nil, c, fmt.Errorf("config.matcher[%d]: source %q must start with /", i, src)
		}
		rule, err := parseRuleBase(obj, "config.matcher", i)
		if err != nil {
			return nil, c, err
		}
		if rule.source, err = compilePatternAs(basePath+src, true); err != nil {
			return nil, c, fmt.Errorf("config.matcher[%d]: %w", i, err)
		}
		rule.noBase = true
		m.rules = append(m.rules, rule)
	}
	return m, c, nil
}

// Sources lists the matcher's sources as written ("/:path*" for none), for
// `jsroutes routes`.
func (m *Matcher) Sources() []string {
	if m.rules == nil {
		return []string{"/:path*"}
	}
	out := make([]string, len(m.rules))
	for i, r := range m.rules {
		out[i] = r.raw
	}
	return out
}

// matches reports whether the proxy runs for a request at rawPath (the path
// as sent, dot segments resolved, with the basePath).
func (m *Matcher) matches(r *http.Request, rawPath string) bool {
	if m.rules == nil {
		return true
	}
	decoded, err := url.PathUnescape(rawPath)
	if err != nil {
		decoded = rawPath // Next.js cannot decode it either: the raw path alone
	}
	for i := range m.rules {
		if _, ok := m.rules[i].matches(r, rawPath); ok {
			return true
		}
		if decoded != rawPath {
			if _, ok := m.rules[i].matches(r, decoded); ok {
				return true
			}
		}
	}
	return false
}
