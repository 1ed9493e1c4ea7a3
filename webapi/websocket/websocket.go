// Package websocket is the Go half of the WebSocket client (the WHATWG
// WebSocket API, a global in the Node.js that Next.js 16 runs on), on
// github.com/coder/websocket: RFC 6455 framing, the opening handshake with
// subprotocols and permessage-deflate, close codes and reasons. Its JS
// half is websocket.js.
//
// A connection never blocks the worker's loop: the handshake, reads and
// writes run on goroutines, and what they produce reaches JS as a job of
// the loop. The reader hands over one message at a time and waits until JS
// has dispatched it, so a peer that floods a slow route waits on TCP, not
// on Go's memory. Connections belong to the runtime that opened them: Stop
// closes every one, and a runtime holds at most MaxConnections.
package websocket

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

const (
	// MaxConnections bounds the WebSockets one runtime holds open.
	MaxConnections = 256
	// readLimit bounds one message (coder/websocket's default is 32 KiB;
	// undici takes any size): larger ones close the connection with 1009.
	readLimit = 64 << 20
	// handshakeTimeout bounds the opening handshake.
	handshakeTimeout = 30 * time.Second
)

// Sockets are one runtime's WebSocket connections.
type Sockets struct {
	rt     *goja.Runtime
	loop   bridge.Loop
	log    *slog.Logger
	client *http.Client
	conns  map[int64]*conn // loop-owned
	open   atomic.Int64    // len(conns), for Open on any goroutine
	ctx    context.Context // ends with Stop
	cancel context.CancelFunc
}

// conn is one connection; its goroutines own ws once it is open.
type conn struct {
	id     int64
	ws     *websocket.Conn
	sink   *goja.Object // the JS WebSocket's callbacks
	ctx    context.Context
	cancel context.CancelFunc // fails the connection (close() while connecting, Stop)
	closed bool               // onclose was called (loop-owned)
	// closing is set when the writer starts the closing handshake: the
	// writer reports how it ended, not the reader.
	closing atomic.Bool
	// pending are the frames for the writer, in order; wake tells it.
	mu      sync.Mutex
	pending []frame
	wake    chan struct{}
}

type frame struct {
	data   []byte
	binary bool
	close  bool
	code   int
	reason string
}

// Install adds wsConnect(sink, url, protocols), wsSend(id, data, binary)
// and wsClose(id, code, reason). client makes the handshake's request (nil:
// a default client).
func Install(env *bridge.Env, client *http.Client) *Sockets {
	ctx, cancel := context.WithCancel(context.Background())
	if client == nil {
		client = &http.Client{}
	}
	// An overall Timeout would cut the connection: after the handshake the
	// response body is the connection itself.
	noTimeout := *client
	noTimeout.Timeout = 0
	client = &noTimeout
	s := &Sockets{rt: env.RT, loop: env.Loop, log: env.Logger, client: client, conns: map[int64]*conn{}, ctx: ctx, cancel: cancel}
	rt := env.RT
	bridge.Set(rt, env.Host, "wsConnect", s.connect)
	bridge.Set(rt, env.Host, "wsSend", func(call goja.FunctionCall) goja.Value {
		c := s.conns[call.Argument(0).ToInteger()]
		if c == nil || c.ws == nil {
			return goja.Undefined()
		}
		f := frame{binary: call.Argument(2).ToBoolean()}
		if f.binary {
			f.data = append([]byte(nil), bridge.ArrayBufferBytes(rt, call.Argument(1), call.Argument(3).ToInteger(), call.Argument(4).ToInteger())...)
		} else {
			f.data = []byte(call.Argument(1).String())
		}
		s.queue(c, f)
		return goja.Undefined()
	})
	bridge.Set(rt, env.Host, "wsClose", func(call goja.FunctionCall) goja.Value {
		c := s.conns[call.Argument(0).ToInteger()]
		if c == nil {
			return goja.Undefined()
		}
		if c.ws == nil { // still connecting: fail it
			c.cancel()
			return goja.Undefined()
		}
		code := int(call.Argument(1).ToInteger())
		if goja.IsUndefined(call.Argument(1)) {
			code = int(websocket.StatusNoStatusRcvd)
		}
		s.queue(c, frame{close: true, code: code, reason: call.Argument(2).String()})
		return goja.Undefined()
	})
	return s
}

// Stop closes every connection: the runtime is going away.
func (s *Sockets) Stop() {
	s.cancel()
	for id, c := range s.conns {
		s.forget(id)
		c.cancel()
		if c.ws != nil {
			_ = c.ws.CloseNow()
		}
	}
}

// Open is how many connections the runtime holds; safe on any goroutine.
func (s *Sockets) Open() int { return int(s.open.Load()) }

// forget drops a socket's entry (the loop's), and publishes the count.
func (s *Sockets) forget(id int64) {
	delete(s.conns, id)
	s.open.Store(int64(len(s.conns)))
}

// connect(sink, url, protocols) starts the handshake and returns the
// connection's id; sink.onopen(protocol, extensions), or sink.onerror()
// then sink.onclose(1006, "", false), follows.
func (s *Sockets) connect(call goja.FunctionCall) goja.Value {
	sink := call.Argument(0).ToObject(s.rt)
	url := call.Argument(1).String()
	var protocols []string
	_ = s.rt.ExportTo(call.Argument(2), &protocols)
	ctx, cancel := context.WithCancel(s.ctx)
	c := &conn{sink: sink, wake: make(chan struct{}, 1), ctx: ctx, cancel: cancel}
	if len(s.conns) >= MaxConnections {
		cancel()
		if s.log != nil {
			s.log.Warn("a worker refused a WebSocket: it holds the most it may (connections opened and never closed?)", "limit", MaxConnections)
		}
		s.loop.Enqueue(func() { s.fail(c, "this worker holds the most WebSockets it may") })
		return s.rt.ToValue(0)
	}
	c.id = bridge.NewHandle(s.conns)
	s.conns[c.id] = c
	s.open.Store(int64(len(s.conns)))
	go func() {
		hctx, hcancel := context.WithTimeout(ctx, handshakeTimeout)
		defer hcancel()
		ws, res, err := websocket.Dial(hctx, url, &websocket.DialOptions{HTTPClient: s.client, Subprotocols: protocols,
			CompressionMode: websocket.CompressionContextTakeover})
		if err != nil {
			s.loop.Enqueue(func() { s.fail(c, err.Error()) })
			return
		}
		ws.SetReadLimit(readLimit)
		extensions := res.Header.Get("Sec-WebSocket-Extensions")
		s.loop.Enqueue(func() {
			if s.conns[c.id] != c { // closed or stopped meanwhile
				_ = ws.CloseNow()
				return
			}
			c.ws = ws
			go s.reader(c)
			go s.writer(c)
			s.call(c, "onopen", s.rt.ToValue(ws.Subprotocol()), s.rt.ToValue(extensions))
		})
	}()
	return s.rt.ToValue(c.id)
}

// fail reports a connection that could not be made, or was lost.
func (s *Sockets) fail(c *conn, why string) {
	if s.log != nil {
		s.log.Debug("WebSocket failed", "error", why)
	}
	s.call(c, "onerror")
	s.finish(c, int(websocket.StatusAbnormalClosure), "", false)
}

// finish tells JS the connection closed, once, and forgets it.
func (s *Sockets) finish(c *conn, code int, reason string, clean bool) {
	if c.closed {
		return
	}
	c.closed = true
	if s.conns[c.id] == c {
		s.forget(c.id)
	}
	c.cancel()
	s.call(c, "onclose", s.rt.ToValue(code), s.rt.ToValue(reason), s.rt.ToValue(clean))
}

// reader hands each message to JS, waiting until it is dispatched.
func (s *Sockets) reader(c *conn) {
	for {
		typ, data, err := c.ws.Read(c.ctx)
		if err != nil {
			code, reason, clean := int(websocket.StatusAbnormalClosure), "", false
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				code, reason, clean = int(ce.Code), ce.Reason, true
			}
			if c.ctx.Err() != nil && !clean || c.closing.Load() {
				return // stopped (the runtime is going away), or the writer's to report
			}
			s.loop.Enqueue(func() {
				if !clean {
					s.call(c, "onerror")
				}
				s.finish(c, code, reason, clean)
			})
			return
		}
		handed := make(chan struct{})
		s.loop.Enqueue(func() {
			defer close(handed)
			if c.closed {
				return
			}
			if typ == websocket.MessageBinary {
				s.call(c, "onmessage", s.rt.ToValue(s.rt.NewArrayBuffer(data)), s.rt.ToValue(true))
			} else {
				s.call(c, "onmessage", s.rt.ToValue(string(data)), s.rt.ToValue(false))
			}
		})
		select {
		case <-handed:
		case <-c.ctx.Done():
			return
		}
	}
}

// writer sends frames in order, telling JS how many bytes left the buffer.
func (s *Sockets) writer(c *conn) {
	for {
		select {
		case <-c.wake:
		case <-c.ctx.Done():
			return
		}
		c.mu.Lock()
		frames := c.pending
		c.pending = nil
		c.mu.Unlock()
		for _, f := range frames {
			if f.close {
				// The closing handshake, which coder/websocket completes
				// (the peer's close frame, then the TCP close) before it
				// returns.
				c.closing.Store(true)
				err := c.ws.Close(websocket.StatusCode(f.code), f.reason)
				code, reason, clean := f.code, f.reason, err == nil
				var ce websocket.CloseError
				if errors.As(err, &ce) {
					code, reason, clean = int(ce.Code), ce.Reason, true
				} else if err != nil {
					code, reason = int(websocket.StatusAbnormalClosure), ""
				}
				s.loop.Enqueue(func() { s.finish(c, code, reason, clean) })
				return
			}
			typ := websocket.MessageText
			if f.binary {
				typ = websocket.MessageBinary
			}
			if err := c.ws.Write(c.ctx, typ, f.data); err != nil {
				return // the reader reports the lost connection
			}
			n := len(f.data)
			s.loop.Enqueue(func() {
				if !c.closed {
					s.call(c, "onsent", s.rt.ToValue(n))
				}
			})
		}
	}
}

// queue hands a frame to the writer without blocking the loop.
func (s *Sockets) queue(c *conn, f frame) {
	c.mu.Lock()
	c.pending = append(c.pending, f)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (s *Sockets) call(c *conn, name string, args ...goja.Value) {
	bridge.CallSink(s.loop, c.sink, name, args...)
}
