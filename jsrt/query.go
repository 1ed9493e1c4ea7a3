package jsrt

import (
	"strings"

	"github.com/jsroutes/jsroutes/webapi"
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
		formEncode(&b, webapi.FormDecode(name))
		b.WriteByte('=')
		formEncode(&b, webapi.FormDecode(value))
	}
	return b.String()
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
