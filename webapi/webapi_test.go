package webapi

import (
	"bytes"
	"mime/multipart"
	"regexp"
	"testing"

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
