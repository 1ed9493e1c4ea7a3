package regexp

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// translation is a pattern rewritten for goja, and how to read its matches.
type translation struct {
	Source string // the pattern goja compiles
	Flags  string // its flags (no d, no v)
	// Groups and Ends are set for the d flag: for each capturing group of
	// the original pattern, the index of its capture in the rewritten
	// pattern, and of the capture that holds the input after it (see
	// translate).
	Groups, Ends []int
	Names        []string // each original group's name, or ""
}

// syntaxError is a pattern V8 refuses, with V8's reason.
type syntaxError struct{ reason string }

func (e *syntaxError) Error() string { return e.reason }

// translate rewrites a pattern that uses what goja's regexp engine lacks
// into one it runs the same:
//
//   - \p{…} and \P{…} (u and v flags) become character classes of the code
//     points the property has in Node.js (unicode.txt). goja would read
//     them as the letter p: /\p{L}/u matched the text "p{L}".
//   - the v flag (set notation: nested classes, && and --, \q{…},
//     properties of strings) becomes the u flag with each class evaluated
//     to its code points, and to an alternation when it holds strings
//     (longest first, as the spec matches them).
//   - the d flag (match indices) becomes a capture after the end of each
//     capturing group, inside it, of a lookahead that holds the rest of
//     the input: the group ends where that rest begins, and starts its own
//     length before. Backreferences are renumbered for the added captures.
//     The lookahead costs the rest of the input each time a group ends,
//     so a global d-flag search over a long input grows with the square
//     of its length, where V8 records positions for free; it is what an
//     engine without capture positions offers.
//
// Everything else is copied as written.
func translate(t *tables, src, flags string) (translation, error) {
	s := &scanner{tab: t, src: []rune(src)}
	s.u = strings.ContainsAny(flags, "uv")
	s.v = strings.ContainsRune(flags, 'v')
	s.d = strings.ContainsRune(flags, 'd')
	s.ignoreCase = strings.ContainsRune(flags, 'i')
	if err := s.pattern(); err != nil {
		return translation{}, err
	}
	out := translation{Flags: strings.NewReplacer("d", "", "v", "u").Replace(flags)}
	if s.d {
		out.Groups, out.Ends, out.Names = s.groupIndex, s.endIndex, s.names
		if out.Groups == nil {
			out.Groups, out.Ends, out.Names = []int{}, []int{}, []string{}
		}
	}
	var b strings.Builder
	for _, p := range s.parts {
		if p.ref == 0 {
			b.WriteString(p.text)
			continue
		}
		switch {
		case p.ref <= len(s.groupIndex):
			b.WriteString(`\` + strconv.Itoa(s.groupIndex[p.ref-1]))
		case s.u:
			return translation{}, &syntaxError{"Invalid escape"}
		default: // an octal or identity escape outside u mode
			b.WriteString(p.text)
		}
	}
	out.Source = b.String()
	return out, nil
}

// part is a piece of the output: text, or a backreference to an original
// group (resolved once all groups are numbered).
type part struct {
	text string
	ref  int
}

type scanner struct {
	tab                 *tables
	src                 []rune
	i                   int
	u, v, d, ignoreCase bool
	parts               []part
	// captures counts the rewritten pattern's captures; groupIndex and
	// endIndex are each original group's capture and end capture.
	captures             int
	groupIndex, endIndex []int
	names                []string
	open                 []int // per open paren: its original group (1-based), or 0
}

func (s *scanner) emit(text string) {
	if n := len(s.parts); n > 0 && s.parts[n-1].ref == 0 {
		s.parts[n-1].text += text
		return
	}
	s.parts = append(s.parts, part{text: text})
}

func (s *scanner) peek(k int) rune {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return -1
}

func (s *scanner) rest(n int) string {
	return string(s.src[s.i:min(s.i+n, len(s.src))])
}

// pattern copies the pattern outside classes, rewriting what it must.
func (s *scanner) pattern() error {
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch c {
		case '\\':
			if err := s.escape(); err != nil {
				return err
			}
		case '[':
			if err := s.class(); err != nil {
				return err
			}
		case '(':
			s.group()
		case '{', '}':
			if err := s.brace(); err != nil {
				return err
			}
		case ')':
			if n := len(s.open); n > 0 {
				if k := s.open[n-1]; k > 0 && s.d {
					s.captures++
					s.endIndex[k-1] = s.captures
					s.emit(`(?=([\s\S]*))`)
				}
				s.open = s.open[:n-1]
			}
			s.emit(")")
			s.i++
		default:
			s.emit(string(c))
			s.i++
		}
	}
	return nil
}

// brace copies a quantifier {n}, {n,} or {n,m}. In u and v mode a brace
// that is not one is V8's SyntaxError (Annex B lets it stand for itself
// otherwise).
func (s *scanner) brace() error {
	j := s.i + 1
	digits := func() (int, bool) {
		start := j
		for j < len(s.src) && s.src[j] >= '0' && s.src[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(string(s.src[start:j]))
		if err != nil && j > start {
			n = 1 << 30 // too large to matter: still a quantifier
		}
		return n, j > start
	}
	valid := false
	lo, hasLo := 0, false
	hi, hasHi := 0, false
	if s.src[s.i] == '{' {
		if lo, hasLo = digits(); hasLo && j < len(s.src) {
			switch s.src[j] {
			case '}':
				valid, hi, hasHi = true, lo, true
			case ',':
				j++
				hi, hasHi = digits()
				valid = j < len(s.src) && s.src[j] == '}'
			}
		}
	}
	if !valid {
		if !s.u {
			s.emit(string(s.src[s.i]))
			s.i++
			return nil
		}
		if s.src[s.i] == '}' {
			return &syntaxError{"Lone quantifier brackets"}
		}
		return &syntaxError{"Incomplete quantifier"}
	}
	if hasHi && hi < lo {
		return &syntaxError{"numbers out of order in {} quantifier"}
	}
	s.emit(string(s.src[s.i : j+1]))
	s.i = j + 1
	return nil
}

// group opens a parenthesis, numbering it if it captures.
func (s *scanner) group() {
	capturing := s.peek(1) != '?' || (s.peek(2) == '<' && s.peek(3) != '=' && s.peek(3) != '!')
	if !capturing {
		s.open = append(s.open, 0)
		s.emit("(")
		s.i++
		return
	}
	name := ""
	if s.peek(1) == '?' {
		if end := slices.Index(s.src[s.i:], '>'); end > 3 {
			name = groupName(s.src[s.i+3 : s.i+end])
		}
	}
	s.captures++
	s.groupIndex = append(s.groupIndex, s.captures)
	s.endIndex = append(s.endIndex, 0)
	s.names = append(s.names, name)
	s.open = append(s.open, len(s.groupIndex))
	s.emit("(")
	s.i++
}

// escape handles a backslash outside a class.
func (s *scanner) escape() error {
	next := s.peek(1)
	switch {
	case (next == 'p' || next == 'P') && s.u:
		st, err := s.property()
		if err != nil {
			return err
		}
		s.emit(s.setText(st, false))
		return nil
	case next >= '1' && next <= '9':
		j := s.i + 1
		for j < len(s.src) && s.src[j] >= '0' && s.src[j] <= '9' {
			j++
		}
		text := string(s.src[s.i:j])
		n, err := strconv.Atoi(text[1:])
		if err != nil {
			n = 1 << 30
		}
		s.parts = append(s.parts, part{text: text, ref: n})
		s.i = j
		return nil
	case next == 'k' && s.peek(2) == '<':
		end := slices.Index(s.src[s.i:], '>')
		if end < 0 {
			end = 2
		}
		s.emit(string(s.src[s.i : s.i+end+1]))
		s.i += end + 1
		return nil
	case next == 'u' && s.peek(2) == '{' && s.u:
		end := slices.Index(s.src[s.i:], '}')
		if end < 0 {
			end = 2
		}
		s.emit(string(s.src[s.i : s.i+end+1]))
		s.i += end + 1
		return nil
	case next < 0:
		s.emit(`\`)
		s.i++
		return nil
	}
	s.emit(string(s.src[s.i : s.i+2]))
	s.i += 2
	return nil
}

// property reads \p{…} or \P{…} at s.i; a \P is returned complemented
// (strings are refused there).
func (s *scanner) property() (set, error) {
	negated := s.peek(1) == 'P'
	if s.peek(2) != '{' {
		return set{}, &syntaxError{"Invalid property name"}
	}
	end := slices.Index(s.src[s.i:], '}')
	if end < 0 {
		return set{}, &syntaxError{"Invalid property name"}
	}
	body := string(s.src[s.i+3 : s.i+end])
	s.i += end + 1
	st, ok := s.tab.property(body, s.v && !negated)
	if !ok {
		return set{}, &syntaxError{"Invalid property name"}
	}
	if negated {
		return set{ranges: complement(st.ranges)}, nil
	}
	return st, nil
}

// class handles a character class: copied (with \p{…} expanded) in u mode
// and before, evaluated in v mode.
func (s *scanner) class() error {
	if s.v {
		s.i++
		st, negated, err := s.classSet()
		if err != nil {
			return err
		}
		if negated && len(st.strings) > 0 {
			return &syntaxError{"Negated character class may contain strings"}
		}
		s.emit(s.setText(st, negated))
		return nil
	}
	start := s.i
	s.i++
	var b strings.Builder
	b.WriteByte('[')
	if s.peek(0) == '^' {
		b.WriteByte('^')
		s.i++
	}
	prevAtom, afterDash := false, false // for ranges next to a \p{…}
	for {
		if s.i >= len(s.src) {
			// Unterminated: goja reports it.
			s.emit(string(s.src[start:]))
			return nil
		}
		c := s.src[s.i]
		switch {
		case c == ']':
			b.WriteByte(']')
			s.i++
			s.emit(b.String())
			return nil
		case c == '\\' && s.u && (s.peek(1) == 'p' || s.peek(1) == 'P'):
			if afterDash {
				return &syntaxError{"Invalid character class"}
			}
			st, err := s.property()
			if err != nil {
				if _, ok := err.(*syntaxError); ok {
					return &syntaxError{"Invalid property name in character class"}
				}
				return err
			}
			if s.peek(0) == '-' && s.peek(1) != ']' {
				return &syntaxError{"Invalid character class"}
			}
			b.WriteString(rangesText(st.ranges))
			prevAtom, afterDash = false, false
		case c == '\\':
			n := 2
			if s.peek(1) == 'u' && s.peek(2) == '{' && s.u {
				if end := slices.Index(s.src[s.i:], '}'); end > 0 {
					n = end + 1
				}
			}
			n = min(n, len(s.src)-s.i)
			b.WriteString(string(s.src[s.i : s.i+n]))
			s.i += n
			prevAtom, afterDash = true, false
		case c == '-' && prevAtom:
			b.WriteRune(c)
			s.i++
			prevAtom, afterDash = false, true
		default:
			b.WriteRune(c)
			s.i++
			prevAtom, afterDash = true, false
		}
	}
}

// classSet evaluates a v-mode class after its '[' up to and including its
// ']': ClassUnion, or operands joined by && or --.
func (s *scanner) classSet() (set, bool, error) {
	negated := false
	if s.peek(0) == '^' {
		negated = true
		s.i++
	}
	// A class is a union of operands (ranges allowed), or operands joined
	// by one operator, && or -- (no ranges, no mixing).
	var acc set
	n, op, lastRange := 0, "", false
	for {
		if s.i >= len(s.src) {
			return set{}, false, &syntaxError{"Unterminated character class"}
		}
		if s.peek(0) == ']' {
			s.i++
			break
		}
		if r := s.rest(2); r == "&&" || r == "--" {
			if (op == "" && (n != 1 || lastRange)) || (op != "" && op != r) {
				return set{}, false, &syntaxError{"Invalid set operation in character class"}
			}
			op = r
			s.i += 2
			if r == "&&" && s.peek(0) == '&' {
				return set{}, false, &syntaxError{"Invalid character in character class"}
			}
			operand, _, err := s.classOperand(false)
			if err != nil {
				return set{}, false, err
			}
			if op == "&&" {
				acc = intersectSets(acc, operand)
			} else {
				acc = subtractSets(acc, operand)
			}
			n++
			continue
		}
		if op != "" {
			return set{}, false, &syntaxError{"Invalid set operation in character class"}
		}
		operand, isRange, err := s.classOperand(true)
		if err != nil {
			return set{}, false, err
		}
		acc = unionSets(acc, operand)
		n, lastRange = n+1, isRange
	}
	if negated && len(acc.strings) > 0 {
		return set{}, false, &syntaxError{"Negated character class may contain strings"}
	}
	return acc, negated, nil
}

// classOperand reads one operand of a v-mode class: a nested class, \q{…},
// a property or class escape, a character, or (when ranges are allowed)
// a range.
func (s *scanner) classOperand(ranges bool) (set, bool, error) {
	c := s.peek(0)
	switch {
	case c == '[':
		s.i++
		st, negated, err := s.classSet()
		if err != nil {
			return set{}, false, err
		}
		if negated {
			return set{ranges: complement(st.ranges)}, false, nil
		}
		return st, false, nil
	case c == '\\' && s.peek(1) == 'q' && s.peek(2) == '{':
		s.i += 3
		var st set
		var cur []rune
		for {
			if s.i >= len(s.src) {
				return set{}, false, &syntaxError{"Invalid escape"}
			}
			switch s.peek(0) {
			case '}':
				s.i++
				st = addString(st, cur)
				return st, false, nil
			case '|':
				s.i++
				st = addString(st, cur)
				cur = nil
			default:
				r, err := s.classChar()
				if err != nil {
					return set{}, false, err
				}
				cur = append(cur, r)
			}
		}
	case c == '\\' && (s.peek(1) == 'p' || s.peek(1) == 'P'):
		st, err := s.property()
		if err != nil {
			return set{}, false, &syntaxError{"Invalid property name in character class"}
		}
		return st, false, nil
	case c == '\\' && strings.ContainsRune("dDsSwW", s.peek(1)):
		st := classEscape(s.peek(1), s.ignoreCase)
		s.i += 2
		return st, false, nil
	}
	lo, err := s.classChar()
	if err != nil {
		return set{}, false, err
	}
	if ranges && s.peek(0) == '-' && s.peek(1) != '-' {
		s.i++
		hi, err := s.classChar()
		if err != nil {
			return set{}, false, err
		}
		if hi < lo {
			return set{}, false, &syntaxError{"Range out of order in character class"}
		}
		return set{ranges: []rng{{lo, hi}}}, true, nil
	}
	return set{ranges: []rng{{lo, lo}}}, false, nil
}

// vSyntax are the characters a v-mode class must escape, and the
// doubled punctuators it reserves.
const (
	vSyntax   = "()[]{}/-|"
	vReserved = "&!#$%*+,.:;<=>?@^`~"
)

// classChar reads one character of a v-mode class (escapes decoded).
func (s *scanner) classChar() (rune, error) {
	c := s.peek(0)
	if c < 0 {
		return 0, &syntaxError{"Unterminated character class"}
	}
	if c != '\\' {
		if strings.ContainsRune(vSyntax, c) || (strings.ContainsRune(vReserved, c) && s.peek(1) == c) {
			return 0, &syntaxError{"Invalid character in character class"}
		}
		s.i++
		return c, nil
	}
	e := s.peek(1)
	s.i += 2
	switch e {
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'v':
		return '\v', nil
	case 'f':
		return '\f', nil
	case 'b':
		return '\b', nil
	case '0':
		if d := s.peek(0); d >= '0' && d <= '9' {
			return 0, &syntaxError{"Invalid class escape"}
		}
		return 0, nil
	case 'c':
		if l := s.peek(0); (l|0x20) >= 'a' && (l|0x20) <= 'z' {
			s.i++
			return l % 32, nil
		}
		return 0, &syntaxError{"Invalid class escape"}
	case 'x':
		return s.hex(2)
	case 'u':
		if s.peek(0) == '{' {
			end := slices.Index(s.src[s.i:], '}')
			if end < 2 {
				return 0, &syntaxError{"Invalid Unicode escape"}
			}
			n, err := strconv.ParseUint(string(s.src[s.i+1:s.i+end]), 16, 32)
			if err != nil || n > maxRune {
				return 0, &syntaxError{"Invalid Unicode escape"}
			}
			s.i += end + 1
			return rune(n), nil
		}
		r, err := s.hex(4)
		if err != nil {
			return 0, err
		}
		// A surrogate pair written as two escapes is one code point.
		if r >= 0xD800 && r <= 0xDBFF && s.rest(2) == `\u` {
			save := s.i
			s.i += 2
			if lo, err := s.hex(4); err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
				return (r-0xD800)<<10 + (lo - 0xDC00) + 0x10000, nil
			}
			s.i = save
		}
		return r, nil
	}
	if e >= 0 && (strings.ContainsRune(`^$\.*+?()[]{}|/-`, e) || strings.ContainsRune(vReserved, e)) {
		return e, nil
	}
	return 0, &syntaxError{"Invalid escape"}
}

// hex reads n hex digits.
func (s *scanner) hex(n int) (rune, error) {
	if s.i+n > len(s.src) {
		return 0, &syntaxError{"Invalid escape"}
	}
	v, err := strconv.ParseUint(string(s.src[s.i:s.i+n]), 16, 32)
	if err != nil {
		return 0, &syntaxError{"Invalid escape"}
	}
	s.i += n
	return rune(v), nil
}

// classEscape is \d, \s, \w and their complements as sets.
func classEscape(e rune, ignoreCase bool) set {
	var rs []rng
	switch e | 0x20 {
	case 'd':
		rs = []rng{{'0', '9'}}
	case 's':
		rs = []rng{{'\t', '\r'}, {' ', ' '}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}}
	case 'w':
		rs = []rng{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}
		if ignoreCase {
			rs = union(append(rs, rng{0x17F, 0x17F}, rng{0x212A, 0x212A}))
		}
	}
	if e >= 'A' && e <= 'Z' {
		rs = complement(rs)
	}
	return set{ranges: rs}
}

// addString adds a \q{…} alternative: one code point is a character.
func addString(st set, cur []rune) set {
	if len(cur) == 1 {
		st.ranges = union(append(st.ranges, rng{cur[0], cur[0]}))
		return st
	}
	st.strings = appendUnique(st.strings, string(cur))
	return st
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func unionSets(a, b set) set {
	out := set{ranges: union(append(append([]rng(nil), a.ranges...), b.ranges...)), strings: a.strings}
	for _, s := range b.strings {
		out.strings = appendUnique(out.strings, s)
	}
	return out
}

func intersectSets(a, b set) set {
	out := set{ranges: intersect(a.ranges, b.ranges)}
	for _, s := range a.strings {
		if slices.Contains(b.strings, s) {
			out.strings = append(out.strings, s)
		}
	}
	return out
}

func subtractSets(a, b set) set {
	out := set{ranges: intersect(a.ranges, complement(b.ranges))}
	for _, s := range a.strings {
		if !slices.Contains(b.strings, s) {
			out.strings = append(out.strings, s)
		}
	}
	return out
}

// setText writes a set as u-mode pattern text: a class, or, with
// strings, an alternation that tries the longest strings first.
func (s *scanner) setText(st set, negated bool) string {
	class := "[" + rangesText(st.ranges) + "]"
	if negated {
		class = "[^" + rangesText(st.ranges) + "]"
	}
	if len(st.strings) == 0 {
		return class
	}
	strs := append([]string(nil), st.strings...)
	sort.SliceStable(strs, func(i, j int) bool {
		return utf8.RuneCountInString(strs[i]) > utf8.RuneCountInString(strs[j])
	})
	var b strings.Builder
	b.WriteString("(?:")
	for _, str := range strs {
		for _, r := range str {
			b.WriteString(codePoint(r))
		}
		b.WriteByte('|')
	}
	b.WriteString(class)
	b.WriteByte(')')
	return b.String()
}

// rangesText is ranges as the inside of a u-mode class.
func rangesText(rs []rng) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(codePoint(r.lo))
		if r.hi > r.lo {
			if r.hi > r.lo+1 {
				b.WriteByte('-')
			}
			b.WriteString(codePoint(r.hi))
		}
	}
	return b.String()
}

// codePoint is a code point as a u-mode escape.
func codePoint(r rune) string {
	if r < 0x10000 {
		return fmt.Sprintf(`\u%04X`, r)
	}
	return fmt.Sprintf(`\u{%X}`, r)
}

// groupName is a group's name with its \u escapes read (\u03C0,
// \u{03C0}, and surrogate pairs written as two escapes).
func groupName(raw []rune) string {
	var out []rune
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) || raw[i+1] != 'u' {
			out = append(out, raw[i])
			continue
		}
		j := i + 2
		var hex string
		if j < len(raw) && raw[j] == '{' {
			end := slices.Index(raw[j:], '}')
			if end < 0 {
				out = append(out, raw[i])
				continue
			}
			hex, i = string(raw[j+1:j+end]), j+end
		} else if j+4 <= len(raw) {
			hex, i = string(raw[j:j+4]), j+3
		}
		n, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			return string(raw)
		}
		r := rune(n)
		if last := len(out) - 1; last >= 0 && out[last] >= 0xD800 && out[last] <= 0xDBFF && r >= 0xDC00 && r <= 0xDFFF {
			out[last] = (out[last]-0xD800)<<10 + (r - 0xDC00) + 0x10000
			continue
		}
		out = append(out, r)
	}
	return string(out)
}
