package fetch

import (
	"bytes"
	"mime/multipart"
	"testing"
)

func TestParseMultipart(t *testing.T) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("name", "Ada")
	fw, _ := w.CreateFormFile("file", "a.bin")
	_, _ = fw.Write([]byte{0, 1, 2, 255})
	_ = w.Close()
	entries, err := parseMultipart(buf.Bytes(), w.FormDataContentType())
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
		if _, err := parseMultipart([]byte("--x\r\nbroken"), ct); err == nil {
			t.Errorf("%s: no error", ct)
		}
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
		entries, err := parseMultipart(body, "multipart/form-data; boundary=xyz")
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
