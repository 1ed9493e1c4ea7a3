package webapi

import (
	"bytes"
	"encoding/base64"
	"mime/multipart"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/dop251/goja"
	whatwg "github.com/nlnwa/whatwg-url/url"
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
	if _, err := canonicalEncoding("klingon"); err == nil {
		t.Error("unknown label accepted")
	}
}

func TestParseMultipart(t *testing.T) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("name", "Ada")
	fw, _ := w.CreateFormFile("file", "a.bin")
	_, _ = fw.Write([]byte{0, 1, 2, 255})
	_ = w.Close()
	entries, err := ParseMultipart(buf.Bytes(), w.FormDataContentType())
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Name != "name" || string(entries[0].Data) != "Ada" || entries[0].File {
		t.Errorf("field: %+v", entries)
	}
	f := entries[1]
	if !f.File || f.Filename != "a.bin" || f.Type != "application/octet-stream" || !bytes.Equal(f.Data, []byte{0, 1, 2, 255}) {
		t.Errorf("file: %+v", f)
	}
	for _, ct := range []string{"text/plain", "multipart/form-data", "multipart/form-data; boundary=zz"} {
		if _, err := ParseMultipart([]byte("--x\r\nbroken"), ct); err == nil {
			t.Errorf("%s: no error", ct)
		}
	}
}

func TestUUID4(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		u := uuid4()
		if !re.MatchString(u) || seen[u] {
			t.Fatalf("uuid4() = %q", u)
		}
		seen[u] = true
	}
}

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

// A Go panic in a host function is a JS error the script can catch.
func TestSafeTurnsPanicsIntoJSErrors(t *testing.T) {
	rt := goja.New()
	host := rt.NewObject()
	set(rt, host, "boom", func(goja.FunctionCall) goja.Value {
		var m map[string]int
		m["x"] = 1 // a nil-map panic: a bug, not a thrown JS error
		return goja.Undefined()
	})
	set(rt, host, "typeErr", func(goja.FunctionCall) goja.Value { panic(rt.NewTypeError("on purpose")) })
	_ = rt.Set("host", host)
	v, err := rt.RunString(`
		const out = []
		try { host.boom() } catch (e) { out.push(e instanceof Error, /internal error in boom/.test(e.message)) }
		try { host.typeErr() } catch (e) { out.push(e instanceof TypeError, e.message) }
		out.join(',')`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "true,true,true,on purpose" {
		t.Errorf("got %q", got)
	}
}

func FuzzParseMultipart(f *testing.F) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.SetBoundary("xyz")
	_ = w.WriteField("a", "1")
	fw, _ := w.CreateFormFile("f", "f.bin")
	_, _ = fw.Write([]byte{0, 1, 2})
	_ = w.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("--xyz\r\nbroken"))
	f.Fuzz(func(t *testing.T, body []byte) {
		entries, err := ParseMultipart(body, "multipart/form-data; boundary=xyz")
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.File && e.Type == "" {
				t.Fatalf("file part %q without a type", e.Name)
			}
		}
	})
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

func FuzzURLParse(f *testing.F) {
	for _, s := range []string{"https://a.test/x?y#z", "http://[::1]:80/", "mailto:x", "https://bücher.example/", "http://0x7f.1/", "%zz://x", "http://a b/"} {
		f.Add(s)
	}
	rt := goja.New()
	host := rt.NewObject()
	InstallURL(rt, host)
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
