package conformance

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/jsrt"
)

type testCase struct {
	Name       string            `json:"name"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Headers    map[string]string `json:"headers"`
	Body       *string           `json:"body"`
	BodyBase64 *string           `json:"bodyBase64"`
	// DelayBeforeMs waits before sending, for cases about time (ISR).
	DelayBeforeMs int `json:"delayBeforeMs"`
}

type cases struct {
	App   string     `json:"app"`
	Cases []testCase `json:"cases"`
}

type response struct {
	Name       string              `json:"name"`
	Status     int                 `json:"status"`
	Headers    map[string][]string `json:"headers"`
	Body       *string             `json:"body"`
	BodyBase64 *string             `json:"bodyBase64"`
}

type golden struct {
	Next     string     `json:"next"`
	Recorded string     `json:"recorded"`
	App      string     `json:"app"`
	Cases    []response `json:"cases"`
}

// known lists, per app and case, what is allowed to differ and why
// (KNOWN_DIFFERENCES.md says it at length).
type known map[string]map[string]struct {
	Ignore []string `json:"ignore"` // "status", "body", or header names
	Why    string   `json:"why"`
}

// ignoredHeaders are never compared: transport details (Next.js sends route
// responses chunked where jsroutes sends a length), and what the recorder
// leaves out as noise (see recorder/record.mjs).
var ignoredHeaders = map[string]bool{
	"content-length": true, "date": true, "connection": true, "keep-alive": true,
	"transfer-encoding": true, "vary": true, "x-powered-by": true, "etag": true,
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// upstream answers like recorder/upstream-server.mjs: JSON naming the
// method, path and body length it received.
func upstream(t *testing.T) *http.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"method":%q,"path":%q,"body":%d}`, r.Method, r.URL.RequestURI(), len(b))
	}))
	t.Cleanup(srv.Close)
	target, _ := url.Parse(srv.URL)
	return &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		r2 := r.Clone(r.Context())
		r2.URL.Scheme, r2.URL.Host = target.Scheme, target.Host
		return http.DefaultTransport.RoundTrip(r2)
	})}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

var (
	expiresDate  = regexp.MustCompile(`Expires=[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT`)
	bypassCookie = regexp.MustCompile(`^__prerender_bypass=[0-9a-f]+`)
	localPort    = regexp.MustCompile(`(localhost|127\.0\.0\.1):\d+`)
)

// normalizeHeader removes what differs between any two runs: the server's
// port, cookie expiry instants (other than the epoch used for deletion) and
// the draft-mode id.
func normalizeHeader(name, v string) string {
	v = localPort.ReplaceAllString(v, "$1:PORT")
	if name == "set-cookie" {
		// The draft-mode cookie carries an id made at build time.
		v = bypassCookie.ReplaceAllString(v, "__prerender_bypass=<id>")
		return expiresDate.ReplaceAllStringFunc(v, func(s string) string {
			if strings.Contains(s, "1970") {
				return s
			}
			return "Expires=<date>"
		})
	}
	return v
}

func TestConformance(t *testing.T) {
	var allKnown known
	readJSON(t, "known.json", &allKnown)
	files, _ := filepath.Glob("golden/*.json")
	if len(files) == 0 {
		t.Fatal("no goldens: run make conformance-record")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			var g golden
			var c cases
			readJSON(t, file, &g)
			readJSON(t, filepath.Join("cases", name+".json"), &c)
			if len(g.Cases) != len(c.Cases) {
				t.Fatalf("%d cases but %d recorded: record again", len(c.Cases), len(g.Cases))
			}
			var logs bytes.Buffer
			h, err := jsrt.New(context.Background(), jsrt.Options{
				Dir:        filepath.Join("..", c.App),
				Workers:    2,
				HTTPClient: upstream(t),
				Logger:     slog.New(slog.NewTextHandler(&logs, nil)),
			})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			defer func() { srv.Close(); h.Close() }()
			port := srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]
			gotIDs, wantIDs := randomValues{}, randomValues{}
			for i, tc := range c.Cases {
				want := g.Cases[i]
				if want.Name != tc.Name {
					t.Fatalf("case %d is %q in cases but %q in the golden: record again", i, tc.Name, want.Name)
				}
				time.Sleep(time.Duration(tc.DelayBeforeMs) * time.Millisecond)
				got := replay(t, srv.URL, port, tc)
				gotIDs.normalize(got.Body)
				wantIDs.normalize(want.Body)
				compare(t, name, tc, want, got, allKnown[name][tc.Name].Ignore)
			}
			if t.Failed() {
				t.Logf("jsroutes log:\n%s", logs.String())
			}
		})
	}
}

// replay sends the case over a raw connection, so the request line is
// exactly what the case says ("//x" and odd escapes included).
func replay(t *testing.T, base, port string, tc testCase) response {
	t.Helper()
	var body []byte
	switch {
	case tc.BodyBase64 != nil:
		body, _ = base64.StdEncoding.DecodeString(*tc.BodyBase64)
	case tc.Body != nil:
		body = []byte(*tc.Body)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var req bytes.Buffer
	fmt.Fprintf(&req, "%s %s HTTP/1.1\r\n", tc.Method, tc.Path)
	host := "127.0.0.1:" + port
	for k, v := range tc.Headers {
		if strings.EqualFold(k, "host") {
			host = v
			continue
		}
		fmt.Fprintf(&req, "%s: %s\r\n", k, v)
	}
	fmt.Fprintf(&req, "Host: %s\r\nConnection: close\r\n", host)
	if tc.Body != nil || tc.BodyBase64 != nil {
		fmt.Fprintf(&req, "Content-Length: %d\r\n", len(body))
	}
	req.WriteString("\r\n")
	req.Write(body)
	if _, err := conn.Write(req.Bytes()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: tc.Method})
	if err != nil {
		t.Fatalf("%s: %v", tc.Name, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := response{Name: tc.Name, Status: resp.StatusCode, Headers: map[string][]string{}}
	for k, vs := range resp.Header {
		out.Headers[strings.ToLower(k)] = vs
	}
	text := strings.NewReplacer("localhost:"+port, "localhost:PORT", "127.0.0.1:"+port, "127.0.0.1:PORT").Replace(string(b))
	out.Body = &text
	return out
}

func compare(t *testing.T, app string, tc testCase, want, got response, ignore []string) {
	t.Helper()
	skip := map[string]bool{}
	for _, i := range ignore {
		skip[strings.ToLower(i)] = true
	}
	where := fmt.Sprintf("%s %q (%s %s)", app, tc.Name, tc.Method, tc.Path)
	if want.Status == http.StatusNotFound && strings.HasPrefix(strings.Join(want.Headers["content-type"], ""), "text/html") {
		// Next.js's not-found page is its React app, rendered at build time and
		// cached; jsroutes sends a static page of the same look. Compare only
		// what a client acts on (KNOWN_DIFFERENCES.md).
		for _, h := range []string{"x-nextjs-cache", "x-nextjs-prerender", "x-nextjs-stale-time"} {
			skip[h] = true
		}
		skip["body"] = true
	}
	if !skip["status"] && got.Status != want.Status {
		t.Errorf("%s: status %d, Next.js %d", where, got.Status, want.Status)
	}
	names := map[string]bool{}
	for k := range want.Headers {
		names[k] = true
	}
	for k := range got.Headers {
		names[k] = true
	}
	sorted := make([]string, 0, len(names))
	for k := range names {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		if ignoredHeaders[k] || skip[k] {
			continue
		}
		norm := func(vs []string) string {
			out := make([]string, len(vs))
			for i, v := range vs {
				out[i] = normalizeHeader(k, v)
			}
			return strings.Join(out, "\n")
		}
		if g, w := norm(got.Headers[k]), norm(want.Headers[k]); g != w {
			t.Errorf("%s: header %s = %q, Next.js %q", where, k, g, w)
		}
	}
	if skip["body"] {
		return
	}
	var wantBody string
	switch {
	case want.BodyBase64 != nil:
		b, _ := base64.StdEncoding.DecodeString(*want.BodyBase64)
		wantBody = string(b)
	case want.Body != nil:
		wantBody = *want.Body
	}
	if *got.Body != wantBody {
		t.Errorf("%s: body\n  jsroutes %q\n  Next.js  %q", where, truncate(*got.Body), truncate(wantBody))
	}
}

var (
	uuid      = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)
	epochMsec = regexp.MustCompile(`\b1[0-9]{12}\b`)
)

// randomValues names the random UUIDs one server's bodies hold by order of
// first appearance, and blanks millisecond timestamps, so that bodies from
// Next.js and jsroutes compare, and a cached response is still seen to be
// the same body as before (<uuid1> again) or a new one (<uuid2>).
type randomValues map[string]string

func (r randomValues) normalize(body *string) {
	if body == nil {
		return
	}
	s := uuid.ReplaceAllStringFunc(*body, func(id string) string {
		if _, ok := r[id]; !ok {
			r[id] = fmt.Sprintf("<uuid%d>", len(r)+1)
		}
		return r[id]
	})
	*body = epochMsec.ReplaceAllString(s, "<ms>")
}

func truncate(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
