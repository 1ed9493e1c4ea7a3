package plan

import (
	"strings"
	"unicode/utf8"

	"github.com/jsroutes/jsroutes/bundler"
)

// router matches URL paths against the route table with Next.js's
// precedence: at each segment a static name wins over a dynamic segment,
// which wins over a catch-all, which wins over an optional catch-all, and a
// failed branch backtracks to the next candidate.
type router struct {
	root *node
}

type node struct {
	static      map[string]*node
	dynamic     *node
	dynamicName string
	catchAll    *leaf // [...name]
	optional    *leaf // [[...name]]
	route       int   // index of the route ending here, or -1
}

type leaf struct {
	name  string
	route int
}

func newNode() *node { return &node{route: -1} }

func newRouter(routes []bundler.Route) *router {
	rt := &router{root: newNode()}
	for i, r := range routes {
		n := rt.root
		for _, s := range r.Segments {
			switch s.Kind {
			case bundler.Static:
				if n.static == nil {
					n.static = map[string]*node{}
				}
				next, ok := n.static[s.Value]
				if !ok {
					next = newNode()
					n.static[s.Value] = next
				}
				n = next
			case bundler.Dynamic:
				if n.dynamic == nil {
					n.dynamic = newNode()
					n.dynamicName = s.Value
				}
				n = n.dynamic
			case bundler.CatchAll:
				n.catchAll = &leaf{s.Value, i}
			case bundler.OptionalCatchAll:
				n.optional = &leaf{s.Value, i}
			}
		}
		if k := r.Segments; len(k) == 0 || k[len(k)-1].Kind <= bundler.Dynamic {
			n.route = i
		}
	}
	return rt
}

// Param is one matched parameter: a string, or a list for catch-alls.
type Param struct {
	Name   string
	Value  string   // a dynamic segment's
	Values []string // a catch-all's
	List   bool     // a catch-all
}

// match finds the route for the raw (still percent-encoded) segments of a
// path, as Next.js 16 matches: a static segment only as sent
// (`/api/%73ecret` is not `/api/secret`, a 404 there: decoding before
// matching let such a path past a proxy or check that gates the plain
// one), a parameter decoded exactly once; bad is true when a segment that
// became a parameter is not valid percent-encoded UTF-8.
func (rt *router) match(raw []string) (route int, params []Param, bad bool) {
	decoded := make([]string, len(raw))
	ok := make([]bool, len(raw))
	for i, s := range raw {
		decoded[i], ok[i] = decodeSegment(s)
	}
	route = rt.root.find(raw, decoded, ok, 0, &params)
	return route, params, badParams(params)
}

// badParams reports a parameter whose segment could not be decoded.
func badParams(ps []Param) bool {
	for _, p := range ps {
		if p.Value == invalidSegment {
			return true
		}
		for _, v := range p.Values {
			if v == invalidSegment {
				return true
			}
		}
	}
	return false
}

// invalidSegment stands in for a segment whose escapes are malformed.
const invalidSegment = "\x00invalid"

func (n *node) find(raw, segs []string, ok []bool, i int, params *[]Param) int {
	if i == len(segs) {
		if n.route >= 0 {
			return n.route
		}
		if n.optional != nil {
			return n.optional.route // no key for an empty optional catch-all
		}
		return -1
	}
	seg := segs[i]
	if !ok[i] {
		seg = invalidSegment
	}
	if next, found := n.static[raw[i]]; found {
		if r := next.find(raw, segs, ok, i+1, params); r >= 0 {
			return r
		}
	}
	if n.dynamic != nil {
		mark := len(*params)
		*params = append(*params, Param{Name: n.dynamicName, Value: seg})
		if r := n.dynamic.find(raw, segs, ok, i+1, params); r >= 0 {
			return r
		}
		*params = (*params)[:mark]
	}
	rest := func() []string {
		out := make([]string, len(segs)-i)
		for j := range out {
			out[j] = segs[i+j]
			if !ok[i+j] {
				out[j] = invalidSegment
			}
		}
		return out
	}
	if n.catchAll != nil {
		*params = append(*params, Param{Name: n.catchAll.name, Values: rest(), List: true})
		return n.catchAll.route
	}
	if n.optional != nil {
		*params = append(*params, Param{Name: n.optional.name, Values: rest(), List: true})
		return n.optional.route
	}
	return -1
}

// decodeSegment percent-decodes one path segment as decodeURIComponent
// does: ok is false for a malformed escape or bytes that are not UTF-8.
func decodeSegment(s string) (string, bool) {
	if strings.IndexByte(s, '%') < 0 {
		return s, utf8.ValidString(s)
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return s, false
		}
		b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	if !utf8.Valid(b) {
		return s, false
	}
	return string(b), true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
