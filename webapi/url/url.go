package url

import (
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
	whatwg "github.com/nlnwa/whatwg-url/url"
)

// Install adds the Go half of URL, URLSearchParams and URLPattern.
func Install(env *bridge.Env) {
	installURL(env.RT, env.Host)
	installURLPattern(env.RT, env.Host)
}

// installURL adds urlParse and urlSet, the WHATWG URL parser behind the JS
// URL class. Both return the URL's parts as an array (href, origin,
// protocol, username, password, host, hostname, port, pathname, search,
// hash), or null when the input is not a valid URL.
func installURL(rt *goja.Runtime, host *goja.Object) {
	parser := whatwg.NewParser()
	parse := func(input string, base *string) (u *whatwg.Url) {
		defer func() {
			if recover() != nil {
				u = nil // the parser panicked on odd input: not a valid URL
			}
		}()
		var err error
		if base != nil {
			b, berr := parser.Parse(*base)
			if berr != nil {
				return nil
			}
			u, err = parser.BasicParser(input, b, nil, whatwg.NoState)
		} else {
			u, err = parser.Parse(input)
		}
		if err != nil {
			return nil
		}
		return u
	}
	// Route code parses the same few URLs over and over (an API's base, the
	// upstream of a fetch): a small cache of results by input spares the
	// parser (~10 µs a URL). It belongs to this runtime, whose loop alone
	// calls these functions. For urlParse the parts as JS strings, nil
	// when not a URL; for urlHref the href, nil when not a URL and "" when
	// it has credentials.
	parsed, hrefs := bridge.Cache[[]any]{}, bridge.Cache[any]{}
	bridge.Set(rt, host, "urlParse", func(call goja.FunctionCall) goja.Value {
		input := call.Argument(0).String()
		var base *string
		key := input
		if b := call.Argument(1); !goja.IsUndefined(b) {
			s := b.String()
			base = &s
			key = s + "\x00" + input
		}
		parts, ok := parsed[key]
		if !ok {
			if u := parse(input, base); u != nil {
				// Kept as JS strings: each hit hands the same ones out
				// (strings are immutable), where converting them again
				// was eleven allocations a URL.
				parts = urlParts(u)
				for i, p := range parts {
					parts[i] = rt.ToValue(p)
				}
			}
			parsed.Put(key, parts)
		}
		if parts == nil {
			return goja.Null()
		}
		return rt.NewArray(parts...)
	})
	// urlHref(input) is the serialised URL for Request: null when input is
	// not a URL, "" when it has credentials (which Request refuses). It
	// spares Request a URL object.
	bridge.Set(rt, host, "urlHref", func(call goja.FunctionCall) goja.Value {
		input := call.Argument(0).String()
		href, ok := hrefs[input]
		if !ok {
			href = nil
			if u := parse(input, nil); u != nil {
				if u.Username() != "" || u.Password() != "" {
					href = ""
				} else {
					href = rt.ToValue(u.Href(false)) // as urlParse's parts
				}
			}
			hrefs.Put(input, href)
		}
		if href == nil {
			return goja.Null()
		}
		return rt.ToValue(href)
	})
	// urlencodedParse(input) is the application/x-www-form-urlencoded
	// parser of URLSearchParams: [name, value, name, value, …]. In Go it
	// costs a fraction of the JS string work it replaces.
	bridge.Set(rt, host, "urlencodedParse", func(call goja.FunctionCall) goja.Value {
		input := call.Argument(0).String()
		out := make([]any, 0, 2*strings.Count(input, "&")+2)
		for seq := range strings.SplitSeq(input, "&") {
			if seq == "" {
				continue
			}
			name, value, _ := strings.Cut(seq, "=")
			out = append(out, FormDecode(name), FormDecode(value))
		}
		return rt.NewArray(out...)
	})
	bridge.Set(rt, host, "urlSet", func(call goja.FunctionCall) goja.Value {
		href, field, value := call.Argument(0).String(), call.Argument(1).String(), call.Argument(2).String()
		u := parse(href, nil)
		if u == nil {
			return goja.Null()
		}
		switch field {
		case "protocol":
			u.SetProtocol(value)
		case "username":
			u.SetUsername(value)
		case "password":
			u.SetPassword(value)
		case "host":
			u.SetHost(value)
		case "hostname":
			u.SetHostname(value)
		case "port":
			u.SetPort(value)
		case "pathname":
			u.SetPathname(value)
		case "search":
			u.SetSearch(value)
		case "hash":
			u.SetHash(value)
		}
		return rt.NewArray(urlParts(u)...)
	})
}

func urlParts(u *whatwg.Url) []any {
	return []any{
		u.Href(false), origin(u), u.Protocol(), u.Username(), u.Password(),
		u.Host(), u.Hostname(), u.Port(), u.Pathname(), u.Search(), u.Hash(),
	}
}

// FormDecode decodes one name or value of an application/x-www-form-
// urlencoded string: '+' is a space, %XX a byte, and the bytes are UTF-8,
// with U+FFFD where they are not (raw bytes from the wire included). The
// server's query handling and URLSearchParams share it.
func FormDecode(s string) string {
	if !strings.ContainsAny(s, "+%") && utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	out := bridge.UTF8(b, false)
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// origin serialises a URL's origin: scheme://host[:port] for the special
// network schemes, the inner URL's origin for blob:, and "null" otherwise.
func origin(u *whatwg.Url) string {
	switch u.Scheme() {
	case "http", "https", "ws", "wss", "ftp":
		return u.Protocol() + "//" + u.Host()
	case "blob":
		if inner, err := whatwg.Parse(u.Pathname()); err == nil {
			switch inner.Scheme() {
			case "http", "https":
				return origin(inner)
			}
		}
	}
	return "null"
}
