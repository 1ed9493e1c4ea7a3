package regexp

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// unicodeTxt is every property a \p{…} escape may name, with its code
// points (and strings) as the Node.js that Next.js runs on matches them:
// gen/gen.mjs reads them out of V8 code point by code point. Go's unicode
// package was the other candidate: it has General_Category, Script and a
// few binary properties, but not Script_Extensions, the emoji properties,
// ID_Start/ID_Continue, Alphabetic or the derived Changes_When_* ones, and
// its Unicode version trails Node's ICU by years.
//
//go:embed unicode.txt
var unicodeTxt string

// rng is an inclusive range of code points.
type rng struct{ lo, hi rune }

// set is a class's content: code points as sorted, disjoint, non-adjacent
// ranges, and strings (the properties of strings and \q{…}, v flag only).
type set struct {
	ranges  []rng
	strings []string
}

// tables is unicode.txt, read on first use.
type tables struct {
	aliases map[string]string // "prop:AHex", "gc:Lu", "sc:Latn" → canonical
	sets    map[string]string // key → encoded ranges, decoded when asked
	strs    map[string]string // property of strings → its encoded strings
	decoded sync.Map          // key → []rng
}

// unicodeTables parses the embedded table once per process; it is read
// only afterwards (decoded sets are cached in a sync.Map, as workers run
// in parallel).
var unicodeTables = sync.OnceValue(func() *tables {
	t := &tables{aliases: map[string]string{}, sets: map[string]string{}, strs: map[string]string{}}
	for line := range strings.SplitSeq(unicodeTxt, "\n") {
		f := strings.SplitN(line, " ", 4)
		switch {
		case f[0] == "alias" && len(f) == 4:
			t.aliases[f[1]+":"+f[2]] = f[3]
		case f[0] == "set" && len(f) >= 2:
			t.sets[f[1]] = strings.Join(f[2:], " ")
		case f[0] == "str" && len(f) >= 2:
			t.strs[f[1]] = strings.Join(f[2:], " ")
		}
	}
	return t
})

// ranges decodes a set's ranges (base-36 deltas: start, length-1, gap-1,
// length-1, …).
func (t *tables) ranges(key string) []rng {
	if r, ok := t.decoded.Load(key); ok {
		return r.([]rng)
	}
	enc := t.sets[key]
	var out []rng
	prev := rune(-1)
	nums := strings.Split(enc, ",")
	for i := 0; i+1 < len(nums); i += 2 {
		gap, _ := strconv.ParseInt(nums[i], 36, 32)
		n, _ := strconv.ParseInt(nums[i+1], 36, 32)
		lo := prev + 1 + rune(gap)
		hi := lo + rune(n)
		out = append(out, rng{lo, hi})
		prev = hi
	}
	t.decoded.Store(key, out)
	return out
}

// property resolves the inside of a \p{…} to its set. strings says
// whether properties of strings may be named (the v flag, not negated).
// ok is false for a name ECMAScript does not allow.
func (t *tables) property(body string, strs bool) (s set, ok bool) {
	name, value, hasValue := strings.Cut(body, "=")
	if hasValue {
		if c, ok := t.aliases["prop:"+name]; ok {
			name = c
		}
		var key string
		switch name {
		case "General_Category":
			key = "gc=" + t.canonical("gc", value)
		case "Script":
			key = "sc=" + t.canonical("sc", value)
		case "Script_Extensions":
			key = "scx=" + t.canonical("sc", value)
		default:
			return set{}, false
		}
		if _, ok := t.sets[key]; !ok {
			return set{}, false
		}
		return set{ranges: t.ranges(key)}, true
	}
	// A lone name: a binary property (by name or alias, never sc=/gc=),
	// or a General_Category value.
	if c, ok := t.aliases["prop:"+name]; ok && c != "General_Category" && c != "Script" && c != "Script_Extensions" {
		name = c
	}
	if _, ok := t.sets[name]; ok && !strings.Contains(name, "=") {
		if enc, isStrings := t.strs[name]; isStrings {
			if !strs {
				return set{}, false
			}
			return set{ranges: t.ranges(name), strings: decodeStrings(enc)}, true
		}
		return set{ranges: t.ranges(name)}, true
	}
	if key := "gc=" + t.canonical("gc", name); t.sets[key] != "" {
		return set{ranges: t.ranges(key)}, true
	}
	return set{}, false
}

// canonical is a General_Category or Script value's long name.
func (t *tables) canonical(kind, value string) string {
	if c, ok := t.aliases[kind+":"+value]; ok {
		return c
	}
	return value
}

// decodeStrings reads "1f1e6.1f1e8 …" (hex code points joined by dots).
func decodeStrings(enc string) []string {
	var out []string
	for item := range strings.FieldsSeq(enc) {
		var b strings.Builder
		for cp := range strings.SplitSeq(item, ".") {
			n, err := strconv.ParseInt(cp, 16, 32)
			if err != nil {
				panic(fmt.Sprintf("regexp: bad string table entry %q", item))
			}
			b.WriteRune(rune(n))
		}
		out = append(out, b.String())
	}
	return out
}

// union merges ranges into sorted, disjoint, non-adjacent ones.
func union(rs []rng) []rng {
	if len(rs) < 2 {
		return rs
	}
	sorted := append([]rng(nil), rs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].lo < sorted[j].lo })
	out := sorted[:1]
	for _, r := range sorted[1:] {
		last := &out[len(out)-1]
		if r.lo <= last.hi+1 {
			last.hi = max(last.hi, r.hi)
		} else {
			out = append(out, r)
		}
	}
	return out
}

// complement is every code point not in rs (rs normalised).
func complement(rs []rng) []rng {
	var out []rng
	next := rune(0)
	for _, r := range rs {
		if r.lo > next {
			out = append(out, rng{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= maxRune {
		out = append(out, rng{next, maxRune})
	}
	return out
}

// intersect is the code points in both (both normalised).
func intersect(a, b []rng) []rng {
	var out []rng
	for i, j := 0, 0; i < len(a) && j < len(b); {
		lo, hi := max(a[i].lo, b[j].lo), min(a[i].hi, b[j].hi)
		if lo <= hi {
			out = append(out, rng{lo, hi})
		}
		if a[i].hi < b[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

const maxRune = 0x10FFFF
