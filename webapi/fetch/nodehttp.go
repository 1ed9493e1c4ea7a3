package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// The Go half of node:http's and node:https's clients (webapi/node/http.js):
// a ClientRequest is sent by the same HTTP client fetch() uses (the
// embedder's, or Go's), without following redirects and without
// decompressing, as Node's client does. Its body streams from JS writes
// through a pipe; the response's body is read one chunk per JS read, as a
// socket's is. Each Agent with options of its own (maxSockets, keepAlive,
// TLS options) gets its own copy of the transport, so its pool is its own.

// nodeRequest is one ClientRequest in flight.
type nodeRequest struct {
	cancel context.CancelFunc
	sink   *goja.Object // onresponse, ondata, onend, onerror
	body   *io.PipeWriter
	res    *http.Response
	want   chan struct{}
	done   chan struct{} // closed when the request ends (its reader stops)
}

// nodeHTTP holds a runtime's requests and agents' transports.
type nodeHTTP struct {
	f        *Fetch
	base     http.RoundTripper
	requests map[int64]*nodeRequest // loop-owned
	agents   map[string]http.RoundTripper
}

// maxAgents bounds the transports made for agents' options: each keeps a
// pool of connections.
const maxAgents = 64

func (f *Fetch) installNodeHTTP(host *goja.Object, client *http.Client) {
	rt := f.rt
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	if t, ok := base.(*http.Transport); ok {
		// Node's client neither asks for compression nor undoes it.
		t = t.Clone()
		t.DisableCompression = true
		base = t
	}
	n := &nodeHTTP{f: f, base: base, requests: map[int64]*nodeRequest{}, agents: map[string]http.RoundTripper{}}
	f.nodeHTTP = n
	bridge.Set(rt, host, "httpRequest", n.request)
	bridge.Set(rt, host, "httpWrite", func(call goja.FunctionCall) goja.Value {
		r := n.requests[call.Argument(0).ToInteger()]
		b := append([]byte(nil), bridge.ArrayBufferBytes(rt, call.Argument(1), call.Argument(2).ToInteger(), call.Argument(3).ToInteger())...)
		cb := call.Argument(4)
		if r == nil || r.body == nil {
			n.callback(cb, (&bridge.Error{Code: "ERR_STREAM_DESTROYED", Message: "Cannot call write after a stream was destroyed"}).Value(rt))
			return goja.Undefined()
		}
		go func() {
			_, err := r.body.Write(b) // returns once the transport has taken it
			f.loop.Enqueue(func() {
				if err != nil {
					n.callback(cb, bridge.NodeError(err, "write", "", 0).Value(rt))
					return
				}
				n.callback(cb, goja.Null())
			})
		}()
		return goja.Undefined()
	})
	bridge.Set(rt, host, "httpEnd", func(call goja.FunctionCall) goja.Value {
		if r := n.requests[call.Argument(0).ToInteger()]; r != nil && r.body != nil {
			go r.body.Close()
		}
		return goja.Undefined()
	})
	bridge.Set(rt, host, "httpRead", func(call goja.FunctionCall) goja.Value {
		if r := n.requests[call.Argument(0).ToInteger()]; r != nil {
			select {
			case r.want <- struct{}{}:
			default:
			}
		}
		return goja.Undefined()
	})
	bridge.Set(rt, host, "httpAbort", func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).ToInteger()
		if r := n.requests[id]; r != nil {
			delete(n.requests, id)
			r.cancel()
			if r.body != nil {
				r.body.CloseWithError(context.Canceled)
			}
		}
		return goja.Undefined()
	})
}

// stop ends every request in flight (the runtime is going away).
func (n *nodeHTTP) stop() {
	for id, r := range n.requests {
		delete(n.requests, id)
		r.cancel()
		if r.body != nil {
			r.body.CloseWithError(context.Canceled)
		}
	}
}

// request(sink, method, url, headers, hasBody, agent, tls) sends a request
// and returns its id: headers are a flat [name, value, …] list; hasBody
// says the body streams from httpWrite until httpEnd (else there is
// none); agent is {keepAlive, maxSockets} or null; tls the https options.
func (n *nodeHTTP) request(call goja.FunctionCall) goja.Value {
	rt := n.f.rt
	sink := call.Argument(0).ToObject(rt)
	method, rawURL := call.Argument(1).String(), call.Argument(2).String()
	var flat []string
	_ = rt.ExportTo(call.Argument(3), &flat)
	hasBody := call.Argument(4).ToBoolean()
	agent, tlsOpts := optionalObject(call.Argument(5)), optionalObject(call.Argument(6))

	// A request outlives the route request that made it, as in Node (a
	// pool's keep-alive, a fire-and-forget call): it ends with the runtime.
	ctx, cancel := context.WithCancel(context.Background())
	var body io.Reader
	r := &nodeRequest{cancel: cancel, sink: sink, want: make(chan struct{}, 1), done: make(chan struct{})}
	if hasBody {
		pr, pw := io.Pipe()
		body, r.body = pr, pw
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		cancel()
		panic(rt.NewTypeError("Invalid URL: " + rawURL))
	}
	for i := 0; i+1 < len(flat); i += 2 {
		k, v := flat[i], flat[i+1]
		switch strings.ToLower(k) {
		case "host":
			req.Host = v
		case "content-length":
			req.Header.Set(k, v)
			if cl, err := parseLength(v); err == nil {
				req.ContentLength = cl
			}
		default:
			req.Header.Add(k, v)
		}
	}
	if !hasBody {
		req.ContentLength = 0
	} else if req.Header.Get("Content-Length") == "" {
		req.ContentLength = -1 // chunked, as Node sends a body of unknown length
	}
	if _, ok := req.Header["User-Agent"]; !ok {
		req.Header["User-Agent"] = nil // Node sends none unless asked
	}
	transport, err := n.transport(agent, tlsOpts)
	if err != nil {
		cancel()
		panic(rt.NewTypeError(err.Error()))
	}
	if agent != nil && agent.Get("keepAlive") != nil && !agent.Get("keepAlive").ToBoolean() {
		req.Close = true
	}
	id := bridge.NewHandle(n.requests)
	n.requests[id] = r
	go n.send(id, r, req, transport)
	return rt.ToValue(id)
}

func optionalObject(v goja.Value) *goja.Object {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	return v.(*goja.Object)
}

func parseLength(v string) (int64, error) {
	var n int64
	if v == "" {
		return 0, errors.New("empty")
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, errors.New("not a number")
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}

// send runs one request: the response's head, then its body one chunk per
// read grant.
func (n *nodeHTTP) send(id int64, r *nodeRequest, req *http.Request, transport http.RoundTripper) {
	defer close(r.done)
	rt := n.f.rt
	res, err := transport.RoundTrip(req)
	if err != nil {
		host, port := req.URL.Hostname(), portOf(req)
		var e *bridge.Error
		var verify *tls.CertificateVerificationError
		var unknown x509.UnknownAuthorityError
		if errors.As(err, &verify) || errors.As(err, &unknown) {
			e = bridge.TLSError(err, host, port)
		} else {
			e = bridge.NodeError(err, "connect", host, port)
		}
		n.f.loop.Enqueue(func() {
			if n.requests[id] == r {
				delete(n.requests, id)
				n.call(r.sink, "onerror", e.Value(rt))
			}
		})
		return
	}
	defer res.Body.Close()
	n.f.loop.Enqueue(func() {
		if n.requests[id] != r {
			return
		}
		flat := make([]any, 0, 2*len(res.Header)+2)
		for k, vs := range res.Header {
			for _, v := range vs {
				flat = append(flat, strings.ToLower(k), v)
			}
		}
		info := rt.NewObject()
		_ = info.Set("status", res.StatusCode)
		_ = info.Set("statusText", strings.TrimSpace(strings.TrimPrefix(res.Status, res.Status[:min(3, len(res.Status))])))
		_ = info.Set("httpVersion", res.Proto[len("HTTP/"):])
		_ = info.Set("headers", flat)
		n.call(r.sink, "onresponse", info)
	})
	buf := make([]byte, 64<<10)
	for {
		select {
		case <-r.want:
		case <-req.Context().Done():
			return
		}
		k, err := res.Body.Read(buf)
		if k > 0 {
			data := append([]byte(nil), buf[:k]...)
			n.f.loop.Enqueue(func() {
				if n.requests[id] == r {
					n.call(r.sink, "ondata", rt.ToValue(rt.NewArrayBuffer(data)))
				}
			})
		}
		switch {
		case err == nil && k == 0:
			r.want <- struct{}{}
		case err == nil:
		case errors.Is(err, io.EOF):
			n.f.loop.Enqueue(func() {
				if n.requests[id] == r {
					delete(n.requests, id)
					n.call(r.sink, "onend")
				}
			})
			return
		default:
			e := bridge.NodeError(err, "read", "", 0)
			if errors.Is(err, io.ErrUnexpectedEOF) {
				e = &bridge.Error{Code: "ECONNRESET", Errno: -104, Syscall: "read", Message: "aborted"}
			}
			n.f.loop.Enqueue(func() {
				if n.requests[id] == r {
					delete(n.requests, id)
					n.call(r.sink, "onerror", e.Value(rt))
				}
			})
			return
		}
	}
}

func portOf(req *http.Request) int {
	if p := req.URL.Port(); p != "" {
		n, _ := parseLength(p)
		return int(n)
	}
	if req.URL.Scheme == "https" {
		return 443
	}
	return 80
}

// transport is the round tripper for an agent's and TLS options: the
// base one when neither asks for anything of their own.
func (n *nodeHTTP) transport(agent, tlsOpts *goja.Object) (http.RoundTripper, error) {
	rt := n.f.rt
	key := ""
	var maxSockets int
	if agent != nil {
		if v := agent.Get("maxSockets"); v != nil && !goja.IsUndefined(v) && v.ToFloat() > 0 && v.ToFloat() < 1e9 {
			maxSockets = int(v.ToInteger())
			key += "max=" + v.String() + ";"
		}
	}
	var cfg *tls.Config
	if tlsOpts != nil {
		str := func(k string) string {
			if v := tlsOpts.Get(k); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
				return v.String()
			}
			return ""
		}
		var cas []string
		_ = rt.ExportTo(tlsOpts.Get("ca"), &cas)
		reject := true
		if v := tlsOpts.Get("rejectUnauthorized"); v != nil && !goja.IsUndefined(v) {
			reject = v.ToBoolean()
		}
		cert, keyPEM, servername := str("cert"), str("key"), str("servername")
		if len(cas) > 0 || !reject || cert != "" || servername != "" {
			cfg = &tls.Config{ServerName: servername, InsecureSkipVerify: !reject, MinVersion: tls.VersionTLS12}
			if len(cas) > 0 {
				pool := x509.NewCertPool()
				for _, ca := range cas {
					pool.AppendCertsFromPEM([]byte(ca))
				}
				cfg.RootCAs = pool
			}
			if cert != "" && keyPEM != "" {
				pair, err := tls.X509KeyPair([]byte(cert), []byte(keyPEM))
				if err != nil {
					return nil, errors.New("https: the client certificate and key do not load: " + err.Error())
				}
				cfg.Certificates = []tls.Certificate{pair}
			}
			key += "tls=" + strings.Join(cas, ",") + "|" + cert + "|" + servername + "|" + map[bool]string{true: "1", false: "0"}[reject]
		}
	}
	if key == "" {
		return n.base, nil
	}
	if t, ok := n.agents[key]; ok {
		return t, nil
	}
	base, ok := n.base.(*http.Transport)
	if !ok {
		return n.base, nil // the embedder's own round tripper: its choices stand
	}
	t := base.Clone()
	t.DisableCompression = true
	if maxSockets > 0 {
		t.MaxConnsPerHost = maxSockets
	}
	if cfg != nil {
		t.TLSClientConfig = cfg
	}
	if len(n.agents) >= maxAgents {
		for k, old := range n.agents {
			if ot, ok := old.(*http.Transport); ok {
				ot.CloseIdleConnections()
			}
			delete(n.agents, k)
			break
		}
	}
	n.agents[key] = t
	return t, nil
}

func (n *nodeHTTP) call(sink *goja.Object, name string, args ...goja.Value) {
	bridge.CallSink(n.f.loop, sink, name, args...)
}

func (n *nodeHTTP) callback(cb, arg goja.Value) { bridge.CallBack(n.f.loop, cb, arg) }
