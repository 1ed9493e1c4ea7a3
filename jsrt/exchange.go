package jsrt

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"

	"github.com/dop251/goja"
)

// exchange is one request on its way through a worker. The HTTP goroutine
// creates it and waits on ready; the loop fills in the response.
type exchange struct {
	id      int64
	r       *http.Request
	extra   http.Header // next.config headers for this path
	route   int
	file    string // the route file, for logs
	export  string // the function to call: GET for a HEAD without its own handler
	method  string
	url     string
	params  []param
	dynamic bool // the route has dynamic segments
	hasBody bool

	// Written on the loop before ready is closed; read by the HTTP goroutine after.
	ready   chan struct{}
	status  int
	header  http.Header
	body    []byte
	stream  bool
	failed  bool
	settled bool // respond or fail has run (loop-owned)
	more    bool // the runtime wants finished() once the response is sent
	gone    bool // the client left before the response (loop-owned)

	chunks chan chunk // streamed body chunks, one pull at a time
}

type chunk struct {
	data []byte
	end  bool
	err  bool
}

// bodyChunk is how much of a request body one read hands to JS.
const bodyChunk = 64 << 10

// installExchange adds the host functions through which the runtime reads
// requests and answers them.
func (w *worker) installExchange(host *goja.Object) {
	rt := w.rt
	must(host.Set("requestHeaders", func(id int64) goja.Value {
		ex := w.exchanges[id]
		if ex == nil {
			return rt.NewArray()
		}
		return rt.NewArray(requestHeaderList(ex.r)...)
	}))
	must(host.Set("bodyRead", func(id int64) goja.Value {
		return w.readBody(id, func(r io.Reader) ([]byte, error) {
			buf := make([]byte, bodyChunk)
			n, err := io.ReadFull(r, buf)
			if n > 0 {
				return buf[:n], nil
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, io.EOF
			}
			return nil, err
		})
	}))
	must(host.Set("bodyAll", func(id int64) goja.Value {
		return w.readBody(id, func(r io.Reader) ([]byte, error) {
			b, err := io.ReadAll(r)
			if b == nil && err == nil {
				b = []byte{}
			}
			return b, err
		})
	}))
	must(host.Set("bodyCancel", func(id int64) {}))
	must(host.Set("respond", func(call goja.FunctionCall) goja.Value {
		ex := w.exchanges[call.Argument(0).ToInteger()]
		if ex == nil || ex.settled {
			return goja.Undefined()
		}
		ex.status = int(call.Argument(1).ToInteger())
		ex.header = parseHeaderLines(call.Argument(2).String())
		switch p := call.Argument(3).Export().(type) {
		case string:
			ex.body = []byte(p)
		case []byte:
			ex.body = p // the runtime's own copy: JS never sees it again
		case bool:
			ex.stream = p
		}
		w.settle(ex, call.Argument(4).ToBoolean())
		return goja.Undefined()
	}))
	must(host.Set("fail", func(id int64, err goja.Value, more bool) {
		ex := w.exchanges[id]
		if ex == nil || ex.settled {
			return
		}
		w.logRouteError(ex, "route handler error", errorText(err))
		ex.failed = true
		w.settle(ex, more)
	}))
	must(host.Set("chunk", func(id int64, data goja.Value) {
		ex := w.exchanges[id]
		if ex == nil {
			return
		}
		if goja.IsNull(data) {
			ex.chunks <- chunk{end: true}
			return
		}
		b, _ := data.Export().([]byte)
		ex.chunks <- chunk{data: append([]byte(nil), b...)}
	}))
	must(host.Set("streamError", func(id int64, err goja.Value) {
		ex := w.exchanges[id]
		if ex == nil {
			return
		}
		w.logRouteError(ex, "error in the response stream", errorText(err))
		ex.chunks <- chunk{err: true}
	}))
}

// settle hands the response to the HTTP goroutine. more says the runtime
// still holds the request (a stream, after() callbacks) until finish.
func (w *worker) settle(ex *exchange, more bool) {
	ex.settled = true
	ex.more = more
	if !more {
		delete(w.exchanges, ex.id)
	}
	close(ex.ready)
	if more && ex.gone {
		w.finish(ex) // nobody is waiting to send it
	}
}

func (w *worker) logRouteError(ex *exchange, msg, detail string) {
	w.log.Error(msg, "method", ex.method, "path", ex.r.URL.Path, "route", ex.file, "error", detail)
}

// readBody runs read on the request body in a goroutine and resolves the
// returned promise on the loop with an ArrayBuffer, or null at the end.
func (w *worker) readBody(id int64, read func(io.Reader) ([]byte, error)) goja.Value {
	p, resolve, reject := w.rt.NewPromise()
	ex := w.exchanges[id]
	if ex == nil {
		_ = resolve(goja.Null())
		return w.rt.ToValue(p)
	}
	body := ex.r.Body
	go func() {
		b, err := read(body)
		w.Enqueue(func() {
			switch {
			case err == io.EOF || (err == nil && b == nil):
				_ = resolve(goja.Null())
			case err != nil:
				_ = reject(w.rt.NewTypeError("reading the request body failed: " + err.Error()))
			default:
				_ = resolve(w.rt.NewArrayBuffer(b))
			}
		})
	}()
	return w.rt.ToValue(p)
}

// requestHeaderList flattens a request's headers as Next.js presents them:
// lower-case names, Host included, several Cookie headers joined with "; ",
// and the x-forwarded-* headers Next's server adds when the client did not.
func requestHeaderList(r *http.Request) []any {
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]any, 0, 2*len(r.Header)+10)
	if r.Host != "" {
		out = append(out, "host", r.Host)
	}
	forwarded := func(name, value string) {
		if _, ok := r.Header[http.CanonicalHeaderKey(name)]; !ok && value != "" {
			out = append(out, name, value)
		}
	}
	if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		forwarded("x-forwarded-for", ip)
	}
	forwarded("x-forwarded-host", r.Host)
	if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if _, port, err := net.SplitHostPort(addr.String()); err == nil {
			forwarded("x-forwarded-port", port)
		}
	}
	proto := "http"
	if r.TLS != nil {
		proto = "https"
	}
	forwarded("x-forwarded-proto", proto)
	for _, k := range names {
		name := strings.ToLower(k)
		vs := r.Header[k]
		if name == "cookie" && len(vs) > 1 {
			out = append(out, name, strings.Join(vs, "; "))
			continue
		}
		for _, v := range vs {
			out = append(out, name, v)
		}
	}
	return out
}

// parseHeaderLines reads the runtime's "name\nvalue\n…" header list.
func parseHeaderLines(s string) http.Header {
	h := make(http.Header, strings.Count(s, "\n")/2)
	for len(s) > 0 {
		name, rest, ok := strings.Cut(s, "\n")
		if !ok {
			break
		}
		value, rest2, _ := strings.Cut(rest, "\n")
		k := http.CanonicalHeaderKey(name)
		h[k] = append(h[k], value)
		s = rest2
	}
	return h
}
