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
