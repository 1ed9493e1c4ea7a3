package encoding

import (
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// Install adds the Go half of TextEncoder, TextDecoder, atob and btoa.
func Install(env *bridge.Env) { install(env.RT, env.Host) }

// install adds the byte work behind TextEncoder, TextDecoder, atob
// and btoa: UTF-8 encoding, decoding any WHATWG-labelled encoding, and
// forgiving base64.
func install(rt *goja.Runtime, host *goja.Object) {
	bridge.Set(rt, host, "utf8Encode", func(call goja.FunctionCall) goja.Value {
		// goja hands over lone surrogates as U+FFFD already, as the spec's USVString does.
		return rt.ToValue(rt.NewArrayBuffer([]byte(call.Argument(0).String())))
	})
	bridge.Set(rt, host, "utf8EncodeInto", func(call goja.FunctionCall) goja.Value {
		src := call.Argument(0).String()
		dst := bridge.ArrayBufferBytes(rt, call.Argument(1), call.Argument(2).ToInteger(), call.Argument(3).ToInteger())
		read, written := 0, 0
		for _, r := range src {
			n := utf8.RuneLen(r)
			if n < 0 {
				r, n = utf8.RuneError, 3
			}
			if written+n > len(dst) {
				break
			}
			utf8.EncodeRune(dst[written:], r)
			written += n
			read += len(utf16.Encode([]rune{r}))
		}
		return rt.NewArray(read, written)
	})
	// wellFormed(s) is s with each lone surrogate replaced by U+FFFD:
	// WebIDL's USVString (URL, URLSearchParams, FormData, Request take their
	// strings so) and String.prototype.toWellFormed. A string that has none,
	// nearly every one, comes back as it is after a scan of its code units:
	// the regular expression test it replaced cost ~0.9 µs for a request's
	// URL in goja, and a route handler meets several a request.
	bridge.Set(rt, host, "wellFormed", func(call goja.FunctionCall) goja.Value {
		v := call.Argument(0)
		if s, ok := v.(goja.String); ok && isWellFormed(s) {
			return v
		}
		return rt.ToValue(v.String()) // goja exports a lone surrogate as U+FFFD
	})
	bridge.Set(rt, host, "encodingName", func(label string) string {
		name, err := canonicalEncoding(label)
		if err != nil {
			return ""
		}
		return name
	})
	bridge.Set(rt, host, "decode", func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		b := bridge.ArrayBufferBytes(rt, call.Argument(1), call.Argument(2).ToInteger(), call.Argument(3).ToInteger())
		fatal, stripBOM := call.Argument(4).ToBoolean(), call.Argument(5).ToBoolean()
		s, ok := decode(name, b, fatal, stripBOM)
		if !ok {
			bridge.ThrowTypeError(rt, "The encoded data was not valid for encoding "+name)
		}
		return rt.ToValue(s)
	})
	bridge.Set(rt, host, "btoa", func(s string) goja.Value {
		b := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xff {
				return goja.Null()
			}
			b = append(b, byte(r))
		}
		return rt.ToValue(base64.StdEncoding.EncodeToString(b))
	})
	bridge.Set(rt, host, "atob", func(s string) goja.Value {
		b, ok := forgivingBase64(s)
		if !ok {
			return goja.Null()
		}
		// Each byte becomes one code unit (Latin-1), which Go builds as runes.
		var sb strings.Builder
		for _, c := range b {
			sb.WriteRune(rune(c))
		}
		return rt.ToValue(sb.String())
	})
}

func canonicalEncoding(label string) (string, error) {
	label = strings.ToLower(strings.Trim(label, "\t\n\f\r "))
	if strings.TrimSpace(label) != label {
		// htmlindex trims Unicode spaces too (\v, U+2029): the Encoding
		// standard strips only ASCII whitespace, and rejects the rest.
		return "", fmt.Errorf("encoding label %q has surrounding non-ASCII whitespace", label)
	}
	switch label {
	case "utf-16", "utf-16le", "unicode", "csunicode", "iso-10646-ucs-2", "ucs-2", "unicodefeff":
		return "utf-16le", nil
	case "utf-16be", "unicodefffe":
		return "utf-16be", nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return "", err
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return "", err
	}
	return strings.ToLower(name), nil
}

// decode turns bytes into text per the Encoding standard: malformed input
// becomes U+FFFD, or fails when fatal is set.
func decode(name string, b []byte, fatal, stripBOM bool) (string, bool) {
	if name == "utf-8" {
		if fatal && !utf8.Valid(b) {
			return "", false
		}
		return bridge.UTF8(b, stripBOM), true
	}
	var enc encoding.Encoding
	switch name {
	case "utf-16le":
		enc = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case "utf-16be":
		enc = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	default:
		var err error
		if enc, err = htmlindex.Get(name); err != nil {
			return "", false
		}
	}
	if enc == charmap.ISO8859_8I { // ISO-8859-8 by another name (the bidi hint is not the decoder's)
		enc = charmap.ISO8859_8
	}
	if cm, ok := enc.(*charmap.Charmap); ok {
		return decodeSingleByte(cm, b, fatal)
	}
	if stripBOM && strings.HasPrefix(name, "utf-16") && len(b) >= 2 {
		if (name == "utf-16le" && b[0] == 0xff && b[1] == 0xfe) || (name == "utf-16be" && b[0] == 0xfe && b[1] == 0xff) {
			b = b[2:]
		}
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	if fatal && strings.ContainsRune(string(out), utf8.RuneError) && !strings.Contains(string(b), "\uFFFD") {
		return "", false
	}
	return string(out), true
}

// decodeSingleByte decodes a single-byte encoding by the WHATWG index.
// x/text's charmaps leave the bytes 0x80–0x9F that the vendor tables do
// not define as U+FFFD; the Encoding standard's indexes map them to the C1
// control of the same value (ISO-8859-5's 0x80 is U+0080, windows-1251's
// 0x98 is U+0098), which WPT's textdecoder-fatal-single-byte checks.
func decodeSingleByte(cm *charmap.Charmap, b []byte, fatal bool) (string, bool) {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/2)
	for _, c := range b {
		r := rune(c)
		if c >= 0x80 {
			if r = cm.DecodeByte(c); r == utf8.RuneError && c <= 0x9f {
				r = rune(c)
			}
		}
		if r == utf8.RuneError && fatal {
			return "", false
		}
		sb.WriteRune(r)
	}
	return sb.String(), true
}

// forgivingBase64 is the HTML standard's forgiving-base64 decode.
func forgivingBase64(s string) ([]byte, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' {
			return -1
		}
		return r
	}, s)
	if len(s)%4 == 0 {
		s = strings.TrimSuffix(s, "=")
		s = strings.TrimSuffix(s, "=")
	}
	if len(s)%4 == 1 {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return nil, false
		}
	}
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	return b, true
}

// isWellFormed says whether s has no lone surrogate.
func isWellFormed(s goja.String) bool {
	for i, n := 0, s.Length(); i < n; i++ {
		switch c := s.CharAt(i); {
		case c < 0xd800 || c > 0xdfff:
		case c <= 0xdbff && i+1 < n && s.CharAt(i+1) >= 0xdc00 && s.CharAt(i+1) <= 0xdfff:
			i++ // a pair
		default:
			return false
		}
	}
	return true
}
