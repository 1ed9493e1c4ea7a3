package encoding

import (
	"bytes"
	"encoding/base64"
	"testing"
	"unicode/utf8"
)

func TestForgivingBase64(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"aGk=", "hi", true},
		{"aGk", "hi", true},
		{" a G k = ", "hi", true},
		{"YQ==", "a", true},
		{"YR==", "a", true}, // non-zero padding bits are forgiven
		{"a", "", false},
		{"a===", "", false},
		{"aG*k", "", false},
		{"", "", true},
	}
	for _, tt := range tests {
		got, ok := forgivingBase64(tt.in)
		if ok != tt.ok || string(got) != tt.want {
			t.Errorf("forgivingBase64(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		enc        string
		in         []byte
		fatal, bom bool
		want       string
		ok         bool
	}{
		{"utf-8", []byte("h\xc3\xa9"), false, true, "hé", true},
		{"utf-8", []byte("\xef\xbb\xbfx"), false, true, "x", true},
		{"utf-8", []byte("\xef\xbb\xbfx"), false, false, "\ufeffx", true},
		{"utf-8", []byte("a\xffb"), false, true, "a\ufffdb", true},
		{"utf-8", []byte("a\xffb"), true, true, "", false},
		{"windows-1252", []byte{0x80, 0xe9}, false, true, "€é", true},
		{"utf-16le", []byte{0xff, 0xfe, 'h', 0}, false, true, "h", true},
		{"utf-16be", []byte{0, 'h'}, false, true, "h", true},
		// WHATWG's single-byte indexes map the C1 bytes x/text leaves undefined.
		{"iso-8859-5", []byte{0x80, 0xb0}, true, true, "\u0080А", true},
		{"windows-1251", []byte{0x98}, true, true, "\u0098", true},
		{"iso-8859-8-i", []byte{0x80, 0xe0}, true, true, "\u0080א", true},
		{"iso-8859-8", []byte{0xa1}, false, true, "\ufffd", true},
		{"iso-8859-8", []byte{0xa1}, true, true, "", false},
	}
	for _, tt := range tests {
		got, ok := decode(tt.enc, tt.in, tt.fatal, tt.bom)
		if ok != tt.ok || got != tt.want {
			t.Errorf("decode(%s, %q) = %q, %v; want %q, %v", tt.enc, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCanonicalEncoding(t *testing.T) {
	for label, want := range map[string]string{"UTF8": "utf-8", " latin1 ": "windows-1252", "utf-16": "utf-16le", "shift_jis": "shift_jis"} {
		if got, err := canonicalEncoding(label); err != nil || got != want {
			t.Errorf("canonicalEncoding(%q) = %q, %v; want %q", label, got, err, want)
		}
	}
	for _, label := range []string{"klingon", "\vutf-8", "utf-8\u2029"} {
		if _, err := canonicalEncoding(label); err == nil {
			t.Errorf("label %q accepted (only ASCII whitespace is stripped)", label)
		}
	}
}

func FuzzForgivingBase64(f *testing.F) {
	for _, s := range []string{"aGk=", " a G k ", "YR==", "a", "===", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, ok := forgivingBase64(s)
		if !ok {
			return
		}
		again, ok := forgivingBase64(base64.StdEncoding.EncodeToString(b))
		if !ok || !bytes.Equal(again, b) {
			t.Fatalf("%q decodes to %x, which does not round-trip", s, b)
		}
	})
}

func FuzzDecodeUTF8(f *testing.F) {
	f.Add([]byte("héllo"), false)
	f.Add([]byte{0xff, 0xfe, 'a'}, true)
	f.Fuzz(func(t *testing.T, b []byte, fatal bool) {
		s, ok := decode("utf-8", b, fatal, true)
		if ok && !utf8.ValidString(s) {
			t.Fatalf("decode(%x) = %q is not valid UTF-8", b, s)
		}
		if fatal && ok && !utf8.Valid(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))) {
			t.Fatalf("fatal decode accepted %x", b)
		}
	})
}
