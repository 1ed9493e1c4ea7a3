package jsrt

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"
)

// Requests whose handlers are pending are finished however they end: by
// the loop's polling, by the runtime's wait past maxPolled, or after their
// client has gone. Afterwards the worker holds none of them.
func TestPendingRequestsAreAllLetGo(t *testing.T) {
	release := make(chan struct{})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		fmt.Fprint(w, `{"ok":true}`)
	}))
	defer up.Close()
	root := fixtures.Write(t, map[string]string{
		"app/wait/route.ts": `export async function GET() {
  const res = await fetch(process.env.UPSTREAM_URL + '/x')
  return Response.json(await res.json())
}`,
	})
	h, err := New(context.Background(), Options{Dir: root, Workers: 1, Env: map[string]string{"UPSTREAM_URL": up.URL},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()

	const n = maxPolled + 36
	var wg sync.WaitGroup
	ok := make(chan bool, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			client := http.DefaultClient
			if i%10 == 0 { // these clients leave while the handler waits
				client = &http.Client{Timeout: 200 * time.Millisecond}
			}
			res, err := client.Get(srv.URL + "/wait")
			if err != nil {
				ok <- i%10 == 0
				return
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			ok <- res.StatusCode == 200 && string(body) == `{"ok":true}`
		}(i)
	}
	time.Sleep(500 * time.Millisecond) // all have arrived; the impatient ones have left
	close(release)
	wg.Wait()
	close(ok)
	for good := range ok {
		if !good {
			t.Error("a request did not get its answer")
		}
	}
	w := h.pool.list()[0]
	deadline := time.Now().Add(5 * time.Second)
	for {
		state := make(chan [2]int)
		w.Enqueue(func() { state <- [2]int{len(w.exchanges), len(w.waiting)} })
		s := <-state
		if s == [2]int{} {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the worker still holds %d requests, %d of them polled", s[0], s[1])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A Go panic that escapes one of a worker's jobs (goja's own: host
// functions turn theirs into JS errors) answers the requests the worker
// holds at once and replaces it; the next request is served by the
// replacement.
func TestPanicInAJobReplacesTheWorker(t *testing.T) {
	h, srv := serveOneWorker(t, map[string]string{
		"app/wait/route.js": `export async function GET() {
  await new Promise((r) => setTimeout(r, 60000))
  return new Response('late')
}`,
		"app/ok/route.js": `export function GET() { return new Response('ok') }`,
	})
	if res, err := http.Get(srv.URL + "/ok"); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /ok: %v %v", res, err)
	}
	old := h.pool.list()[0]
	status := make(chan int, 1)
	go func() {
		res, err := http.Get(srv.URL + "/wait")
		if err != nil {
			status <- 0
			return
		}
		res.Body.Close()
		status <- res.StatusCode
	}()
	for old.load.Load() == 0 { // the request has reached the worker
		time.Sleep(time.Millisecond)
	}
	old.Enqueue(func() { panic("a bug in the runtime") })
	select {
	case got := <-status:
		if got != http.StatusServiceUnavailable {
			t.Errorf("the held request got %d, want 503", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the held request was not answered")
	}
	res, err := http.Get(srv.URL + "/ok")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /ok after the panic: %v %v", res, err)
	}
	if h.pool.list()[0] == old {
		t.Error("the worker was not replaced")
	}
}
