package jsrt_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/jsrt"
)

func streamsApp(t *testing.T) *app {
	// One worker: the endless-stream test reads module state set by another request.
	return serveApp(t, "../fixtures/apps/streams", jsrt.Options{Workers: 1})
}

func TestMultipartUploadRoundTripsBinary(t *testing.T) {
	a := streamsApp(t)
	data := make([]byte, 300<<10)
	_, _ = rand.Read(data)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("note", "héllo")
	fw, _ := mw.CreateFormFile("file", "random.bin")
	_, _ = fw.Write(data)
	_ = mw.Close()
	res := a.do("POST", "/upload/file", &buf, "Content-Type", mw.FormDataContentType())
	if res.Status != 200 || !bytes.Equal([]byte(res.Body), data) {
		t.Fatalf("status %d, %d bytes back, want the %d bytes sent", res.Status, len(res.Body), len(data))
	}
	// The field's "é" goes out as Node writes header values: latin1, one byte.
	if res.Header.Get("X-Name") != "random.bin" || res.Header.Get("X-Size") != fmt.Sprint(len(data)) || res.Header.Get("X-Note") != "h\xe9llo" {
		t.Errorf("headers %v", res.Header)
	}
	if res.Header.Get("Content-Type") != "application/octet-stream" || res.Header.Get("Content-Length") != fmt.Sprint(len(data)) {
		t.Errorf("type %q length %q", res.Header.Get("Content-Type"), res.Header.Get("Content-Length"))
	}
}

func TestRequestBodyStreams(t *testing.T) {
	a := streamsApp(t)
	data := make([]byte, 1<<20+7)
	for i := range data {
		data[i] = byte(i * 7)
	}
	sum := 0
	for _, b := range data {
		sum = (sum + int(b)) % 65521
	}
	// Sent chunked (unknown length), read with a reader on the handler side.
	pr, pw := io.Pipe()
	go func() {
		for off := 0; off < len(data); off += 100 << 10 {
			end := min(off+100<<10, len(data))
			_, _ = pw.Write(data[off:end])
		}
		pw.Close()
	}()
	var got struct {
		Bytes, Chunks, Sum int
		Used               bool
	}
	res := a.do("POST", "/upload/count", pr)
	if err := json.Unmarshal([]byte(res.Body), &got); err != nil {
		t.Fatalf("%d %q", res.Status, res.Body)
	}
	if got.Bytes != len(data) || got.Sum != sum || got.Chunks < 2 || !got.Used {
		t.Errorf("got %+v, want %d bytes in several chunks, sum %d, bodyUsed", got, len(data), sum)
	}

	if res := a.do("POST", "/upload/for-await", strings.NewReader("stream me")); res.Body != "STREAM ME" {
		t.Errorf("for await: %q", res.Body)
	}
	if res := a.do("POST", "/upload/twice", strings.NewReader("once")); res.Body != `{"first":"once","error":"TypeError","message":"Body is unusable: Body has already been read","used":true}` {
		t.Errorf("reading twice: %s", res.Body)
	}
	if res := a.do("POST", "/upload/clone", strings.NewReader("cloned body")); res.Body != `{"a":"cloned body","b":11}` {
		t.Errorf("clone: %s", res.Body)
	}
	if res := a.do("POST", "/upload/blob", bytes.NewReader([]byte{9, 8, 7, 6}), "Content-Type", "application/x-thing"); res.Body != `{"size":4,"type":"application/x-thing","bytes":[9,8,7]}` {
		t.Errorf("blob: %s", res.Body)
	}
	if res := a.get("/upload/none"); res.Body != `{"body":null,"text":"","used":false}` {
		t.Errorf("GET body: %s", res.Body)
	}
}

func TestResponseBodies(t *testing.T) {
	a := streamsApp(t)
	want := make([]byte, 256)
	for i := range want {
		want[i] = byte(i)
	}
	tests := []struct {
		path, ctype, length string
		body                []byte
	}{
		{"/body/bytes", "application/octet-stream", "256", want},
		{"/body/buffer", "", "4", []byte{1, 2, 3, 4}},
		{"/body/blob", "text/html", "11", []byte("<b>blob</b>")},
		{"/body/params", "application/x-www-form-urlencoded;charset=UTF-8", "14", []byte("q=a+b&x=%C3%A9")},
		{"/body/text", "text/plain;charset=UTF-8", "13", []byte("héllo wörld")},
		{"/stream/strings", "text/plain; charset=utf-8", "", []byte("text and bytes")},
		{"/body/iterable", "", "", []byte("async iterable")},
	}
	for _, tt := range tests {
		res := a.get(tt.path)
		if res.Status != 200 || !bytes.Equal([]byte(res.Body), tt.body) {
			t.Errorf("%s: %d %q, want %q", tt.path, res.Status, res.Body, tt.body)
		}
		if res.Header.Get("Content-Type") != tt.ctype || res.Header.Get("Content-Length") != tt.length {
			t.Errorf("%s: type %q length %q, want %q %q", tt.path, res.Header.Get("Content-Type"), res.Header.Get("Content-Length"), tt.ctype, tt.length)
		}
	}
	// A FormData body is multipart with a boundary, and parses back.
	res := a.get("/body/form")
	mt, params, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("form type %q", res.Header.Get("Content-Type"))
	}
	form, err := multipart.NewReader(strings.NewReader(res.Body), params["boundary"]).ReadForm(1 << 20)
	if err != nil || form.Value["field"][0] != "value" || form.File["file"][0].Filename != "f.txt" {
		t.Errorf("form %v %v", form, err)
	}
}

func TestServerSentEvents(t *testing.T) {
	a := streamsApp(t)
	resp, err := http.Get(a.URL + "/stream/sse")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("type %q", resp.Header.Get("Content-Type"))
	}
	sc := bufio.NewScanner(resp.Body)
	var events []string
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "data: ") {
			events = append(events, strings.TrimPrefix(line, "data: "))
		}
	}
	if strings.Join(events, ",") != `{"n":1},{"n":2},{"n":3}` {
		t.Errorf("events %q", events)
	}
}

// A fast producer and a client that stops reading: the server pulls only
// as the client takes data; when the client hangs up, the source's cancel
// runs.
func TestStreamBackpressureAndCancel(t *testing.T) {
	a := streamsApp(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(a.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetReadBuffer(16 << 10)
	}
	fmt.Fprintf(conn, "GET /stream/endless HTTP/1.1\r\nHost: x\r\n\r\n")
	r := bufio.NewReader(conn)
	if _, err := r.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	// Stop reading: the socket buffers fill, then pulls must stop. Wait
	// (bounded) for two readings 200 ms apart to agree.
	var st struct {
		Pulls     int
		Cancelled bool
		Reason    string
	}
	readState := func() {
		t.Helper()
		if err := json.Unmarshal([]byte(a.get("/stream/state").Body), &st); err != nil {
			t.Fatal(err)
		}
	}
	readState()
	stable := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		before := st.Pulls
		time.Sleep(200 * time.Millisecond)
		readState()
		if st.Pulls == before {
			stable = true
			break
		}
	}
	// 64 KiB chunks: a few MiB of socket buffers hold well under 2,000 of them.
	if !stable || st.Pulls > 2000 {
		t.Errorf("pulls did not stop (%d, stable %v) while the client read nothing: the producer must wait for the client", st.Pulls, stable)
	}
	conn.Close()
	deadline := time.Now().Add(3 * time.Second)
	for readState(); !st.Cancelled && time.Now().Before(deadline); readState() {
		time.Sleep(20 * time.Millisecond)
	}
	if !st.Cancelled || st.Reason != "AbortError" {
		t.Errorf("after the client left: %+v, want the source cancelled with an AbortError", st)
	}
}

// A stream that errors midway ends the connection without a clean end, so
// the client can tell the body is incomplete.
func TestStreamErrorAbortsTheResponse(t *testing.T) {
	a := streamsApp(t)
	resp, err := http.Get(a.URL + "/stream/fails")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil {
		t.Errorf("read %q without an error; want an aborted body", b)
	}
	if !strings.HasPrefix(string(b), "partial") {
		t.Errorf("body %q: the chunk before the error should arrive", b)
	}
	if !strings.Contains(a.logs.String(), "the source broke") {
		t.Errorf("the stream's error is not in the log")
	}
}
