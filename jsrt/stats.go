package jsrt

import (
	"github.com/jsroutes/jsroutes/webapi/socket"
	"github.com/jsroutes/jsroutes/webapi/websocket"
)

// Stats is a snapshot of what a Handler's workers hold, for a service's
// metrics or a periodic log line (`jsroutes serve --stats-every`), as
// database/sql's DB.Stats is for a pool. Sockets are what route code
// opens itself (database drivers, Redis, SMTP): they belong to the worker
// that opened them, close with it, and are bounded per worker, so a route
// that opens a client per request and never closes it shows here as a
// count that only grows, long before connects fail with EMFILE.
type Stats struct {
	// Workers are the workers serving now, in order (a worker being
	// replaced is not among them; its sockets close with it).
	Workers []WorkerStats
	// MaxSockets and MaxWebSockets are the per-worker bounds: a connect
	// past them fails (EMFILE; a WebSocket's error event).
	MaxSockets, MaxWebSockets int
}

// WorkerStats is one worker's share of Stats.
type WorkerStats struct {
	// ID names the worker as the log does ("worker" in the access log).
	ID int
	// InFlight is the requests it holds now; Served, those dispatched to
	// it since it started (MaxRequestsPerWorker recycles on this count).
	InFlight, Served int64
	// Sockets are its open node:net and node:tls sockets, WebSockets its
	// open WebSocket connections.
	Sockets, WebSockets int
}

// Stats reports what each worker holds now. It is safe to call from any
// goroutine, at any rate: it reads counters and takes no worker's time.
func (h *Handler) Stats() Stats {
	list := h.pool.list()
	s := Stats{Workers: make([]WorkerStats, len(list)), MaxSockets: socket.MaxSockets, MaxWebSockets: websocket.MaxConnections}
	for i, w := range list {
		s.Workers[i] = WorkerStats{
			ID:         w.id,
			InFlight:   w.load.Load(),
			Served:     w.served.Load(),
			Sockets:    w.platform.Sockets(),
			WebSockets: w.platform.WebSockets(),
		}
	}
	return s
}
