package url

import (
	"testing"
	"unicode/utf8"

	"github.com/dop251/goja"
	whatwg "github.com/nlnwa/whatwg-url/url"
)

func TestOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.test:443/x":     "https://a.test",
		"http://a.test:8080/":      "http://a.test:8080",
		"blob:https://a.test/uuid": "https://a.test",
		"file:///etc/passwd":       "null",
		"mailto:x@y":               "null",
	} {
		u, err := whatwg.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := origin(u); got != want {
			t.Errorf("origin(%s) = %q, want %q", in, got, want)
		}
	}
}

func FuzzURLParse(f *testing.F) {
	for _, s := range []string{"https://a.test/x?y#z", "http://[::1]:80/", "mailto:x", "https://bücher.example/", "http://0x7f.1/", "%zz://x", "http://a b/"} {
		f.Add(s)
	}
	rt := goja.New()
	host := rt.NewObject()
	installURL(rt, host)
	parse, _ := goja.AssertFunction(host.Get("urlParse"))
	f.Fuzz(func(t *testing.T, input string) {
		v, err := parse(nil, rt.ToValue(input))
		if err != nil {
			t.Fatalf("urlParse(%q) threw: %v", input, err)
		}
		if goja.IsNull(v) {
			return
		}
		href := v.ToObject(rt).Get("0").String()
		again, err := parse(nil, rt.ToValue(href))
		if err != nil || goja.IsNull(again) {
			t.Fatalf("%q parses to %q, which does not parse", input, href)
		}
		if h2 := again.ToObject(rt).Get("0").String(); h2 != href {
			t.Fatalf("not idempotent: %q → %q → %q", input, href, h2)
		}
	})
}

func TestFormDecode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a+b", "a b"},
		{"%41%2", "A%2"},
		{"%zz", "%zz"},
		{"%C3%A9", "é"},
		{"%e2%82%ac", "€"},
		{"%FF", "\ufffd"},
		{"é+%", "é %"},
		{"raw\xff", "raw\ufffd"},
	}
	for _, tt := range tests {
		if got := FormDecode(tt.in); got != tt.want {
			t.Errorf("FormDecode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFormDecode(f *testing.F) {
	for _, s := range []string{"a+b%20c", "%", "%F", "%FF%FE", "%C3", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := FormDecode(s); !utf8.ValidString(got) {
			t.Fatalf("FormDecode(%q) = %q: not UTF-8", s, got)
		}
	})
}
