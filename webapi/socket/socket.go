// Package socket is the Go half of node:net, node:tls and node:dns: TCP
// client sockets on Go's net, TLS on crypto/tls (a new connection, or an
// existing socket upgraded, as PostgreSQL's sslmode and STARTTLS do) and
// DNS lookups on Go's resolver. Their JS halves are webapi/node/net.js,
// tls.js and dns.js.
//
// A socket never blocks the worker's loop: dialing, reads and writes run
// on goroutines, and what they produce reaches JS as a job of the loop, as
// fetch's responses do. Writes are written behind (see conn.out): JS's
// write completes at once while the socket holds less than writeBehind
// unwritten, as Node's does when the kernel takes the bytes, and the
// writer goroutine hands all that is waiting to the kernel in one write.
// Reads follow the JS Readable's
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
	"sync/atomic"
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

// writeBehind is how many unwritten bytes a socket holds before a write
// waits for the writer (backpressure, as a full kernel buffer gives
// Node's). Writes that complete at once are part of what made pg's query
// cheaper (the PostgreSQL scenario in BENCHMARKS.md): pg writes Parse,
// Bind, Describe, Execute and Sync as five writes, and each waited for the
// writer goroutine and then a loop job that called its callback, before
// the stream let the next one go. Now a write is a copy and a wake of the
// writer, which takes all that has gathered. Tried and dropped: writing
// on the loop (one non-blocking write per loop job, the writer only for
// what the kernel refused): no difference measured (21–23% of pgx's
// throughput either way, four runs).
const writeBehind = 64 << 10

// Sockets are the client sockets and lookups of one runtime.
type Sockets struct {
	rt     *goja.Runtime
	loop   bridge.Loop
	log    *slog.Logger    // nil: no log
	conns  map[int64]*conn // loop-owned
	open   atomic.Int64    // len(conns), for Open on any goroutine
	ctx    context.Context // ends with Stop: dials, handshakes and lookups in flight stop
	cancel context.CancelFunc
}

// conn is one socket. Its goroutines (reader, writer) own c while it
// runs; the loop owns the rest, but for the write-behind state that it
// shares with the writer under mu.
type conn struct {
	id    int64
	c     net.Conn
	sink  *goja.Object  // the JS socket's callbacks: onconnect, ondata, onwritten, onend, onerror
	want  chan struct{} // a grant to read one chunk (buffered 1)
	kick  chan struct{} // the writer has bytes or the half-close to take (buffered 1)
	stop  chan struct{} // closed when the socket is destroyed or upgraded
	done  chan struct{} // closed when the reader has returned
	wdone chan struct{} // closed when the writer has returned
	once  sync.Once
	tap   func(chunk []byte) // loop-owned: where reads go instead of ondata (Tap)
	// tapEnded, loop-owned, is told before JS that the socket will read
	// no more (its end, an error, a destroy): see Tap.
	tapEnded func()

	mu sync.Mutex
	// out holds what JS wrote and the writer has not taken yet. JS's
	// Writable has one write outstanding at a time, so at most one write
	// waits for its callback (waiting, after which onwritten is called);
	// the half-close (ending, endCB) comes after every write.
	out     []byte
	waiting bool
	ending  bool
	endCB   goja.Value
}

// Install adds the socket and DNS host functions.
func Install(env *bridge.Env) *Sockets {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Sockets{rt: env.RT, loop: env.Loop, log: env.Logger, conns: map[int64]*conn{}, ctx: ctx, cancel: cancel}
	h, rt := env.Host, env.RT
	bridge.Set(rt, h, "netConnect", s.connect)
	bridge.Set(rt, h, "netRead", func(call goja.FunctionCall) goja.Value {
		if c := s.conns[call.Argument(0).ToInteger()]; c != nil && c.tap == nil {
			c.grant()
		}
		return goja.Undefined()
	})
	bridge.Set(rt, h, "netWrite", s.write)
	bridge.Set(rt, h, "netEnd", func(call goja.FunctionCall) goja.Value {
		c := s.conns[call.Argument(0).ToInteger()]
		if c == nil || c.c == nil {
			s.callback(call.Argument(1), epipe("shutdown").Value(rt))
			return goja.Undefined()
		}
		c.mu.Lock()
		c.ending, c.endCB = true, call.Argument(1)
		c.mu.Unlock()
		c.kickWriter()
		return goja.Undefined()
	})
	bridge.Set(rt, h, "netDestroy", func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).ToInteger()
		if c := s.conns[id]; c != nil {
			s.forget(id)
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
		s.forget(id)
		c.close()
	}
}

// Open is how many sockets the runtime holds; safe on any goroutine.
func (s *Sockets) Open() int { return int(s.open.Load()) }

// forget drops a socket's entry (the loop's), and publishes the count.
func (s *Sockets) forget(id int64) {
	if c := s.conns[id]; c != nil {
		c.untap()
	}
	delete(s.conns, id)
	s.open.Store(int64(len(s.conns)))
}

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
	c := &conn{sink: sink, want: make(chan struct{}, 1), kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}), wdone: make(chan struct{})}
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
	s.open.Store(int64(len(s.conns)))
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
	s.forget(c.id)
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
				switch {
				case s.conns[c.id] != c:
				case c.tap != nil:
					c.tap(data)
					c.grant()
				default:
					s.call(c.sink, "ondata", s.rt.ToValue(s.rt.NewArrayBuffer(data)))
				}
			})
		}
		switch {
		case err == nil && n == 0:
			c.grant() // nothing read: the grant stands
		case err == nil:
		case c.stopped():
			return
		case errors.Is(err, io.EOF):
			s.loop.Enqueue(func() {
				if s.conns[c.id] == c {
					c.untap()
					s.call(c.sink, "onend")
				}
			})
			return
		default:
			e := bridge.NodeError(err, "read", "", 0)
			s.loop.Enqueue(func() {
				if s.conns[c.id] == c {
					s.forget(c.id)
					c.close()
					s.call(c.sink, "onerror", e.Value(s.rt))
				}
			})
			return
		}
	}
}

// write(id, buffer, offset, length, onlyIfRoom) takes a write: true when
// it is done (the bytes wait in out for the writer, within writeBehind),
// false when the socket holds more than that and sink.onwritten(error|null)
// will say when it is done, or an error (the socket is gone: EPIPE, as
// Node's). With onlyIfRoom, a write that would not be done at once is not
// taken (false), and nothing will be called.
func (s *Sockets) write(call goja.FunctionCall) goja.Value {
	c := s.conns[call.Argument(0).ToInteger()]
	if c == nil || c.c == nil {
		return epipe("write").Value(s.rt)
	}
	b := bridge.ArrayBufferBytes(s.rt, call.Argument(1), call.Argument(2).ToInteger(), call.Argument(3).ToInteger())
	taken, done := c.queue(b, call.Argument(4).ToBoolean())
	return s.rt.ToValue(taken && done)
}

// queue hands b to the writer and says whether it is done at once (the
// socket holds at most writeBehind unwritten; else it waits for
// onwritten). With onlyIfRoom, a write that would not be done at once is
// not taken, nor one after the half-close (a JS stream writes nothing
// then; Send's caller would write behind the FIN).
func (c *conn) queue(b []byte, onlyIfRoom bool) (taken, done bool) {
	c.mu.Lock()
	if onlyIfRoom && (c.waiting || c.ending || len(c.out)+len(b) > writeBehind) {
		c.mu.Unlock()
		return false, false
	}
	c.out = append(c.out, b...)
	full := len(c.out) > writeBehind
	c.waiting = full
	c.mu.Unlock()
	c.kickWriter()
	return true, !full
}

func epipe(syscallName string) *bridge.Error {
	return &bridge.Error{Code: "EPIPE", Errno: -32, Syscall: syscallName, Message: syscallName + " EPIPE"}
}

func (c *conn) kickWriter() {
	select {
	case c.kick <- struct{}{}:
	default: // already kicked
	}
}

// writer hands what JS wrote to the kernel, all that waits in one write,
// and half-closes after the last, until the socket stops or a write fails.
func (s *Sockets) writer(c *conn) {
	defer close(c.wdone)
	var spare []byte
	for {
		select {
		case <-c.kick:
		case <-c.stop:
			return
		}
		for {
			c.mu.Lock()
			data := c.out
			c.out = spare[:0]
			end := len(data) == 0 && c.ending
			endCB := c.endCB
			if end {
				c.ending, c.endCB = false, nil
			}
			c.mu.Unlock()
			if len(data) == 0 && !end {
				spare = data
				break
			}
			var err error
			syscallName := "write"
			if end {
				syscallName = "shutdown"
				if cw, ok := c.c.(interface{ CloseWrite() error }); ok {
					err = cw.CloseWrite()
				}
			} else {
				_, err = c.c.Write(data)
			}
			if c.stopped() {
				return
			}
			// One large write's buffer is not kept for the next.
			if spare = data; cap(spare) > 4*writeBehind {
				spare = nil
			}
			var e *bridge.Error
			if err != nil {
				e = bridge.NodeError(err, syscallName, "", 0)
			}
			c.mu.Lock()
			written := c.waiting && len(c.out) <= writeBehind
			if written {
				c.waiting = false
			}
			c.mu.Unlock()
			switch {
			case end:
				s.loop.Enqueue(func() {
					if e == nil {
						s.callback(endCB, goja.Null())
					} else {
						s.callback(endCB, e.Value(s.rt))
					}
				})
			case e != nil:
				// The write's callback was called (or is waited for);
				// the failure destroys the socket, as in Node.
				s.loop.Enqueue(func() {
					if s.conns[c.id] == c {
						s.forget(c.id)
						c.close()
						s.call(c.sink, "onerror", e.Value(s.rt))
					}
				})
			case written:
				s.loop.Enqueue(func() {
					if s.conns[c.id] == c {
						s.call(c.sink, "onwritten", goja.Null())
					}
				})
			}
			if err != nil {
				return
			}
		}
	}
}

// takeOut is what was written and not taken by the writer, once it has
// stopped: an upgrade to TLS sends it first, on the plain socket.
func (c *conn) takeOut() []byte {
	<-c.wdone
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.out
	c.out = nil
	return out
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

// Tap hands what socket id reads to deliver, on the loop, instead of to
// its JS stream: a protocol parsed in Go (webapi/pg) takes the bytes
// without a Buffer or a Readable in between. The next read waits for
// deliver to return, as a stream's waits for its reader. ended (may be
// nil) is called once, before the JS stream hears of it, when the socket
// will read no more: its end, a read or write error, a destroy. It says
// whether the socket is there to tap.
func (s *Sockets) Tap(id int64, deliver func(chunk []byte), ended func()) bool {
	c := s.conns[id]
	if c == nil {
		return false
	}
	c.tap, c.tapEnded = deliver, ended
	c.grant()
	return true
}

// untap tells the tap, once, that the socket reads no more.
func (c *conn) untap() {
	if f := c.tapEnded; f != nil {
		c.tapEnded = nil
		f()
	}
}

// Send writes b to socket id from Go, behind whatever JS wrote before, as
// a JS write that completes at once would. False, with nothing written,
// when the socket is gone, still connecting, or has a JS write waiting for
// room: the caller writes through the JS stream instead.
func (s *Sockets) Send(id int64, b []byte) bool {
	c := s.conns[id]
	if c == nil || c.c == nil || c.stopped() {
		return false
	}
	taken, _ := c.queue(b, true)
	return taken
}

// grant lets the reader read one more chunk.
func (c *conn) grant() {
	select {
	case c.want <- struct{}{}:
	default: // already granted
	}
}
