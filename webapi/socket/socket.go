// Package socket is the Go half of node:net, node:tls and node:dns: TCP
// client sockets on Go's net, TLS on crypto/tls (a new connection, or an
// existing socket upgraded, as PostgreSQL's sslmode and STARTTLS do) and
// DNS lookups on Go's resolver. Their JS halves are webapi/node/net.js,
// tls.js and dns.js.
//
// A socket never blocks the worker's loop: dialing, each read and each
// write run on goroutines, and what they produce reaches JS as a job of
// the loop, as fetch's responses do. Reads follow the JS Readable's
// demand: Go reads the next chunk only when JS asks for it (netRead, from
// the stream's _read), so a socket whose reader is slow fills the kernel's
// buffer and the peer waits, as in Node, instead of Go's memory.
//
// Sockets belong to the runtime (the worker) that opened them: Stop closes
// every one, and a runtime holds at most MaxSockets at once.
package socket

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// MaxSockets bounds the sockets one runtime holds open: a route that
// opens one per request and never closes it fails with EMFILE here
// instead of exhausting the process's descriptors. Database pools keep
// tens.
const MaxSockets = 512

// readSize is the most one read hands to JS (Node reads 64 KiB too).
const readSize = 64 << 10

// Sockets are the client sockets and lookups of one runtime.
type Sockets struct {
	rt     *goja.Runtime
	loop   bridge.Loop
	log    *slog.Logger    // nil: no log
	conns  map[int64]*conn // loop-owned
	ctx    context.Context // ends with Stop: dials, handshakes and lookups in flight stop
	cancel context.CancelFunc
}

// conn is one socket. Its goroutines (reader, writer) own c while it
// runs; the loop owns the rest.
type conn struct {
	id   int64
	c    net.Conn
	sink *goja.Object  // the JS socket's callbacks: onconnect, ondata, onend, onerror
	want chan struct{} // a grant to read one chunk (buffered 1)
	// writes carries writes and the half-close, in order, to the writer.
	writes chan write
	stop   chan struct{} // closed when the socket is destroyed or upgraded
	done   chan struct{} // closed when the reader has returned
	once   sync.Once
}

type write struct {
	data []byte
	end  bool
	cb   goja.Value
}

// Install adds the socket and DNS host functions.
func Install(env *bridge.Env) *Sockets {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Sockets{rt: env.RT, loop: env.Loop, log: env.Logger, conns: map[int64]*conn{}, ctx: ctx, cancel: cancel}
	h, rt := env.Host, env.RT
	bridge.Set(rt, h, "netConnect", s.connect)
	bridge.Set(rt, h, "netRead", func(call goja.FunctionCall) goja.Value {
		if c := s.conns[call.Argument(0).ToInteger()]; c != nil {
			select {
			case c.want <- struct{}{}:
			default: // already granted
			}
		}
		return goja.Undefined()
	})
	bridge.Set(rt, h, "netWrite", func(call goja.FunctionCall) goja.Value {
		c := s.conns[call.Argument(0).ToInteger()]
		b := bridge.ArrayBufferBytes(rt, call.Argument(1), call.Argument(2).ToInteger(), call.Argument(3).ToInteger())
		s.queue(c, write{data: append([]byte(nil), b...), cb: call.Argument(4)}, "write")
		return goja.Undefined()
	})
	bridge.Set(rt, h, "netEnd", func(call goja.FunctionCall) goja.Value {
		s.queue(s.conns[call.Argument(0).ToInteger()], write{end: true, cb: call.Argument(1)}, "shutdown")
		return goja.Undefined()
	})
	bridge.Set(rt, h, "netDestroy", func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).ToInteger()
		if c := s.conns[id]; c != nil {
			delete(s.conns, id)
			c.close()
		}
		return goja.Undefined()
	})
	bridge.Set(rt, h, "netSetNoDelay", func(call goja.FunctionCall) goja.Value {
		if c := s.conns[call.Argument(0).ToInteger()]; c != nil {
			if tcp, ok := c.c.(*net.TCPConn); ok {
				_ = tcp.SetNoDelay(call.Argument(1).ToBoolean())
			}
		}
		return goja.Undefined()
	})
	bridge.Set(rt, h, "netSetKeepAlive", func(call goja.FunctionCall) goja.Value {
		if c := s.conns[call.Argument(0).ToInteger()]; c != nil {
			if tcp, ok := c.c.(*net.TCPConn); ok {
				on := call.Argument(1).ToBoolean()
				_ = tcp.SetKeepAlive(on)
				if ms := call.Argument(2).ToInteger(); on && ms > 0 {
					_ = tcp.SetKeepAlivePeriod(time.Duration(ms) * time.Millisecond)
				}
			}
		}
		return goja.Undefined()
	})
	bridge.Set(rt, h, "netStartTLS", s.startTLS)
	bridge.Set(rt, h, "netIsIP", func(call goja.FunctionCall) goja.Value {
		ip := net.ParseIP(call.Argument(0).String())
		switch {
		case ip == nil:
			return rt.ToValue(0)
		case ip.To4() != nil && !containsColon(call.Argument(0).String()):
			return rt.ToValue(4)
		}
		return rt.ToValue(6)
	})
	installDNS(s, h)
	return s
}

func containsColon(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return true
		}
	}
	return false
}

// Stop closes every socket and ends what is in flight: the runtime is
// going away (its worker was replaced or recycled).
func (s *Sockets) Stop() {
	s.cancel()
	for id, c := range s.conns {
		delete(s.conns, id)
		c.close()
	}
}

// Open is how many sockets the runtime holds.
func (s *Sockets) Open() int { return len(s.conns) }

// connect(sink, host, port, timeoutMs, tls) opens a socket and returns its
// id; sink.onconnect(info) or sink.onerror(error) follows. tls, when not
// null, makes it a TLS connection (see tlsConfig).
func (s *Sockets) connect(call goja.FunctionCall) goja.Value {
	sink := call.Argument(0).ToObject(s.rt)
	host, port := call.Argument(1).String(), int(call.Argument(2).ToInteger())
	timeout := time.Duration(call.Argument(3).ToInteger()) * time.Millisecond
	var cfg *tlsOptions
	if v := call.Argument(4); !goja.IsNull(v) && !goja.IsUndefined(v) {
		cfg = s.tlsOptions(v.ToObject(s.rt), host)
	}
	c, err := s.register(sink)
	if err != nil {
		return s.rt.ToValue(0)
	}
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	go func() {
		ctx := s.ctx
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		var d net.Dialer
		nc, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			s.loop.Enqueue(func() { s.failed(c, bridge.NodeError(err, "connect", host, port)) })
			return
		}
		if cfg == nil {
			s.loop.Enqueue(func() { s.connected(c, nc, nil) })
			return
		}
		tc, state, err := handshake(ctx, nc, cfg)
		if err != nil {
			nc.Close()
			s.loop.Enqueue(func() { s.failed(c, bridge.TLSError(err, host, port)) })
			return
		}
		s.loop.Enqueue(func() { s.connected(c, tc, state) })
	}()
	return s.rt.ToValue(c.id)
}

// register makes a socket's entry, within MaxSockets.
func (s *Sockets) register(sink *goja.Object) (*conn, error) {
	c := &conn{sink: sink, want: make(chan struct{}, 1), writes: make(chan write, 64), stop: make(chan struct{}), done: make(chan struct{})}
	if len(s.conns) >= MaxSockets {
		if s.log != nil {
			// Said in the server's log too: sockets that are never closed
			// (a client per request, say) are the app's leak to find.
			s.log.Warn("a worker refused a socket: it holds the most it may (sockets opened and never closed?)", "limit", MaxSockets)
		}
		err := &bridge.Error{Code: "EMFILE", Errno: -24, Syscall: "connect", Message: fmt.Sprintf("connect EMFILE: this worker holds %d open sockets, its limit", MaxSockets)}
		s.call(sink, "onerror", err.Value(s.rt))
		return nil, err
	}
	c.id = bridge.NewHandle(s.conns)
	s.conns[c.id] = c
	return c, nil
}

// connected starts a socket's reader and writer and tells JS.
func (s *Sockets) connected(c *conn, nc net.Conn, state *tls.ConnectionState) {
	if s.conns[c.id] != c { // destroyed while connecting
		nc.Close()
		return
	}
	c.c = nc
	go s.reader(c)
	go s.writer(c)
	info := s.rt.NewObject()
	set := func(k string, v any) { _ = info.Set(k, v) }
	if a, ok := nc.LocalAddr().(*net.TCPAddr); ok {
		set("localAddress", a.IP.String())
		set("localPort", a.Port)
	}
	if a, ok := nc.RemoteAddr().(*net.TCPAddr); ok {
		set("remoteAddress", a.IP.String())
		set("remotePort", a.Port)
		if a.IP.To4() != nil {
			set("remoteFamily", "IPv4")
		} else {
			set("remoteFamily", "IPv6")
		}
	}
	if state != nil {
		s.setTLSInfo(info, nc, state)
	}
	s.call(c.sink, "onconnect", info)
}

// failed reports a socket that did not connect, and forgets it.
func (s *Sockets) failed(c *conn, err *bridge.Error) {
	if s.conns[c.id] != c {
		return
	}
	delete(s.conns, c.id)
	s.call(c.sink, "onerror", err.Value(s.rt))
}

// reader reads one chunk per grant (netRead) until the end, an error or
// the socket's stop.
func (s *Sockets) reader(c *conn) {
	defer close(c.done)
	buf := make([]byte, readSize)
	for {
		select {
		case <-c.want:
		case <-c.stop:
			return
		}
		n, err := c.c.Read(buf)
		if n > 0 {
			data := append([]byte(nil), buf[:n]...)
			s.loop.Enqueue(func() {
				if s.conns[c.id] == c {
					s.call(c.sink, "ondata", s.rt.ToValue(s.rt.NewArrayBuffer(data)))
				}
			})
		}
		switch {
		case err == nil && n == 0:
			c.want <- struct{}{} // nothing read: the grant stands
		case err == nil:
		case c.stopped():
			return
		case errors.Is(err, io.EOF):
			s.loop.Enqueue(func() {
				if s.conns[c.id] == c {
					s.call(c.sink, "onend")
				}
			})
			return
		default:
			e := bridge.NodeError(err, "read", "", 0)
			s.loop.Enqueue(func() {
				if s.conns[c.id] == c {
					delete(s.conns, c.id)
					c.close()
					s.call(c.sink, "onerror", e.Value(s.rt))
				}
			})
			return
		}
	}
}

// writer writes, and half-closes, in the order JS asked.
func (s *Sockets) writer(c *conn) {
	for {
		var w write
		select {
		case w = <-c.writes:
		case <-c.stop:
			return
		}
		var err error
		var syscallName string
		if w.end {
			syscallName = "shutdown"
			if cw, ok := c.c.(interface{ CloseWrite() error }); ok {
				err = cw.CloseWrite()
			}
		} else {
			syscallName = "write"
			_, err = c.c.Write(w.data)
		}
		if c.stopped() {
			return
		}
		var e *bridge.Error
		if err != nil {
			e = bridge.NodeError(err, syscallName, "", 0)
		}
		s.loop.Enqueue(func() {
			if e == nil {
				s.callback(w.cb, goja.Null())
				return
			}
			s.callback(w.cb, e.Value(s.rt))
		})
		if err != nil {
			return
		}
	}
}

// queue hands a write (or the half-close) to a socket's writer. Writes to
// a socket that is gone fail as Node's do (EPIPE).
func (s *Sockets) queue(c *conn, w write, syscallName string) {
	if c == nil || c.c == nil {
		e := &bridge.Error{Code: "EPIPE", Errno: -32, Syscall: syscallName, Message: syscallName + " EPIPE"}
		s.callback(w.cb, e.Value(s.rt))
		return
	}
	select {
	case c.writes <- w:
	default:
		// The JS Writable writes one chunk at a time and waits for its
		// callback, so the queue never fills; if it does, wait off the loop.
		go func() {
			select {
			case c.writes <- w:
			case <-c.stop:
			}
		}()
	}
}

func (c *conn) stopped() bool {
	select {
	case <-c.stop:
		return true
	default:
		return false
	}
}

// close ends the socket: its goroutines stop, its connection closes.
func (c *conn) close() {
	c.once.Do(func() {
		close(c.stop)
		if c.c != nil {
			c.c.Close()
		}
	})
}

// call calls one of a socket's callbacks (bridge.CallSink).
func (s *Sockets) call(sink *goja.Object, name string, args ...goja.Value) {
	bridge.CallSink(s.loop, sink, name, args...)
}

func (s *Sockets) callback(cb goja.Value, arg goja.Value) { bridge.CallBack(s.loop, cb, arg) }
