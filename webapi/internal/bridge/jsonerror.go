package bridge

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// V8's JSON.parse messages. goja's SyntaxError for a bad JSON text says
// what Go's decoder would ("invalid character 'o' in literal null"), and
// route code sends e.message to clients (a webhook answering "Webhook
// error: " + e.message), so the runtime's JSON.parse rethrows with the
// message V8 gives for the same text, found by this scanner, which walks
// the text as V8's JSON parser does and stops where V8 would (positions
// count UTF-16 units, as JS's do). It runs only when the parse failed.

// v8JSONMessage is V8's message for an invalid JSON text; valid is set
// when V8 would read the text.
func v8JSONMessage(text string) (msg string, valid bool) {
	if text == "undefined" {
		return `"undefined" is not valid JSON`, false // JSON.parse(undefined), V8's own case
	}
	s := &jsonScan{src: []rune(text)}
	s.space()
	if !s.value() {
		return s.msg, false
	}
	s.space()
	if s.i < len(s.src) {
		return fmt.Sprintf("Unexpected non-whitespace character after JSON at position %d", s.pos(s.i)), false
	}
	return "Unexpected end of JSON input", true
}

type jsonScan struct {
	src []rune
	i   int
	msg string
}

// pos is a rune index as a UTF-16 position.
func (s *jsonScan) pos(i int) int {
	n := 0
	for _, r := range s.src[:i] {
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}

func (s *jsonScan) space() {
	for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t' || s.src[s.i] == '\n' || s.src[s.i] == '\r') {
		s.i++
	}
}

// fail sets the message for an unexpected token at i.
func (s *jsonScan) fail(i int) bool {
	if i >= len(s.src) {
		s.msg = "Unexpected end of JSON input"
		return false
	}
	c := s.src[i]
	switch {
	case c == '"':
		s.msg = fmt.Sprintf("Unexpected string in JSON at position %d", s.pos(i))
	case c == '-' || (c >= '0' && c <= '9'):
		s.msg = fmt.Sprintf("Unexpected number in JSON at position %d", s.pos(i))
	default:
		s.msg = fmt.Sprintf("Unexpected token '%c', %s is not valid JSON", c, s.context(i))
	}
	return false
}

// context is the text around position i as V8 quotes it: whole when
// short, else ten characters on either side, with ellipses.
func (s *jsonScan) context(i int) string {
	const max = 10
	n := len(s.src)
	if n <= 2*max+1 {
		return `"` + string(s.src) + `"`
	}
	switch {
	case i < max:
		return `"` + string(s.src[:i+max]) + `"...`
	case i < n-max:
		return `..."` + string(s.src[i-max:i+max]) + `"...`
	}
	return `..."` + string(s.src[i-max:]) + `"`
}

func (s *jsonScan) value() bool {
	if s.i >= len(s.src) {
		return s.fail(s.i)
	}
	switch c := s.src[s.i]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		return s.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.fail(s.i)
}

func (s *jsonScan) literal(word string) bool {
	for _, w := range word {
		if s.i >= len(s.src) {
			return s.fail(s.i)
		}
		if s.src[s.i] != w {
			return s.fail(s.i)
		}
		s.i++
	}
	return true
}

func (s *jsonScan) number() bool {
	if s.src[s.i] == '-' {
		s.i++
	}
	if s.i >= len(s.src) {
		s.msg = fmt.Sprintf("No number after minus sign in JSON at position %d", s.pos(s.i))
		return false
	}
	switch {
	case s.src[s.i] == '0':
		s.i++
		if s.i < len(s.src) && s.src[s.i] >= '0' && s.src[s.i] <= '9' {
			return s.fail(s.i)
		}
	case s.src[s.i] >= '1' && s.src[s.i] <= '9':
		s.digits()
	default:
		s.msg = fmt.Sprintf("No number after minus sign in JSON at position %d", s.pos(s.i))
		return false
	}
	if s.i < len(s.src) && s.src[s.i] == '.' {
		s.i++
		if !s.digits() {
			s.msg = fmt.Sprintf("Unterminated fractional number in JSON at position %d", s.pos(s.i))
			return false
		}
	}
	if s.i < len(s.src) && (s.src[s.i] == 'e' || s.src[s.i] == 'E') {
		s.i++
		if s.i < len(s.src) && (s.src[s.i] == '+' || s.src[s.i] == '-') {
			s.i++
		}
		if !s.digits() {
			s.msg = fmt.Sprintf("Exponent part is missing a number in JSON at position %d", s.pos(s.i))
			return false
		}
	}
	return true
}

// digits reads a run of decimal digits: false when there is none.
func (s *jsonScan) digits() bool {
	start := s.i
	for s.i < len(s.src) && s.src[s.i] >= '0' && s.src[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

func (s *jsonScan) str() bool {
	s.i++ // the opening quote
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '"':
			s.i++
			return true
		case c == '\\':
			s.i++
			if s.i >= len(s.src) {
				break
			}
			switch s.src[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i++
			case 'u':
				for k := 1; k <= 4; k++ {
					if s.i+k >= len(s.src) || !isHex(s.src[s.i+k]) {
						s.msg = fmt.Sprintf("Bad Unicode escape in JSON at position %d", s.pos(min(s.i+k, len(s.src))))
						return false
					}
				}
				s.i += 5
			default:
				s.msg = fmt.Sprintf("Bad escaped character in JSON at position %d", s.pos(s.i))
				return false
			}
		case c < 0x20:
			s.msg = fmt.Sprintf("Bad control character in string literal in JSON at position %d", s.pos(s.i))
			return false
		default:
			s.i++
		}
	}
	s.msg = fmt.Sprintf("Unterminated string in JSON at position %d", s.pos(s.i))
	return false
}

func isHex(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F'
}

func (s *jsonScan) array() bool {
	s.i++
	s.space()
	if s.i < len(s.src) && s.src[s.i] == ']' {
		s.i++
		return true
	}
	for {
		s.space()
		if !s.value() {
			return false
		}
		s.space()
		switch {
		case s.i < len(s.src) && s.src[s.i] == ',':
			s.i++
		case s.i < len(s.src) && s.src[s.i] == ']':
			s.i++
			return true
		default:
			s.msg = fmt.Sprintf("Expected ',' or ']' after array element in JSON at position %d", s.pos(s.i))
			return false
		}
	}
}

func (s *jsonScan) object() bool {
	s.i++
	s.space()
	if s.i < len(s.src) && s.src[s.i] == '}' {
		s.i++
		return true
	}
	first := true
	for {
		s.space()
		if s.i >= len(s.src) {
			return s.fail(s.i)
		}
		if s.src[s.i] != '"' {
			if first {
				s.msg = fmt.Sprintf("Expected property name or '}' in JSON at position %d", s.pos(s.i))
			} else {
				s.msg = fmt.Sprintf("Expected double-quoted property name in JSON at position %d", s.pos(s.i))
			}
			return false
		}
		first = false
		if !s.str() {
			return false
		}
		s.space()
		if s.i >= len(s.src) || s.src[s.i] != ':' {
			s.msg = fmt.Sprintf("Expected ':' after property name in JSON at position %d", s.pos(s.i))
			return false
		}
		s.i++
		s.space()
		if !s.value() {
			return false
		}
		s.space()
		switch {
		case s.i < len(s.src) && s.src[s.i] == ',':
			s.i++
		case s.i < len(s.src) && s.src[s.i] == '}':
			s.i++
			return true
		default:
			s.msg = fmt.Sprintf("Expected ',' or '}' after property value in JSON at position %d", s.pos(s.i))
			return false
		}
	}
}

// installJSONErrors adds jsonError(text): V8's SyntaxError for an invalid
// JSON text (webapi/memory.js's JSON.parse throws it).
func (j *JSON) installJSONErrors(host *goja.Object) {
	rt := j.rt
	Set(rt, host, "jsonError", func(call goja.FunctionCall) goja.Value {
		text := call.Argument(0).String()
		if !utf8.ValidString(text) {
			text = string([]rune(text))
		}
		msg, valid := v8JSONMessage(text)
		if valid {
			// V8 reads it: goja refused a number past the double range
			// (1e400), which V8 reads as Infinity, as fastjson does.
			if v, err := j.p.Parse(text); err == nil {
				return rt.ToValue([]any{jsonValue(rt, v)})
			}
		}
		e, _ := rt.New(rt.Get("SyntaxError"), rt.ToValue(msg))
		return e
	})
}
