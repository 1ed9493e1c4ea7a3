package webapi

import (
	"github.com/dop251/goja"
	whatwg "github.com/nlnwa/whatwg-url/url"
)

// InstallURL adds urlParse and urlSet, the WHATWG URL parser behind the JS
// URL class. Both return the URL's parts as an array (href, origin,
// protocol, username, password, host, hostname, port, pathname, search,
// hash), or null when the input is not a valid URL.
func InstallURL(rt *goja.Runtime, host *goja.Object) {
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
	set(rt, host, "urlParse", func(call goja.FunctionCall) goja.Value {
		var base *string
		if b := call.Argument(1); !goja.IsUndefined(b) {
			s := b.String()
			base = &s
		}
		u := parse(call.Argument(0).String(), base)
		if u == nil {
			return goja.Null()
		}
		return urlParts(rt, u)
	})
	// urlHref(input) is the serialised URL for Request: null when input is
	// not a URL, "" when it has credentials (which Request refuses). It
	// spares Request a URL object.
	set(rt, host, "urlHref", func(call goja.FunctionCall) goja.Value {
		u := parse(call.Argument(0).String(), nil)
		switch {
		case u == nil:
			return goja.Null()
		case u.Username() != "" || u.Password() != "":
			return rt.ToValue("")
		}
		return rt.ToValue(u.Href(false))
	})
	set(rt, host, "urlSet", func(call goja.FunctionCall) goja.Value {
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
		return urlParts(rt, u)
	})
}

func urlParts(rt *goja.Runtime, u *whatwg.Url) goja.Value {
	return rt.NewArray(
		u.Href(false), origin(u), u.Protocol(), u.Username(), u.Password(),
		u.Host(), u.Hostname(), u.Port(), u.Pathname(), u.Search(), u.Hash(),
	)
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
