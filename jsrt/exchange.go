package jsrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/jsrt/internal/plan"
	"github.com/jsroutes/jsroutes/webapi"
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
	params  []plan.Param
	dynamic bool // the route has dynamic segments
	hasBody bool
	// pattern and path name the route and app path, for the implicit tags
	// (revalidatePath) that data read by the request answers to.
	pattern, path string
	// generation: the request makes a cached route's response, which takes
	// fresh data where the data cache holds stale entries (as Next.js).
	generation bool
	// prerender is how a generation runs the handler (see
	// webapi/next/prerender.js): 0 as it is, prerenderLegacy or
	// prerenderCacheComponents; dynamicReason is what the handler used
	// that keeps the route from being static (loop-owned until ready).
	prerender     int
	dynamicReason string
	// body is a small request body read before dispatch (see prefetchLimit).
	body0 []byte
	// proxy: the exchange runs the app's proxy (proxy.go). intercept, when
	// set, sees the response before it is written: true keeps it from the
	// client (the proxy goes on to a route).
	proxy     bool
	intercept func(*exchange) bool

	// Written on the loop before ready is closed; read by the HTTP goroutine after.
	ready   chan struct{}
	status  int
	header  http.Header
	body    []byte
	stream  bool
	failed  bool
	settled bool // respond or fail has run (loop-owned)
	more    bool // the runtime wants finished() once the response is sent
	// unavailable: the worker was stopped before answering (loop-owned until ready).
	unavailable bool
	// tooLarge: a body read hit Options.MaxBodySize (loop-owned until ready).
	tooLarge bool
	// badRequest: the body was malformed (bad chunked encoding): the
	// answer is 400, as Node's parser gives, and no route error is logged
	// (loop-owned until ready).
	badRequest bool
	gone       bool // the client left before the response (loop-owned)
	// forgotten: the worker no longer holds the exchange (see forget;
	// loop-owned).
	forgotten bool
	// tags are the data cache tags the handler used (fetch, unstable_cache):
	// a cached route's response carries them. revalidations are its
	// revalidatePath/revalidateTag calls, applied before the response goes
	// out. Both loop-owned until ready.
	tags          []string
	revalidations []revalidation
	// life is the shortest cacheLife ('use cache') of the cached data the
	// handler used, in seconds (revalidate, expire); zero: none used.
	life cacheLife

	chunks chan chunk // streamed body chunks, one pull at a time; nil unless stream
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
	// Host functions take goja.FunctionCall: typed Go signatures go through
	// reflection on every call, which costs on the hot path.
	w.set(host, "requestHeaders", func(call goja.FunctionCall) goja.Value {
		ex := w.exchanges[call.Argument(0).ToInteger()]
		if ex == nil {
			return rt.NewArray()
		}
		return rt.NewArray(requestHeaderList(ex.r)...)
	})
	w.set(host, "bodyRead", func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).ToInteger()
		if b, ok := w.prefetched(id); ok {
			return w.resolved(b)
		}
		return w.readBody(id, readChunk, webapi.BodyBytes)
	})
	// bodyAll, bodyText and bodyJSON read the whole body for arrayBuffer(),
	// text() and json(): decoded and parsed in Go, without a JS continuation.
	for name, form := range map[string]webapi.Body{"bodyAll": webapi.BodyBytes, "bodyText": webapi.BodyText, "bodyJSON": webapi.BodyJSON} {
		w.set(host, name, func(call goja.FunctionCall) goja.Value {
			id := call.Argument(0).ToInteger()
			if b, ok := w.prefetched(id); ok {
				p, resolve, reject := w.rt.NewPromise()
				w.platform.SettleBody(form, b, false, resolve, reject)
				return w.rt.ToValue(p)
			}
			return w.readBody(id, readAll, form)
		})
	}
	must(host.Set("bodyCancel", func(goja.FunctionCall) goja.Value { return goja.Undefined() }))
	w.set(host, "respond", func(call goja.FunctionCall) goja.Value {
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
			ex.chunks = make(chan chunk, 1) // before ready: the HTTP goroutine reads it after
		}
		w.settle(ex, call.Argument(4).ToBoolean())
		return goja.Undefined()
	})
	w.set(host, "fail", func(call goja.FunctionCall) goja.Value {
		ex := w.exchanges[call.Argument(0).ToInteger()]
		if ex == nil || ex.settled {
			return goja.Undefined()
		}
		w.logRouteError(ex, "route handler error", errorText(call.Argument(1)))
		ex.failed = true
		w.settle(ex, call.Argument(2).ToBoolean())
		return goja.Undefined()
	})
	w.set(host, "chunk", func(call goja.FunctionCall) goja.Value {
		ex := w.exchanges[call.Argument(0).ToInteger()]
		if ex == nil {
			return goja.Undefined()
		}
		if data := call.Argument(1); goja.IsNull(data) {
			ex.chunks <- chunk{end: true}
		} else {
			b, _ := data.Export().([]byte)
			ex.chunks <- chunk{data: append([]byte(nil), b...)}
		}
		return goja.Undefined()
	})
	w.set(host, "streamError", func(call goja.FunctionCall) goja.Value {
		ex := w.exchanges[call.Argument(0).ToInteger()]
		if ex == nil {
			return goja.Undefined()
		}
		w.logRouteError(ex, "error in the response stream", errorText(call.Argument(1)))
		ex.chunks <- chunk{err: true}
		return goja.Undefined()
	})
}

// settle hands the response to the HTTP goroutine. more says the runtime
// still holds the request (a stream, after() callbacks) until finish.
func (w *worker) settle(ex *exchange, more bool) {
	ex.settled = true
	ex.more = more
	if !more {
		w.forget(ex)
		w.closeIfIdle()
	}
	close(ex.ready)
	if more && ex.gone {
		w.finish(ex) // nobody is waiting to send it
	}
}

// forget lets go of an exchange: the runtime calls that name its handle
// find nothing, and pollWaiting drops it (a flag it reads for each waiting
// request after each job, where a map look-up cost ~20 ns a request).
func (w *worker) forget(ex *exchange) {
	delete(w.exchanges, ex.id)
	ex.forgotten = true
}

func (w *worker) logRouteError(ex *exchange, msg, detail string) {
	if ex.badRequest {
		return // the client's error, answered 400
	}
	if note, ok := ex.r.Context().Value(prerenderNote{}).(*prerenderError); ok {
		note.set(detail) // prerender logs it, once, with what it means
		return
	}
	w.log.Error(msg, "method", ex.method, "path", ex.r.URL.Path, "route", ex.file, "error", detail)
}

// prefetched hands over a body read before dispatch (see prefetchLimit);
// ok is false when there is none and the body comes from the socket.
func (w *worker) prefetched(id int64) ([]byte, bool) {
	ex := w.exchanges[id]
	if ex == nil || ex.body0 == nil {
		return nil, false
	}
	b := ex.body0
	ex.body0 = []byte{} // what is read next is the end
	return b, true
}

// readChunk reads the next piece of a body (io.EOF at its end).
func readChunk(r io.Reader) ([]byte, error) {
	buf := make([]byte, bodyChunk)
	n, err := io.ReadFull(r, buf)
	if n > 0 {
		return buf[:n], nil
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, io.EOF
	}
	return nil, err
}

// readAll reads the rest of a body (never nil without an error).
func readAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(r)
	if b == nil && err == nil {
		b = []byte{}
	}
	return b, err
}

// resolved returns a promise already resolved with b as an ArrayBuffer, or
// with null for an empty b (the end of the body).
func (w *worker) resolved(b []byte) goja.Value {
	p, resolve, _ := w.rt.NewPromise()
	if len(b) == 0 {
		_ = resolve(goja.Null())
	} else {
		_ = resolve(w.rt.NewArrayBuffer(b))
	}
	return w.rt.ToValue(p)
}

// readBody runs read on the request body in a goroutine and resolves the
// returned promise on the loop with what it read in form (an ArrayBuffer,
// a string or parsed JSON), or null at the end.
func (w *worker) readBody(id int64, read func(io.Reader) ([]byte, error), form webapi.Body) goja.Value {
	p, resolve, reject := w.rt.NewPromise()
	ex := w.exchanges[id]
	if ex == nil {
		w.platform.SettleBody(form, nil, true, resolve, reject)
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
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					ex.tooLarge = true
					_ = reject(w.rt.NewTypeError(fmt.Sprintf("the request body is larger than the server accepts (%d bytes)", tooLarge.Limit)))
					return
				}
				if malformedBody(err) {
					ex.badRequest = true
				}
				_ = reject(w.rt.NewTypeError("reading the request body failed: " + err.Error()))
			default:
				w.platform.SettleBody(form, b, false, resolve, reject) // bytes: an ArrayBuffer
			}
		})
	}()
	return w.rt.ToValue(p)
}

// latin1Bytes writes a header value as Node does: characters up to U+00FF
// as one byte each (the inverse of latin1). A value with a character past
// that (Node refuses it) stays UTF-8.
func latin1Bytes(v string) string {
	if ascii(v) {
		return v
	}
	b := make([]byte, 0, len(v))
	for _, r := range v {
		if r > 0xff {
			return v
		}
		b = append(b, byte(r))
	}
	return string(b)
}

// malformedBody says whether a body read failed on what the client sent
// (Go's chunked decoding), rather than on the client leaving or a limit.
func malformedBody(err error) bool {
	var netErr net.Error
	var tooLarge *http.MaxBytesError
	return !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, context.Canceled) &&
		!errors.Is(err, http.ErrBodyReadAfterClose) && !errors.As(err, &netErr) && !errors.As(err, &tooLarge)
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
			out = append(out, name, latin1(strings.Join(vs, "; ")))
			continue
		}
		for _, v := range vs {
			out = append(out, name, latin1(v))
		}
	}
	return out
}

// latin1 reads header bytes as Node's parser does: each byte one
// character (U+0000–U+00FF). Read as UTF-8, bytes that are not UTF-8 became
// U+FFFD and were lost; an app that decodes such a header itself
// (Buffer.from(v, 'latin1')) gets Node's bytes back.
func latin1(v string) string {
	if ascii(v) {
		return v
	}
	r := make([]rune, len(v))
	for i := 0; i < len(v); i++ {
		r[i] = rune(v[i])
	}
	return string(r)
}

// ascii says whether v is all ASCII: the same in latin1 and UTF-8.
func ascii(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			return false
		}
	}
	return true
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
		h[k] = append(h[k], latin1Bytes(value))
		s = rest2
	}
	return h
}
