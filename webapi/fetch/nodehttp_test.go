package fetch_test

import (
	"compress/gzip"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// node:http and node:https clients as SDKs' Node builds use them, against
// servers on loopback.
func TestNodeHTTP(t *testing.T) {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/echo":
			b, _ := io.ReadAll(r.Body)
			w.Header().Add("Set-Cookie", "a=1")
			w.Header().Add("Set-Cookie", "b=2")
			w.Header().Set("X-Method", r.Method)
			fmt.Fprintf(w, "%s %s %s len=%d te=%v ct=%s ua=%q ae=%q", r.Method, r.URL.RequestURI(), r.Host, len(b), r.TransferEncoding, r.Header.Get("Content-Type"), r.UserAgent(), r.Header.Get("Accept-Encoding"))
		case "/redirect":
			http.Redirect(w, r, "/echo", http.StatusFound)
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			z := gzip.NewWriter(w)
			_, _ = io.WriteString(z, "compressed")
			_ = z.Close()
		case "/slow":
			time.Sleep(300 * time.Millisecond)
			_, _ = io.WriteString(w, "late")
		}
	})
	plain := httptest.NewServer(handler)
	defer plain.Close()
	secure := httptest.NewTLSServer(handler)
	defer secure.Close()
	ca := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: secure.Certificate().Raw}))
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := closed.Addr().(*net.TCPAddr).Port
	closed.Close()

	read := `const read = (res) => new Promise((resolve, reject) => { let s = ''; res.setEncoding('utf8'); res.on('data', (d) => { s += d; }); res.on('end', () => resolve(s)); res.on('error', reject); });`
	jstest.Run(t, []jstest.Case{
		{Name: "GET", Imports: `import http from 'node:http'`, Body: read + `
			const res = await new Promise((resolve, reject) => http.get('` + plain.URL + `/echo?x=1', resolve).on('error', reject));
			return new Response([res.statusCode, res.statusMessage, res.headers['x-method'], JSON.stringify(res.headers['set-cookie']), await read(res)].join('|'))`,
			Want: `200|OK|GET|["a=1","b=2"]|GET /echo?x=1 ` + strings.TrimPrefix(plain.URL, "http://") + ` len=0 te=[] ct= ua="" ae=""`},
		{Name: "POST, a streamed body", Imports: `import http from 'node:http'`, Body: read + `
			const u = new URL('` + plain.URL + `');
			const res = await new Promise((resolve, reject) => {
				const req = http.request({ hostname: u.hostname, port: u.port, path: '/echo', method: 'POST', headers: { 'Content-Type': 'text/plain', 'User-Agent': 'sdk/1' } }, resolve);
				req.on('error', reject);
				req.write('hello ');
				req.write(Buffer.from('world'));
				req.end();
			});
			return new Response(await read(res))`,
			Want: `POST /echo ` + strings.TrimPrefix(plain.URL, "http://") + ` len=11 te=[chunked] ct=text/plain ua="sdk/1" ae=""`},
		{Name: "redirects are the caller's", Imports: `import http from 'node:http'`, Body: `
			const res = await new Promise((resolve) => http.get('` + plain.URL + `/redirect', resolve));
			res.resume();
			return new Response(res.statusCode + ' ' + res.headers.location)`,
			Want: "302 /echo"},
		{Name: "bodies stay compressed", Imports: `import http from 'node:http'`, Body: `
			const res = await new Promise((resolve) => http.get('` + plain.URL + `/gzip', resolve));
			const chunks = []; for await (const c of res) chunks.push(c);
			const body = Buffer.concat(chunks);
			return new Response(res.headers['content-encoding'] + ' ' + body[0].toString(16) + body[1].toString(16))`,
			Want: "gzip 1f8b"},
		{Name: "a refused connection", Imports: `import http from 'node:http'`, Body: `
			const err = await new Promise((resolve) => http.get('http://127.0.0.1:` + strconv.Itoa(refused) + `/', () => {}).on('error', resolve));
			return new Response(err.code + ' ' + err.syscall + ' ' + err.port)`,
			Want: "ECONNREFUSED connect " + strconv.Itoa(refused)},
		{Name: "https with a CA", Imports: `import https from 'node:https'`, Body: read + `
			const res = await new Promise((resolve, reject) => https.get('` + secure.URL + `/echo', { ca: ` + strconv.Quote(ca) + ` }, resolve).on('error', reject));
			const body = await read(res);
			return new Response(res.statusCode + ' ' + body.split(' ')[0])`,
			Want: "200 GET"},
		{Name: "https without the CA", Imports: `import https from 'node:https'`, Body: `
			const err = await new Promise((resolve) => https.get('` + secure.URL + `/echo', () => {}).on('error', resolve));
			return new Response(err.code)`,
			Want: "DEPTH_ZERO_SELF_SIGNED_CERT"}, // Go's test certificate signs itself
		{Name: "a timeout, then destroy", Imports: `import http from 'node:http'`, Body: `
			const req = http.get('` + plain.URL + `/slow');
			const what = await new Promise((resolve) => {
				req.setTimeout(50, () => { req.destroy(new Error('gave up')); });
				req.on('error', (e) => resolve('error: ' + e.message));
				req.on('response', () => resolve('response'));
			});
			return new Response(what)`,
			Want: "error: gave up"},
		{Name: "no servers", Imports: `import http from 'node:http'`, Body: `
			try { http.createServer(); } catch (e) { return new Response(e.message) }`,
			Want: "http.createServer is not available in jsroutes: the route handlers are the server"},
	})
}
