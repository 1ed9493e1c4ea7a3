package socket_test

import (
	"bufio"
	"crypto/tls"
	"encoding/pem"
	"io"
	"net"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// listen serves each connection with serve on a loopback port until the
// test ends.
func listen(t *testing.T, serve func(net.Conn)) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				serve(c)
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

// echo answers each line with "echo: " and the line, and a line "bye" by
// closing its side.
func echo(c net.Conn) {
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if line == "bye\n" {
			return
		}
		_, _ = io.WriteString(c, "echo: "+line)
	}
}

// testCert is a TLS certificate for 127.0.0.1 and "example.com" (Go's
// test certificate), and its PEM as a CA.
func testCert(t *testing.T) (tls.Certificate, string) {
	srv := httptest.NewUnstartedServer(nil)
	srv.StartTLS()
	defer srv.Close()
	cert := srv.TLS.Certificates[0]
	return cert, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
}

// node:net, node:tls and node:dns as route code meets them, against real
// servers on loopback.
func TestSockets(t *testing.T) {
	plain := listen(t, echo)
	cert, ca := testCert(t)
	secure := listen(t, func(c net.Conn) {
		tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"x-test"}})
		if tc.Handshake() == nil {
			echo(tc)
		}
	})
	// PostgreSQL's upgrade: an 8-byte SSLRequest answered 'S', then TLS on
	// the same connection.
	starttls := listen(t, func(c net.Conn) {
		var req [8]byte
		if _, err := io.ReadFull(c, req[:]); err != nil {
			return
		}
		_, _ = c.Write([]byte("S"))
		tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{cert}})
		if tc.Handshake() == nil {
			echo(tc)
		}
	})
	// A reader that takes its time, then says how many bytes came: a
	// socket's writes must wait for it (backpressure) and lose nothing.
	slow := listen(t, func(c net.Conn) {
		time.Sleep(200 * time.Millisecond) // the kernel's buffers fill meanwhile
		n, _ := io.Copy(io.Discard, c)
		_, _ = c.Write([]byte(strconv.FormatInt(n, 10)))
	})
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := closed.Addr().(*net.TCPAddr).Port
	closed.Close()

	p := strconv.Itoa
	lines := `
		const lines = (socket) => new Promise((resolve, reject) => {
			let text = '';
			socket.setEncoding('utf8');
			socket.on('data', (d) => { text += d; });
			socket.on('error', reject);
			socket.on('close', () => resolve(text));
		});`
	jstest.Run(t, []jstest.Case{
		{Name: "echo, then the peer's end", Imports: `import net from 'node:net'`, Body: lines + `
			const socket = net.connect(` + p(plain) + `, '127.0.0.1');
			const events = [];
			socket.on('connect', () => events.push('connect:' + socket.remoteAddress + ':' + socket.remotePort));
			socket.on('end', () => events.push('end'));
			socket.write('one\n');
			socket.write(Buffer.from('two\n'));
			socket.write('bye\n');
			const text = await lines(socket);
			return new Response(events.join(',') + '|' + text + '|' + socket.bytesRead + ' ' + socket.bytesWritten)`,
			Want: "connect:127.0.0.1:" + p(plain) + ",end|echo: one\necho: two\n|20 12"},
		{Name: "backpressure: 8 MiB to a slow reader", Imports: `import net from 'node:net'`, Body: lines + `
			const socket = net.connect(` + p(slow) + `, '127.0.0.1');
			await new Promise((resolve) => socket.once('connect', resolve));
			const chunk = Buffer.alloc(64 * 1024, 120);
			let refused = 0, drains = 0, callbacks = 0;
			socket.on('drain', () => drains++);
			for (let i = 0; i < 128; i++) {
				if (!socket.write(chunk, () => callbacks++)) {
					refused++;
					await new Promise((resolve) => socket.once('drain', resolve));
				}
			}
			socket.end();
			const text = await lines(socket);
			return new Response([text, socket.bytesWritten, refused > 0, drains === refused, callbacks].join(' '))`,
			Want: "8388608 8388608 true true 128"},
		{Name: "a refused connection", Imports: `import net from 'node:net'`, Body: `
			const err = await new Promise((resolve) => net.createConnection({ port: ` + p(refused) + `, host: '127.0.0.1' }).on('error', resolve));
			return new Response([err.message, err.code, err.errno, err.syscall, err.address, err.port].join(' '))`,
			Want: "connect ECONNREFUSED 127.0.0.1:" + p(refused) + " ECONNREFUSED -111 connect 127.0.0.1 " + p(refused)},
		{Name: "an unknown host", Imports: `import net from 'node:net'`, Body: `
			const err = await new Promise((resolve) => net.connect(80, 'nowhere.invalid').on('error', resolve));
			return new Response([err.code, err.syscall, err.hostname].join(' '))`,
			Want: "ENOTFOUND getaddrinfo nowhere.invalid"},
		{Name: "tls with a CA", Imports: `import tls from 'node:tls'`, Body: lines + `
			const socket = tls.connect({ host: '127.0.0.1', port: ` + p(secure) + `, ca: ` + strconv.Quote(ca) + `, servername: 'example.com', ALPNProtocols: ['x-test'] });
			const secure = new Promise((resolve) => socket.on('secureConnect', () => resolve([socket.authorized, socket.alpnProtocol, socket.encrypted].join(' '))));
			socket.end('hello\n');
			const text = await lines(socket);
			return new Response((await secure) + '|' + text)`,
			Want: "true x-test true|echo: hello"},
		{Name: "tls without the CA", Imports: `import tls from 'node:tls'`, Body: `
			const err = await new Promise((resolve) => tls.connect({ host: '127.0.0.1', port: ` + p(secure) + `, servername: 'example.com' }).on('error', resolve));
			return new Response(err.code)`,
			Want: "DEPTH_ZERO_SELF_SIGNED_CERT"}, // Go's test certificate signs itself
		{Name: "tls, rejectUnauthorized false", Imports: `import tls from 'node:tls'`, Body: lines + `
			const socket = tls.connect({ host: '127.0.0.1', port: ` + p(secure) + `, rejectUnauthorized: false }, () => socket.end('x\n'));
			const text = await lines(socket);
			return new Response(socket.authorized + ' ' + socket.authorizationError + '|' + text)`,
			Want: "false DEPTH_ZERO_SELF_SIGNED_CERT|echo: x"},
		{Name: "upgrade an open socket", Imports: `import net from 'node:net'; import tls from 'node:tls'`, Body: lines + `
			const plain = net.connect(` + p(starttls) + `, '127.0.0.1');
			plain.write(Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]));
			const answer = await new Promise((resolve) => plain.once('data', (d) => resolve(d.toString())));
			const socket = tls.connect({ socket: plain, ca: ` + strconv.Quote(ca) + `, servername: 'example.com' });
			await new Promise((resolve, reject) => { socket.on('secureConnect', resolve); socket.on('error', reject); });
			socket.end('upgraded\n');
			return new Response(answer + '|' + await lines(socket))`,
			Want: "S|echo: upgraded"},
		{Name: "dns.lookup", Imports: `import dns from 'node:dns'`, Body: `
			const { address, family } = await dns.promises.lookup('127.0.0.1');
			const viaCallback = await new Promise((resolve) => dns.lookup('localhost', { family: 4 }, (err, a, f) => resolve(err ? err.code : a + '/' + f)));
			return new Response(address + '/' + family + ' ' + viaCallback)`,
			Want: "127.0.0.1/4 127.0.0.1/4"},
		{Name: "isIP", Imports: `import { isIP, isIPv6 } from 'node:net'`, Body: `
			return new Response([isIP('10.0.0.1'), isIP('::1'), isIP('host'), isIPv6('::ffff:1.2.3.4')].join(' '))`,
			Want: "4 6 0 true"},
		{Name: "cloudflare:sockets", Imports: `import { connect } from 'cloudflare:sockets'`, Body: `
			const socket = connect({ hostname: '127.0.0.1', port: ` + p(plain) + ` });
			const info = await socket.opened;
			const writer = socket.writable.getWriter();
			await writer.write(new TextEncoder().encode('web\n'));
			await writer.write(new TextEncoder().encode('bye\n'));
			let text = '';
			for await (const chunk of socket.readable) text += new TextDecoder().decode(chunk);
			await socket.closed;
			return new Response(info.remoteAddress + '|' + text)`,
			Want: "127.0.0.1:" + p(plain) + "|echo: web"},
		{Name: "cloudflare:sockets over TLS", Imports: `import { connect } from 'cloudflare:sockets'`, Body: `
			const socket = connect('127.0.0.1:` + p(secure) + `', { secureTransport: 'on' });
			const err = await socket.opened.then(() => 'opened', (e) => e.code);
			return new Response(err)`,
			Want: "DEPTH_ZERO_SELF_SIGNED_CERT"},
		{Name: "no servers", Imports: `import net from 'node:net'`, Body: `
			try { net.createServer(); } catch (e) { return new Response(e.message) }`,
			Want: "net.createServer is not available in jsroutes: the route handlers are the server"},
	})
}
