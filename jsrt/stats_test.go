package jsrt_test

import (
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
)

// A route's sockets show in Stats while they are open, no longer once they
// are closed, and a worker refuses one past its bound with Node's EMFILE.
func TestStatsCountsAWorkersSockets(t *testing.T) {
	// The peer: a loopback listener that holds what it accepts.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	})
	port := ln.Addr().(*net.TCPAddr).Port

	dir := fixtures.Write(t, map[string]string{
		// open?n=K opens K sockets and answers when each has connected
		// or failed: {connected, errors}.
		"app/open/route.js": `import net from 'node:net';
globalThis.sockets ??= [];
export async function GET(request) {
  const n = Number(new URL(request.url).searchParams.get('n'));
  const results = await Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
    const s = net.connect(` + fmt.Sprint(port) + `, '127.0.0.1');
    s.once('connect', () => { globalThis.sockets.push(s); resolve(null); });
    s.once('error', (err) => resolve(err.code + ': ' + err.message));
  })));
  const errors = results.filter((r) => r !== null);
  return Response.json({ connected: n - errors.length, errors });
}`,
		"app/close/route.js": `export async function GET() {
  const all = globalThis.sockets ?? [];
  globalThis.sockets = [];
  await Promise.all(all.map((s) => new Promise((resolve) => { s.once('close', resolve); s.destroy(); })));
  return Response.json({ closed: all.length });
}`,
	})
	a := serveApp(t, dir, jsrt.Options{Workers: 1})
	stats := func() jsrt.WorkerStats {
		t.Helper()
		s := a.H.Stats()
		if len(s.Workers) != 1 {
			t.Fatalf("Stats: %d workers, want 1", len(s.Workers))
		}
		return s.Workers[0]
	}
	var opened struct {
		Connected int
		Errors    []string
	}
	open := func(n int) {
		t.Helper()
		r := a.get(fmt.Sprintf("/open?n=%d", n))
		if r.Status != 200 {
			t.Fatalf("/open?n=%d: %d %s", n, r.Status, r.Body)
		}
		opened.Errors = nil
		if err := json.Unmarshal([]byte(r.Body), &opened); err != nil {
			t.Fatalf("/open?n=%d: %v in %s", n, err, r.Body)
		}
	}

	if s := stats(); s.Sockets != 0 || s.Served != 0 {
		t.Fatalf("before any request: %+v", s)
	}
	open(5)
	if opened.Connected != 5 {
		t.Fatalf("open 5: %+v", opened)
	}
	if s := stats(); s.Sockets != 5 || s.Served != 1 || s.InFlight != 0 {
		t.Fatalf("with five sockets open: %+v, want 5 sockets, 1 served, none in flight", s)
	}
	if r := a.get("/close"); r.Body != `{"closed":5}` {
		t.Fatalf("/close: %s", r.Body)
	}
	if s := stats(); s.Sockets != 0 {
		t.Fatalf("after closing them: %+v, want no sockets", s)
	}

	// The bound: one socket past it fails with EMFILE, and the count
	// stops at the bound. Both ends are in this process: skip where the
	// descriptor limit cannot hold them.
	max := a.H.Stats().MaxSockets
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < uint64(2*max+256) {
		t.Skipf("the bound needs %d descriptors; this process may open %d", 2*max+256, lim.Cur)
	}
	open(max + 1)
	if opened.Connected != max || len(opened.Errors) != 1 || opened.Errors[0] != fmt.Sprintf("EMFILE: connect EMFILE: this worker holds %d open sockets, its limit", max) {
		t.Fatalf("open %d: connected %d, errors %q", max+1, opened.Connected, opened.Errors)
	}
	if s := stats(); s.Sockets != max {
		t.Fatalf("at the bound: %+v, want %d sockets", s, max)
	}
	if !strings.Contains(a.logs.String(), "a worker refused a socket") {
		t.Errorf("the refusal is not in the server's log:\n%s", a.logs.String())
	}
	if r := a.get("/close"); r.Body != fmt.Sprintf(`{"closed":%d}`, max) {
		t.Fatalf("/close: %s", r.Body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for stats().Sockets != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s := stats(); s.Sockets != 0 {
		t.Fatalf("after closing them all: %+v", s)
	}
}
