package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
)

// soakCase is one kind of request in the soak mix, with the status it must get.
type soakCase struct {
	name   string
	method string
	path   string
	body   func() (io.Reader, string) // body and its Content-Type
	header [2]string
	want   int
	abort  bool // the client hangs up after the first bytes
	// hostile cases go to a second app (fixtures/apps/hostile) whose
	// routes attack the runtime; 503 is also as expected there (a worker
	// replaced after a stack overflow fails what it was running).
	hostile bool
	// patience is how long the client waits (0: 15 s); a case whose
	// handler never answers expects the client to give up (want 0).
	patience time.Duration
	headers  int // this many extra header lines
}

func soakCases() []soakCase {
	jsonBody := func() (io.Reader, string) { return strings.NewReader(`{"a":[1,2,3],"b":"text"}`), "application/json" }
	form := func() (io.Reader, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("name", "Ada")
		_ = w.WriteField("email", "ada@example.com")
		_ = w.Close()
		return &buf, w.FormDataContentType()
	}
	return []soakCase{
		{name: "hello", method: "GET", path: "/api/hello", want: 200},
		{name: "dynamic params", method: "GET", path: "/users/42", want: 200},
		{name: "POST json", method: "POST", path: "/items", body: jsonBody, want: 200},
		{name: "multipart form", method: "POST", path: "/items/form", body: form, want: 200},
		{name: "stream", method: "GET", path: "/api/stream", want: 200},
		{name: "stream, client aborts", method: "GET", path: "/api/stream", want: 200, abort: true},
		{name: "cookies", method: "GET", path: "/cookies/response", header: [2]string{"Cookie", "token=abc"}, want: 200},
		{name: "fetch upstream", method: "GET", path: "/legacy/items", want: 200},
		{name: "handler error", method: "GET", path: "/methods", want: 500},
		{name: "not found", method: "GET", path: "/nope", want: 404},
		{name: "trailing slash", method: "GET", path: "/api/hello/", want: 308},
		{name: "405", method: "DELETE", path: "/api/hello", want: 405},
		{name: "redirect()", method: "GET", path: "/redirect", want: 307},
		// The hostile app: reach for the bridge, ask for too much memory
		// at once, post a gzip bomb, recurse without end, never answer,
		// send too many headers.
		{name: "hostile: bridge probes", method: "GET", path: "/probe", want: 200, hostile: true},
		{name: "hostile: huge allocations", method: "GET", path: "/alloc", want: 200, hostile: true},
		{name: "hostile: gzip bomb", method: "POST", path: "/gunzip", body: gzipBomb, want: 200, hostile: true},
		{name: "hostile: endless recursion", method: "GET", path: "/recurse", want: 500, hostile: true},
		{name: "hostile: never answers", method: "GET", path: "/forever", want: 0, patience: 50 * time.Millisecond, hostile: true},
		{name: "hostile: 2,100 headers", method: "GET", path: "/hello", want: 431, headers: 2100, hostile: true},
	}
}

// gzipBomb is 64 MiB of zeros, gzipped (~64 KiB).
func gzipBomb() (io.Reader, string) {
	return bytes.NewReader(fixtures.GzipBomb(64)), "application/gzip"
}

// soak runs the mix against the seed app in-process for a while and checks
// that nothing failed that should have succeeded and that goroutines and
// memory go back to where they were.
func soak(args []string) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	repo := fs.String("repo", ".", "the jsroutes repository")
	d := fs.Duration("d", 3*time.Minute, "how long to run")
	conc := fs.Int("c", 32, "concurrent clients")
	out := fs.String("o", "BENCHMARKS.md", "where to add the figures (\"-\": stdout only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"path":%q}`, r.URL.Path)
	}))
	defer upstream.Close()
	target, _ := url.Parse(upstream.URL)
	client := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		r2 := r.Clone(r.Context())
		r2.URL.Scheme, r2.URL.Host = target.Scheme, target.Host
		return http.DefaultTransport.RoundTrip(r2)
	})}
	h, err := jsrt.New(context.Background(), jsrt.Options{
		Dir:            filepath.Join(*repo, "fixtures", "seeds", "app"),
		HTTPClient:     client,
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		RequestTimeout: 10 * time.Second,
	})
	if err != nil {
		return err
	}
	srv := httptest.NewServer(h)
	hostile, err := jsrt.New(context.Background(), jsrt.Options{
		Dir:            filepath.Join(*repo, "fixtures", "apps", "hostile"),
		Workers:        2,
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		RequestTimeout: 10 * time.Second,
		MaxHeapBytes:   512 << 20,
	})
	if err != nil {
		return err
	}
	hostileSrv := httptest.NewServer(hostile)
	cases := soakCases()

	type tally struct{ ok, bad, errs atomic.Int64 }
	tallies := make([]tally, len(cases))
	var failures sync.Map // a few examples of what went wrong

	run := func(ctx context.Context, d time.Duration) {
		deadline := time.Now().Add(d)
		var wg sync.WaitGroup
		for i := 0; i < *conc; i++ {
			wg.Add(1)
			go func(seed uint64) {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(seed, seed*7+1))
				httpc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				defer httpc.CloseIdleConnections()
				for time.Now().Before(deadline) && ctx.Err() == nil {
					i := rng.IntN(len(cases))
					c := cases[i]
					base := srv.URL
					if c.hostile {
						base = hostileSrv.URL
					}
					status, err := soakOne(httpc, base, c)
					switch {
					case err != nil:
						tallies[i].errs.Add(1)
						failures.LoadOrStore(c.name, err.Error())
					case status != c.want && !(c.hostile && status == http.StatusServiceUnavailable):
						tallies[i].bad.Add(1)
						failures.LoadOrStore(c.name, fmt.Sprintf("status %d, want %d", status, c.want))
					default:
						tallies[i].ok.Add(1)
					}
				}
			}(uint64(i) + 1)
		}
		wg.Wait()
	}

	log.Printf("soak: warm-up")
	run(context.Background(), 5*time.Second)
	for i := range tallies {
		tallies[i] = tally{}
	}
	settle()
	goroutinesBefore, heapBefore := runtime.NumGoroutine(), heapInUse()

	log.Printf("soak: %v at %d clients", *d, *conc)
	start := time.Now()
	run(context.Background(), *d)
	elapsed := time.Since(start)

	srv.CloseClientConnections()
	hostileSrv.CloseClientConnections()
	settle()
	goroutinesAfter, heapAfter := runtime.NumGoroutine(), heapInUse()
	srv.Close()
	h.Close()
	hostileSrv.Close()
	hostile.Close()

	var b strings.Builder
	fmt.Fprintf(&b, "## Soak of %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "Machine: %s. `make soak`: the seed app and the hostile app (fixtures/apps/hostile, where 503 also counts as expected) in-process, %d clients for %v, a random mix of the cases below (0: the client gave up, as intended).\n\n", machine(), *conc, elapsed.Round(time.Second))
	b.WriteString("| case | expected | as expected | unexpected status | errors |\n|---|---|---|---|---|\n")
	var total, bad int64
	for i, c := range cases {
		t := &tallies[i]
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d |\n", c.name, c.want, t.ok.Load(), t.bad.Load(), t.errs.Load())
		total += t.ok.Load() + t.bad.Load() + t.errs.Load()
		bad += t.bad.Load() + t.errs.Load()
	}
	fmt.Fprintf(&b, "\n%d requests (%.0f/s), %d not as expected. After the run and a GC: goroutines %d → %d, heap in use %.1f → %.1f MiB.\n",
		total, float64(total)/elapsed.Seconds(), bad, goroutinesBefore, goroutinesAfter, float64(heapBefore)/(1<<20), float64(heapAfter)/(1<<20))
	var notes []string
	failures.Range(func(k, v any) bool {
		notes = append(notes, fmt.Sprintf("- %s: %s", k, v))
		return true
	})
	sort.Strings(notes)
	if len(notes) > 0 {
		b.WriteString("\nExamples of what was not as expected:\n" + strings.Join(notes, "\n") + "\n")
	}
	b.WriteString("\n")
	fmt.Print(b.String())
	if *out != "-" {
		if err := writeReport(*out, b.String()); err != nil {
			return err
		}
	}
	leak := goroutinesAfter > goroutinesBefore+5 || heapAfter > heapBefore*2+(8<<20)
	if bad > 0 || leak {
		return fmt.Errorf("soak: %d requests not as expected, goroutines %d → %d, heap %d → %d", bad, goroutinesBefore, goroutinesAfter, heapBefore, heapAfter)
	}
	return nil
}

func soakOne(c *http.Client, base string, sc soakCase) (int, error) {
	patience := sc.patience
	if patience == 0 {
		patience = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	var body io.Reader
	var ctype string
	if sc.body != nil {
		body, ctype = sc.body()
	}
	req, err := http.NewRequestWithContext(ctx, sc.method, base+sc.path, body)
	if err != nil {
		return 0, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if sc.header[0] != "" {
		req.Header.Set(sc.header[0], sc.header[1])
	}
	for range sc.headers {
		req.Header.Add("A", "b")
	}
	resp, err := c.Do(req)
	if err != nil {
		if sc.want == 0 && errors.Is(err, context.DeadlineExceeded) {
			return 0, nil // gave up, as intended
		}
		return 0, err
	}
	defer resp.Body.Close()
	if sc.abort {
		buf := make([]byte, 4)
		_, _ = io.ReadFull(resp.Body, buf)
		cancel() // hang up mid-stream: the server must cancel the stream
		return resp.StatusCode, nil
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode == 200 && strings.Contains(resp.Header.Get("Content-Type"), "json") && !json.Valid(b) {
		return 0, fmt.Errorf("a JSON body that is not whole: %q", b)
	}
	return resp.StatusCode, nil
}

// settle lets finished work wind down and collects garbage.
func settle() {
	for i := 0; i < 3; i++ {
		time.Sleep(300 * time.Millisecond)
		runtime.GC()
	}
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
