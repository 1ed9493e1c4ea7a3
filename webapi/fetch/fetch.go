package fetch

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// Fetch is the Go half of fetch(): it sends requests with an *http.Client in
// goroutines and hands the response, then its body chunk by chunk, back to
// the runtime's loop. Bodies are decoded (gzip, deflate, br) as undici does.
type Fetch struct {
	rt   *goja.Runtime
	loop bridge.Loop
	// parent returns the context of the incoming request with the given
	// handle (or context.Background()): its fetches end when it ends.
	parent func(handle int64) context.Context
	active map[int64]*fetchState // loop-owned
	// parseJSON parses json() of a body (see JSONParser).
	parseJSON func(string) (goja.Value, error)
	// nodeHTTP is node:http's client (nodehttp.go).
	nodeHTTP *nodeHTTP
	// defaults are the headers undici sends unless the request sets them.
	// A request without headers of its own shares this map: net/http's
	// client never modifies a request's headers (it copies them to change
	// them), and nothing here does.
	defaults http.Header
	// clients are the embedder's client (or Go's default) with the
	// CheckRedirect of each redirect mode ("follow", "manual", "error"),
	// made once rather than per fetch.
	clients map[string]*http.Client
	// names and texts are the JS strings of the response header names
	// (lowercased) and status texts met so far: a busy route meets the
	// same few again and again.
	names, texts bridge.JSStrings
	// responseObj is the runtime's response constructor as last passed to
	// fetchStart, and responseFn its callable (asserted once, not per fetch).
	responseObj *goja.Object
	responseFn  goja.Callable
	// Timeout bounds, as undici's headersTimeout and bodyTimeout do (300 s
	// by default there), the wait for a response's headers and each wait
	// for more of its body: an upstream that never answers fails the
	// fetch instead of holding it forever. 0: no bound.
	Timeout time.Duration
	// resolving resolves the fetch whose Response the runtime is making:
	// set around the call of the response constructor, which hands the
	// Response to fetchResolve.
	resolving func(any) error
}

// maxRedirects is how many redirects fetch follows, as undici does.
const maxRedirects = 20

type fetchState struct {
	cancel context.CancelFunc
	body   io.ReadCloser
	// small is a whole body read with the headers (see smallBody); nil when
	// the body streams.
	small []byte
}

// The errors of a fetch past Fetch.Timeout, as undici names them (their
// codes are the cause's code, see fetchError).
var (
	errHeadersTimeout = errors.New("Headers Timeout Error")
	errBodyTimeout    = errors.New("Body Timeout Error")
)

// idleBody fails a response body's read that waits more than timeout for
// data (undici's bodyTimeout): expire cancels the request, and the read
// then fails with errBodyTimeout. The clock runs only while a read waits,
// so a reader that is slow to ask is not timed out.
type idleBody struct {
	io.ReadCloser
	ctx     context.Context
	timeout time.Duration
	expire  func()
	timer   *time.Timer
}

func (b *idleBody) Read(p []byte) (int, error) {
	if b.timer == nil {
		b.timer = time.AfterFunc(b.timeout, b.expire)
	} else {
		b.timer.Reset(b.timeout)
	}
	n, err := b.ReadCloser.Read(p)
	b.timer.Stop()
	if err != nil && errors.Is(context.Cause(b.ctx), errBodyTimeout) {
		err = errBodyTimeout
	}
	return n, err
}

// failedReader fails every read with err: the rest of a body whose read
// failed.
type failedReader struct{ err error }

func (r failedReader) Read([]byte) (int, error) { return 0, r.err }

// Node's limits on a response's headers (undici answers past them with
// UND_ERR_HEADERS_OVERFLOW): 16 KiB of them (--max-http-header-size), and
// 2,000 lines (maxHeadersCount).
const (
	maxHeaderBytes = 16 << 10
	maxHeaderLines = 2000
)

// errHeadersOverflow is a header section past Node's limits.
var errHeadersOverflow = errors.New("Headers Overflow Error: the headers passed 16 KiB or 2,000 lines")

// HeadersOverflow says whether a header section, with a start line of
// startLine bytes, passes Node's limits: incoming requests past them are
// answered 431, as Node answers.
func HeadersOverflow(h http.Header, startLine int) bool {
	size, lines := startLine, 0
	for k, vs := range h {
		for _, v := range vs {
			size += len(k) + len(v) + 4 // "name: value\r\n"
			lines++
		}
	}
	return size > maxHeaderBytes || lines > maxHeaderLines
}

// smallBody is the largest response body read together with the headers:
// one this small has arrived with them, and reading it at once spares the
// worker a second trip through a goroutine. Larger bodies, and bodies of
// unknown length, stream as they arrive.
const smallBody = 64 << 10

// Options are what fetch() is configured with.
type Options struct {
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// Timeout: see Fetch.Timeout.
	Timeout time.Duration
	// Parent returns the context of the incoming request with the given
	// handle (or context.Background()): its fetches end when it ends.
	Parent func(handle int64) context.Context
}

// Install adds the Go half of fetch() and of Request/Response bodies
// (multipart form parsing); Stop on the result cancels every fetch in
// flight.
func Install(env *bridge.Env, opts Options) *Fetch {
	f := newFetch(env.RT, env.Loop, opts.Client, opts.Parent, env.JSON.Parse)
	f.Timeout = opts.Timeout
	f.install(env.Host)
	client := opts.Client
	if client == nil {
		client = http.DefaultClient
	}
	f.installNodeHTTP(env.Host, client)
	installMultipart(env.RT, env.Host, env.Budget)
	return f
}

// newFetch returns the fetch host of one runtime.
func newFetch(rt *goja.Runtime, loop bridge.Loop, client *http.Client, parent func(int64) context.Context, parseJSON func(string) (goja.Value, error)) *Fetch {
	if client == nil {
		client = http.DefaultClient
	}
	withRedirect := func(check func(*http.Request, []*http.Request) error) *http.Client {
		c := *client
		c.CheckRedirect = check
		return &c
	}
	return &Fetch{rt: rt, loop: loop, parent: parent, active: map[int64]*fetchState{}, parseJSON: parseJSON,
		defaults: http.Header{
			"Accept":          {"*/*"},
			"Accept-Language": {"*"},
			"Sec-Fetch-Mode":  {"cors"},
			"User-Agent":      {"node"},
			"Accept-Encoding": {"gzip, deflate, br"},
		},
		clients: map[string]*http.Client{
			"follow": withRedirect(func(_ *http.Request, via []*http.Request) error {
				if len(via) >= maxRedirects {
					return errors.New("redirect count exceeded")
				}
				return nil
			}),
			"manual": withRedirect(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }),
			"error":  withRedirect(func(*http.Request, []*http.Request) error { return errors.New("unexpected redirect") }),
		},
		names: bridge.JSStrings{},
		texts: bridge.JSStrings{},
	}
}

// Stop cancels every fetch in flight.
func (f *Fetch) Stop() {
	if f.nodeHTTP != nil {
		f.nodeHTTP.stop()
	}
	for id, s := range f.active {
		s.cancel()
		delete(f.active, id)
	}
}

// install adds fetchId, fetchStart, fetchResolve, fetchRead, fetchReadAll,
// fetchReadText, fetchReadJSON and fetchCancel.
//
// fetchId() picks a fetch's id: a random handle (NewHandle), so that no
// code holding one response's body can name another's.
// fetchStart(id, handle, method, url, headers, body, redirect, response)
// starts a request that the runtime names id (to fetchCancel and the
// reads) and returns a promise of the Response: once the headers are in,
// Go calls response(id, hasBody, status, statusText, headers, url,
// redirected), which makes the Response and passes it to
// fetchResolve(response): the promise resolves, and the code awaiting it
// runs, within that one call into JS. Headers are flat [name, value, …]
// lists (null for none; Go adds the headers undici sends by default that a
// request lacks); body is null or a Uint8Array; redirect is "follow",
// "manual" or "error". A response to HEAD, or with a null-body status, has
// no body (hasBody is false) and is released at once. A network failure
// rejects with a TypeError("fetch failed") whose cause says why.
func (f *Fetch) install(host *goja.Object) {
	rt := f.rt
	bridge.Set(rt, host, "fetchId", func(goja.FunctionCall) goja.Value {
		return rt.ToValue(bridge.NewHandle(f.active))
	})
	bridge.Set(rt, host, "fetchStart", func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).ToInteger()
		handle := call.Argument(1).ToInteger()
		method := call.Argument(2).String()
		urlValue := call.Argument(3)
		url := urlValue.String()
		var flat []string
		if h := call.Argument(4); !goja.IsNull(h) {
			var ok bool
			if flat, ok = stringList(h); !ok {
				bridge.ThrowTypeError(rt, "fetch: bad header list")
			}
		}
		var body []byte
		if b, ok := call.Argument(5).Export().([]byte); ok {
			body = append([]byte(nil), b...)
		}
		redirect := call.Argument(6).String()
		if obj, ok := call.Argument(7).(*goja.Object); !ok || obj != f.responseObj {
			fn, ok := goja.AssertFunction(call.Argument(7))
			if !ok {
				bridge.ThrowTypeError(rt, "fetch: no response constructor")
			}
			f.responseObj, f.responseFn = obj, fn
		}
		response := f.responseFn

		p, resolve, reject := rt.NewPromise()
		ctx, cancelCause := context.WithCancelCause(f.parent(handle))
		cancel := func() { cancelCause(context.Canceled) }
		st := &fetchState{cancel: cancel}
		f.active[id] = st

		var rd io.Reader = http.NoBody
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, url, rd)
		if err != nil {
			f.release(id)
			_ = reject(f.fetchError(err))
			return rt.ToValue(p)
		}
		for i := 0; i+1 < len(flat); i += 2 {
			if strings.EqualFold(flat[i], "host") {
				req.Host = flat[i+1]
				continue
			}
			req.Header.Add(flat[i], flat[i+1])
		}
		if len(flat) == 0 {
			req.Header = f.defaults
		} else {
			for k, vs := range f.defaults {
				if _, set := req.Header[k]; !set {
					req.Header[k] = vs
				}
			}
		}
		client := f.clients[redirect]
		if client == nil {
			client = f.clients["follow"]
		}
		timeout := f.Timeout
		go func() {
			var waiting *time.Timer
			if timeout > 0 {
				waiting = time.AfterFunc(timeout, func() { cancelCause(errHeadersTimeout) })
			}
			resp, err := client.Do(req)
			if waiting != nil {
				waiting.Stop()
			}
			if err != nil && errors.Is(context.Cause(ctx), errHeadersTimeout) {
				err = errHeadersTimeout
			}
			if err == nil && timeout > 0 {
				resp.Body = &idleBody{ReadCloser: resp.Body, ctx: ctx, timeout: timeout, expire: func() { cancelCause(errBodyTimeout) }}
			}
			if err == nil {
				err = decodeBody(resp)
			}
			if err == nil && HeadersOverflow(resp.Header, 0) {
				err = errHeadersOverflow
			}
			var small []byte
			if err == nil && resp.ContentLength >= 0 && resp.ContentLength <= smallBody {
				// Decoded, a small body may grow (a 35 KB gzip of 1.7 MB,
				// say): what passes the cap streams after what was read.
				// A body that fails on its way fails its read, not the
				// fetch, as undici's does ("terminated"): it streams.
				var readErr error
				small, readErr = io.ReadAll(io.LimitReader(resp.Body, 16*smallBody+1))
				if readErr != nil || len(small) > 16*smallBody {
					rest := io.Reader(resp.Body)
					if readErr != nil {
						rest = failedReader{readErr}
					}
					resp.Body = struct {
						io.Reader
						io.Closer
					}{io.MultiReader(bytes.NewReader(small), rest), resp.Body}
					small = nil
				} else {
					resp.Body.Close()
					if small == nil {
						small = []byte{}
					}
				}
			}
			if err != nil && resp != nil {
				resp.Body.Close()
			}
			f.loop.Enqueue(func() {
				if err != nil {
					f.release(id)
					_ = reject(f.fetchError(err))
					return
				}
				if f.active[id] != st {
					resp.Body.Close() // cancelled while the headers were on their way
					_ = reject(f.fetchError(context.Canceled))
					return
				}
				st.body, st.small = resp.Body, small
				hasBody := method != http.MethodHead && !nullBodyStatus(resp.StatusCode)
				if !hasBody {
					f.release(id)
				}
				hdr := make([]any, 0, 2*len(resp.Header))
				for k, vs := range resp.Header {
					name := f.names.Get(rt, k, strings.ToLower) // Headers has them in lower case
					for _, v := range vs {
						hdr = append(hdr, name, v)
					}
				}
				// Go's Status is the code (always three digits) and the reason.
				statusText := ""
				if len(resp.Status) > 3 {
					statusText = strings.TrimSpace(resp.Status[3:])
				}
				// A redirect is a new request for a new URL; the URL of one
				// not redirected is the request's, serialized as JS has it.
				redirected := resp.Request.URL != req.URL
				finalURL := urlValue
				if redirected {
					finalURL = rt.ToValue(resp.Request.URL.String())
				}
				f.resolving = resolve
				_, err := response(goja.Undefined(), rt.ToValue(id), rt.ToValue(hasBody), rt.ToValue(resp.StatusCode),
					f.texts.Get(rt, statusText, nil), rt.NewArray(hdr...), finalURL, rt.ToValue(redirected))
				err = f.loop.Check(err)
				if f.resolving != nil { // the runtime failed before handing over its Response
					f.resolving = nil
					if err == nil {
						err = errors.New("fetch: no Response was made")
					}
					f.release(id)
					_ = reject(bridge.Rejection(rt, err))
				}
			})
		}()
		return rt.ToValue(p)
	})
	bridge.Set(rt, host, "fetchResolve", func(call goja.FunctionCall) goja.Value {
		if resolve := f.resolving; resolve != nil {
			f.resolving = nil
			_ = resolve(call.Argument(0))
		}
		return goja.Undefined()
	})
	bridge.Set(rt, host, "fetchRead", func(call goja.FunctionCall) goja.Value {
		return f.read(call.Argument(0).ToInteger(), false, BodyBytes, func(r io.Reader) ([]byte, error) {
			buf := make([]byte, 32<<10)
			n, err := r.Read(buf)
			if n > 0 {
				return buf[:n], nil
			}
			if err == nil {
				return []byte{}, nil
			}
			return nil, err
		})
	})
	readAll := func(r io.Reader) ([]byte, error) {
		b, err := io.ReadAll(r)
		if err == nil && b == nil {
			b = []byte{}
		}
		return b, err
	}
	bridge.Set(rt, host, "fetchReadAll", func(call goja.FunctionCall) goja.Value {
		return f.read(call.Argument(0).ToInteger(), true, BodyBytes, readAll)
	})
	// fetchReadText is fetchReadAll decoded as UTF-8 (what text() reads),
	// in Go: no ArrayBuffer and no decoding hop in JS; fetchReadJSON is
	// that text parsed (json()).
	bridge.Set(rt, host, "fetchReadText", func(call goja.FunctionCall) goja.Value {
		return f.read(call.Argument(0).ToInteger(), true, BodyText, readAll)
	})
	bridge.Set(rt, host, "fetchReadJSON", func(call goja.FunctionCall) goja.Value {
		return f.read(call.Argument(0).ToInteger(), true, BodyJSON, readAll)
	})
	bridge.Set(rt, host, "fetchCancel", func(call goja.FunctionCall) goja.Value {
		f.release(call.Argument(0).ToInteger())
		return goja.Undefined()
	})
}

// read resolves with the next bytes of a response body: an ArrayBuffer, or
// null at the end (when the response is released). whole reads all that is
// left, and resolves with it as form says, even when that is nothing.
func (f *Fetch) read(id int64, whole bool, form BodyForm, read func(io.Reader) ([]byte, error)) goja.Value {
	rt := f.rt
	p, resolve, reject := rt.NewPromise()
	settle := func(b []byte) { form.Settle(rt, b, f.parseJSON, resolve, reject) }
	st, ok := f.active[id]
	if !ok || st.body == nil {
		form.SettleGone(rt, f.parseJSON, resolve, reject)
		return rt.ToValue(p)
	}
	if st.small != nil {
		// Read with the headers: hand it over in one piece, then the end.
		b := st.small
		switch {
		case whole:
			f.release(id)
			settle(b)
		case len(b) == 0:
			f.release(id)
			_ = resolve(goja.Null())
		default:
			st.small = []byte{}
			_ = resolve(rt.NewArrayBuffer(b))
		}
		return rt.ToValue(p)
	}
	body := st.body
	go func() {
		b, err := read(body)
		f.loop.Enqueue(func() {
			switch {
			case err == io.EOF || (err == nil && b == nil):
				f.release(id)
				_ = resolve(goja.Null())
			case err != nil:
				f.release(id)
				e := rt.NewTypeError("terminated")
				_ = e.Set("cause", f.fetchError(err).ToObject(rt).Get("cause"))
				_ = reject(e)
			default:
				settle(b)
			}
		})
	}()
	return rt.ToValue(p)
}

// BodyForm is what a whole-body read resolves with, for text() and json()
// of fetched and incoming bodies alike.
type BodyForm int

const (
	BodyBytes BodyForm = iota // an ArrayBuffer
	BodyText                  // a string: UTF-8 decoded as TextDecoder does (BOM dropped, U+FFFD for bad bytes)
	BodyJSON                  // that string parsed by parseJSON (see JSONParser)
)

// Settle settles a whole-body read with b in this form; a SyntaxError
// from parsing JSON rejects.
func (form BodyForm) Settle(rt *goja.Runtime, b []byte, parseJSON func(string) (goja.Value, error), resolve, reject func(any) error) {
	v, err := form.value(rt, b, parseJSON)
	if err != nil {
		_ = reject(bridge.Rejection(rt, err))
		return
	}
	_ = resolve(v)
}

// SettleGone settles a read of a body that is gone (read to its end,
// cancelled, or never there): null, the end, for bytes; for text and JSON
// what an empty body gives.
func (form BodyForm) SettleGone(rt *goja.Runtime, parseJSON func(string) (goja.Value, error), resolve, reject func(any) error) {
	if form == BodyBytes {
		_ = resolve(goja.Null())
		return
	}
	form.Settle(rt, nil, parseJSON, resolve, reject)
}

// value is b in this form; parsing JSON may fail with the SyntaxError.
func (form BodyForm) value(rt *goja.Runtime, b []byte, parseJSON func(string) (goja.Value, error)) (goja.Value, error) {
	if form == BodyBytes {
		return rt.ToValue(rt.NewArrayBuffer(b)), nil
	}
	s := bridge.UTF8(b, true)
	if form == BodyJSON {
		return parseJSON(s)
	}
	return rt.ToValue(s), nil
}

// nullBodyStatus says whether a response with this status has no body.
func nullBodyStatus(status int) bool {
	switch status {
	case 101, 103, 204, 205, 304:
		return true
	}
	return false
}

// release ends fetch id: its request is cancelled, its body (if it has
// come) closed, and it is forgotten.
func (f *Fetch) release(id int64) {
	if st, ok := f.active[id]; ok {
		if st.body != nil {
			st.body.Close()
		}
		st.cancel()
		delete(f.active, id)
	}
}

// stringList reads a JS array of strings without reflection.
func stringList(v goja.Value) ([]string, bool) {
	items, ok := v.Export().([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(items))
	for i, it := range items {
		if out[i], ok = it.(string); !ok {
			return nil, false
		}
	}
	return out, true
}

// fetchError is the TypeError fetch rejects with, its cause the Go error.
func (f *Fetch) fetchError(err error) goja.Value {
	e := f.rt.NewTypeError("fetch failed")
	cause := f.rt.NewGoError(err)
	_ = cause.Set("message", err.Error())
	switch {
	case errors.Is(err, errHeadersOverflow):
		_ = cause.Set("code", "UND_ERR_HEADERS_OVERFLOW")
	case errors.Is(err, errHeadersTimeout):
		_ = cause.Set("code", "UND_ERR_HEADERS_TIMEOUT")
	case errors.Is(err, errBodyTimeout):
		_ = cause.Set("code", "UND_ERR_BODY_TIMEOUT")
	}
	_ = e.Set("cause", cause)
	return e
}

// decodeBody replaces resp.Body with its decoded form per Content-Encoding.
func decodeBody(resp *http.Response) error {
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	var r io.Reader
	switch enc {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		r = zr
	case "deflate":
		zr, err := zlib.NewReader(resp.Body)
		if err != nil {
			return err
		}
		r = zr
	case "br":
		r = brotli.NewReader(resp.Body)
	default:
		return nil
	}
	resp.Body = readCloser{r, resp.Body}
	return nil
}

type readCloser struct {
	io.Reader
	c io.Closer
}

func (r readCloser) Close() error { return r.c.Close() }
