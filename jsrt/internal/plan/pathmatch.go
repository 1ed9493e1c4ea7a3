package plan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dlclark/regexp2/v2"
)

// pathPattern is a next.config `source` compiled the way Next.js compiles
// it: path-to-regexp (v6) syntax — :name, :name?, :name*, :name+,
// :name(regex), (regex), {…} groups — matched whole and case-insensitively.
// Patterns may use lookarounds, so they run on regexp2, not Go's RE2.
type pathPattern struct {
	re     *regexp2.Regexp
	params []patternParam
}

type patternParam struct {
	name   string // a number for unnamed groups
	repeat bool   // * or +: the value is a list of segments
	prefix string
}

type patternToken struct {
	literal  string
	param    *patternParam
	pattern  string
	suffix   string
	modifier string
}

// compilePattern parses a path-to-regexp v6 pattern, as next.config's
// rules use it: case-insensitive, a trailing slash not allowed.
func compilePattern(src string) (*pathPattern, error) {
	return compilePatternAs(src, false)
}

// compilePatternAs compiles src as next.config's rules do, or, with
// matcher, as a proxy's config.matcher is: Next.js keeps only the regexp's
// source of path-to-regexp's default (case-insensitive, non-strict)
// output, so the flag is lost and the match is case-sensitive, and a
// trailing slash is allowed.
func compilePatternAs(src string, matcher bool) (*pathPattern, error) {
	tokens, err := parsePattern(src)
	if err != nil {
		return nil, fmt.Errorf("invalid source %q: %w", src, err)
	}
	var b strings.Builder
	b.WriteString("^")
	p := &pathPattern{}
	for _, t := range tokens {
		if t.param == nil {
			b.WriteString(regexp.QuoteMeta(t.literal))
			continue
		}
		prefix, suffix := regexp.QuoteMeta(t.param.prefix), regexp.QuoteMeta(t.suffix)
		pat := t.pattern
		switch {
		case prefix != "" || suffix != "":
			if t.modifier == "+" || t.modifier == "*" {
				opt := ""
				if t.modifier == "*" {
					opt = "?"
				}
				fmt.Fprintf(&b, "(?:%s((?:%s)(?:%s%s(?:%s))*)%s)%s", prefix, pat, suffix, prefix, pat, suffix, opt)
			} else {
				fmt.Fprintf(&b, "(?:%s(%s)%s)%s", prefix, pat, suffix, t.modifier)
			}
		case t.modifier == "+" || t.modifier == "*":
			fmt.Fprintf(&b, "((?:%s)%s)", pat, t.modifier)
		default:
			fmt.Fprintf(&b, "(%s)%s", pat, t.modifier)
		}
		p.params = append(p.params, *t.param)
	}
	opts := regexp2.IgnoreCase
	if matcher {
		b.WriteString(`[\/#\?]?`)
		opts = regexp2.None
	}
	b.WriteString("$")
	re, err := regexp2.Compile(b.String(), opts)
	if err != nil {
		return nil, fmt.Errorf("invalid source %q: %w", src, err)
	}
	p.re = re
	return p, nil
}

// parsePattern splits a pattern into literals and parameters, as
// path-to-regexp's parse does with "./" as prefix characters.
func parsePattern(src string) ([]patternToken, error) {
	const defaultPattern = `[^\/#\?]+?`
	var tokens []patternToken
	var lit strings.Builder
	unnamed := 0
	flush := func() {
		if lit.Len() > 0 {
			tokens = append(tokens, patternToken{literal: lit.String()})
			lit.Reset()
		}
	}
	readGroup := func(i int) (string, int, error) { // src[i] == '('
		depth, j := 1, i+1
		for ; j < len(src) && depth > 0; j++ {
			switch src[j] {
			case '\\':
				j++
			case '(':
				depth++
			case ')':
				depth--
			}
		}
		if depth != 0 {
			return "", 0, fmt.Errorf("unbalanced pattern at %d", i)
		}
		return src[i+1 : j-1], j, nil
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src):
			lit.WriteByte(src[i+1])
			i += 2
		case c == ':' || c == '(':
			name := ""
			j := i
			if c == ':' {
				j = i + 1
				for j < len(src) && (src[j] == '_' || src[j] >= '0' && src[j] <= '9' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
					j++
				}
				name = src[i+1 : j]
				if name == "" {
					return nil, fmt.Errorf("missing parameter name at %d", i)
				}
			}
			pattern := defaultPattern
			if j < len(src) && src[j] == '(' {
				var err error
				if pattern, j, err = readGroup(j); err != nil {
					return nil, err
				}
			}
			if name == "" {
				name = fmt.Sprint(unnamed)
				unnamed++
			}
			modifier := ""
			if j < len(src) && strings.IndexByte("?*+", src[j]) >= 0 {
				modifier = string(src[j])
				j++
			}
			prefix := ""
			if s := lit.String(); s != "" && strings.IndexByte("./", s[len(s)-1]) >= 0 {
				prefix = s[len(s)-1:]
				lit.Reset()
				lit.WriteString(s[:len(s)-1])
			}
			flush()
			tokens = append(tokens, patternToken{param: &patternParam{name: name, repeat: modifier == "*" || modifier == "+", prefix: prefix}, pattern: pattern, modifier: modifier})
			i = j
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return tokens, nil
}

// match returns the parameters of a matching path, or ok false.
func (p *pathPattern) match(path string) (map[string]string, bool) {
	m, err := p.re.FindStringMatch(path)
	if err != nil || m == nil {
		return nil, false
	}
	params := map[string]string{}
	groups := m.Groups()
	for i, prm := range p.params {
		if i+1 < len(groups) && len(groups[i+1].Captures) > 0 {
			params[prm.name] = groups[i+1].String()
		}
	}
	return params, true
}

var destinationParam = regexp.MustCompile(`:([A-Za-z0-9_]+)[*+?]?`)

// fill substitutes :name references in a destination with matched values,
// reporting which names it used.
func fill(dest string, params map[string]string) (string, map[string]bool) {
	used := map[string]bool{}
	// Leave the scheme's colon and a port alone: only replace known names.
	out := destinationParam.ReplaceAllStringFunc(dest, func(ref string) string {
		name := strings.TrimRight(ref[1:], "*+?")
		v, ok := params[name]
		if !ok {
			return ref
		}
		used[name] = true
		return v
	})
	return out, used
}
