package jsrt_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/jsrt"
)

// seedApp serves fixtures/seeds/app: every example of the two route.js
// reference documents, with fetches to the internet sent to a loopback upstream.
func seedApp(t *testing.T) (*app, *upstream) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"path": r.URL.Path, "method": r.Method, "host": r.Host})
	})
	a := serveApp(t, "../fixtures/seeds/app", jsrt.Options{
		HTTPClient: up.client(),
		Env:        map[string]string{"DATA_API_KEY": "test-key"},
	})
	return a, up
}

func TestSeedExamples(t *testing.T) {
	a, _ := seedApp(t)
	tests := []struct {
		name       string
		method     string
		path       string
		header     []string
		wantStatus int
		wantBody   string
		wantHeader map[string]string
	}{
		{"hello", "GET", "/api/hello", nil, 200, `{"message":"Hello World"}`, map[string]string{"Content-Type": "application/json"}},
		{"handlers that return nothing", "GET", "/methods", nil, 500, "", map[string]string{"Content-Type": ""}},
		{"exported HEAD runs", "HEAD", "/methods", nil, 500, "", nil},
		{"exported OPTIONS replaces the automatic one", "OPTIONS", "/methods", nil, 500, "", map[string]string{"Allow": ""}},
		{"nextUrl example", "GET", "/next-request", nil, 500, "", nil},
		{"params example", "GET", "/dashboard/1", nil, 500, "", nil},
		{"RouteContext", "GET", "/users/42", nil, 200, `{"id":"42"}`, nil},
		{"params are decoded once", "GET", "/users/a%20b%2Fc", nil, 200, `{"id":"a b/c"}`, nil},
		{"params keep a literal %2F", "GET", "/users/%252F", nil, 200, `{"id":"%2F"}`, nil},
		{"non-ASCII params", "GET", "/users/%C3%A9quipe", nil, 200, `{"id":"équipe"}`, nil},
		{"cookies get/set/delete, no response", "GET", "/cookies", nil, 500, "", nil},
		{"cookie echoed in Set-Cookie", "GET", "/cookies/response", []string{"Cookie", "token=abc"}, 200, "Hello, Next.js!", map[string]string{"Set-Cookie": "token=abc"}},
		{"missing cookie: token.value throws", "GET", "/cookies/response", nil, 500, "", nil},
		{"request.cookies example", "GET", "/cookies/request", []string{"Cookie", "token=abc"}, 500, "", nil},
		{"headers() example", "GET", "/headers", nil, 500, "", nil},
		{"referer echoed", "GET", "/headers/response", []string{"Referer", "https://example.com/x"}, 200, "Hello, Next.js!", map[string]string{"Referer": "https://example.com/x"}},
		{"no referer: null becomes \"null\"", "GET", "/headers/response", nil, 200, "Hello, Next.js!", map[string]string{"Referer": "null"}},
		{"new Headers(request.headers)", "GET", "/headers/request", nil, 500, "", nil},
		{"revalidate + fetch", "GET", "/posts", nil, 200, `{"host":"api.vercel.app","method":"GET","path":"/blog"}`, map[string]string{"Content-Type": "application/json"}},
		{"redirect()", "GET", "/redirect", nil, 307, "", map[string]string{"Location": "https://nextjs.org/"}},
		{"dynamic segment example", "GET", "/items/a", nil, 500, "", nil},
		{"search params example", "GET", "/api/search?query=hello", nil, 500, "", nil},
		{"CORS", "GET", "/api/cors", nil, 200, "Hello, Next.js!", map[string]string{
			"Access-Control-Allow-Origin":  "*",
			"Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
			"Access-Control-Allow-Headers": "Content-Type, Authorization",
			"Content-Type":                 "text/plain;charset=UTF-8",
		}},
		{"rss.xml", "GET", "/rss.xml", nil, 200, "", map[string]string{"Content-Type": "text/xml"}},
		{"segment config only: no methods", "GET", "/items/config", nil, 405, "", nil},
		{"segment config only: OPTIONS", "OPTIONS", "/items/config", nil, 204, "", map[string]string{"Allow": "OPTIONS"}},

		{"legacy: empty GET", "GET", "/legacy/api", nil, 500, "", nil},
		{"legacy: NextResponse.json of a fetch", "GET", "/legacy/items", nil, 200, `{"data":{"host":"data.mangodb-api","method":"GET","path":"/com/..."}}`, nil},
		{"legacy: product by id", "GET", "/legacy/products/api?id=7", nil, 200, `{"product":{"host":"data.mongodb-api.com","method":"GET","path":"/product/7"}}`, nil},
		{"legacy: fetch with next.revalidate", "GET", "/legacy/items/revalidate", nil, 200, `{"host":"data.mongodb-api.com","method":"GET","path":"/..."}`, nil},
		{"legacy: revalidate config", "GET", "/legacy/items/revalidate-config", nil, 200, `{"revalidate":60}`, nil},
		{"legacy: sync cookies()", "GET", "/legacy/cookies", []string{"Cookie", "token=abc"}, 200, "Hello, Next.js!", map[string]string{"Set-Cookie": "token=[object Object]"}},
		{"legacy: sync cookies(), no cookie", "GET", "/legacy/cookies", nil, 200, "Hello, Next.js!", map[string]string{"Set-Cookie": "token=undefined"}},
		{"legacy: request.cookies", "GET", "/legacy/cookies/request", nil, 500, "", nil},
		{"legacy: sync headers()", "GET", "/legacy/headers", []string{"Referer", "https://a.example/"}, 200, "Hello, Next.js!", map[string]string{"Referer": "https://a.example/"}},
		{"legacy: new Headers(request.headers)", "GET", "/legacy/headers/request", nil, 500, "", nil},
		{"legacy: redirect", "GET", "/legacy/redirect", nil, 307, "", map[string]string{"Location": "https://nextjs.org/"}},
		{"legacy: sync params", "GET", "/legacy/items/b", nil, 500, "", nil},
		{"legacy: static beats dynamic", "GET", "/legacy/items/revalidate-config", nil, 200, `{"revalidate":60}`, nil},
		{"legacy: CORS", "GET", "/legacy/cors", nil, 200, "Hello, Next.js!", map[string]string{"Access-Control-Allow-Origin": "*"}},
		{"legacy: runtime edge only", "GET", "/legacy/runtime", nil, 405, "", nil},
		{"legacy: rss.xml without a type", "GET", "/legacy/rss.xml", nil, 200, "", map[string]string{"Content-Type": "text/plain;charset=UTF-8"}},
		{"legacy: segment config", "POST", "/legacy/config", nil, 405, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.t = t
			res := a.do(tt.method, tt.path, nil, tt.header...)
			if res.Status != tt.wantStatus {
				t.Fatalf("%s %s: status %d, want %d (body %q)", tt.method, tt.path, res.Status, tt.wantStatus, res.Body)
			}
			if tt.wantBody != "" && strings.TrimSpace(res.Body) != tt.wantBody {
				t.Errorf("%s %s: body %q, want %q", tt.method, tt.path, res.Body, tt.wantBody)
			}
			if tt.wantStatus == 500 && res.Body != "" {
				t.Errorf("500 with a body %q: errors must not reach the client", res.Body)
			}
			for k, want := range tt.wantHeader {
				if got := strings.Join(res.Header.Values(k), ", "); got != want {
					t.Errorf("%s %s: header %s = %q, want %q", tt.method, tt.path, k, got, want)
				}
			}
		})
	}
}

func TestSeedFetchSendsHeadersAndBody(t *testing.T) {
	a, up := seedApp(t)
	res := a.do("POST", "/legacy/items/post", nil)
	if res.Status != 200 {
		t.Fatalf("status %d", res.Status)
	}
	req, body := up.last()
	if req.Method != "POST" || req.Header.Get("Api-Key") != "test-key" || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("upstream saw %s with headers %v", req.Method, req.Header)
	}
	var sent struct{ Time string }
	if err := json.Unmarshal([]byte(body), &sent); err != nil || sent.Time == "" {
		t.Errorf("upstream body %q: want {time: ISO date}", body)
	}
	if _, err := time.Parse(time.RFC3339, sent.Time); err != nil {
		t.Errorf("time %q is not an ISO date: %v", sent.Time, err)
	}
}

func TestSeedRequestBodies(t *testing.T) {
	a, _ := seedApp(t)
	for _, path := range []string{"/items", "/legacy/items/json"} {
		res := a.do("POST", path, strings.NewReader(`{"a":[1,2],"b":"ü"}`), "Content-Type", "application/json")
		if res.Status != 200 || res.Body != `{"res":{"a":[1,2],"b":"ü"}}` {
			t.Errorf("POST %s: %d %q", path, res.Status, res.Body)
		}
		// Malformed JSON and an empty body make request.json() throw: 500, as Next.js.
		for _, bad := range []string{`{"a":`, ``} {
			if res := a.do("POST", path, strings.NewReader(bad)); res.Status != 500 || res.Body != "" {
				t.Errorf("POST %s with %q: %d %q, want an empty 500", path, bad, res.Status, res.Body)
			}
		}
	}

	// FormData, urlencoded and multipart.
	res := a.do("POST", "/items/form", strings.NewReader("name=Ada+L&email=ada%40example.com"), "Content-Type", "application/x-www-form-urlencoded")
	if res.Body != `{"name":"Ada L","email":"ada@example.com"}` {
		t.Errorf("urlencoded form: %d %q", res.Status, res.Body)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("name", "Grace")
	_ = mw.WriteField("email", "grace@example.com")
	_ = mw.Close()
	res = a.do("POST", "/items/form", &buf, "Content-Type", mw.FormDataContentType())
	if res.Body != `{"name":"Grace","email":"grace@example.com"}` {
		t.Errorf("multipart form: %d %q", res.Status, res.Body)
	}
	// formData() on a JSON body throws: 500.
	if res := a.do("POST", "/items/form", strings.NewReader(`{}`), "Content-Type", "application/json"); res.Status != 500 {
		t.Errorf("formData() of JSON: %d, want 500", res.Status)
	}

	// The webhook example reads text.
	if res := a.do("POST", "/api/webhook", strings.NewReader("payload")); res.Status != 200 || res.Body != "Success!" {
		t.Errorf("webhook: %d %q", res.Status, res.Body)
	}
}

// The seed's streaming example: three chunks 200 ms apart, each flushed as
// it is enqueued. Timing is asserted loosely: order and separation.
func TestSeedStreaming(t *testing.T) {
	a, _ := seedApp(t)
	for _, path := range []string{"/api/stream", "/legacy/stream"} {
		start := time.Now()
		resp, err := http.Get(a.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		if resp.ContentLength != -1 || resp.Header.Get("Content-Type") != "" {
			t.Errorf("%s: streamed responses have no length and no type, got %d %q", path, resp.ContentLength, resp.Header.Get("Content-Type"))
		}
		r := bufio.NewReader(resp.Body)
		var got []string
		var at []time.Duration
		for _, want := range []string{"<p>One</p>", "<p>Two</p>", "<p>Three</p>"} {
			b := make([]byte, len(want))
			if _, err := io.ReadFull(r, b); err != nil {
				t.Fatalf("%s: reading %q: %v", path, want, err)
			}
			got = append(got, string(b))
			at = append(at, time.Since(start))
		}
		resp.Body.Close()
		if strings.Join(got, "") != "<p>One</p><p>Two</p><p>Three</p>" {
			t.Errorf("%s: chunks %q", path, got)
		}
		if at[0] > 150*time.Millisecond {
			t.Errorf("%s: first chunk after %v: it must not wait for the rest", path, at[0])
		}
		if at[1]-at[0] < 150*time.Millisecond || at[2]-at[1] < 150*time.Millisecond {
			t.Errorf("%s: chunks arrived at %v: they must be sent as produced, ~200ms apart", path, at)
		}
	}
}
