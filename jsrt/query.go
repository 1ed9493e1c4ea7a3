package jsrt

import (
	"strings"
	"unicode/utf8"
)

// reserializeQuery parses a query string as application/x-www-form-urlencoded
// and serialises it again, which is what Next.js does to request.url's query
// (so "a%20b" becomes "a+b"). It follows the URL standard: malformed escapes
// stay as they are, invalid UTF-8 becomes U+FFFD.
func reserializeQuery(q string) string {
	var b strings.Builder
	first := true
	for _, pair := range strings.Split(q, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		if !first {
			b.WriteByte('&')
		}
		first = false
		formEncode(&b, formDecode(name))
		b.WriteByte('=')
		formEncode(&b, formDecode(value))
	}
	return b.String()
}

func formDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 && utf8.ValidString(s) {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			out = append(out, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	if !utf8.Valid(out) {
		return strings.ToValidUTF8(string(out), "\uFFFD")
	}
	return string(out)
}

// formEncode writes s with the application/x-www-form-urlencoded percent-encode set.
func formEncode(b *strings.Builder, s string) {
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			b.WriteByte('+')
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
}
