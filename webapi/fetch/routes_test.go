package fetch_test

import (
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// Headers, Request, Response, bodies, FormData and Blob as route code
// meets them (fetch itself, with an upstream, is tested in jsrt).
func TestBodiesInRoutes(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "Headers", Body: `const h = new Headers([['B', '1'], ['a', '2'], ['set-cookie', 'x'], ['Set-Cookie', 'y'], ['a', '3']]); return new Response([...h].map(([k, v]) => k + '=' + v).join('; '))`, Want: "a=2, 3; b=1; set-cookie=x; set-cookie=y"},
		{Name: "Request body", Body: `const r = new Request('http://x.test/', { method: 'POST', body: JSON.stringify({ a: [1] }) }); return new Response(JSON.stringify(await r.json()) + ' ' + r.bodyUsed)`, Want: `{"a":[1]} true`},
		{Name: "Response.json", Body: `const r = Response.json({ ok: true }, { status: 202 }); return new Response(r.status + ' ' + r.headers.get('content-type'))`, Want: "202 application/json"},
		{Name: "FormData through a body", Body: `const f = new FormData(); f.append('a', '1'); f.append('f', new Blob(['xyz']), 'f.txt'); const back = await new Response(f).formData(); return new Response(back.get('a') + ' ' + back.get('f').name + ' ' + await back.get('f').text())`, Want: "1 f.txt xyz"},
		{Name: "Blob slice", Body: `return new Response(await new Blob(['hello', ' ', 'world']).slice(3, 8).text())`, Want: "lo wo"},
		{Name: "a used body", Body: `const r = new Response('x'); await r.text(); try { await r.text(); return new Response('read twice') } catch (e) { return new Response(e.name) }`, Want: "TypeError"},
		// From WPT (make wpt): fetch/api/headers, fetch/api/response, FileAPI.
		{Name: "Headers(null) throws; a Headers with its own iterator is read through it", Body: `
			const out = [];
			try { new Headers(null); out.push('built') } catch (e) { out.push(e.name) }
			const h = new Headers({ a: '1' }); h[Symbol.iterator] = function* () { yield ['b', '2'] };
			out.push([...new Headers(h).keys()].join());
			return new Response(out.join(' '))`, Want: "TypeError b"},
		{Name: "a body read without a stream: its stream is locked and read", Body: `
			const r = new Response('x'); await r.blob();
			try { r.body.getReader(); return new Response('got a reader') } catch (e) { return new Response(e.name + ' ' + r.body.locked) }`, Want: "TypeError true"},
		{Name: "formData() rejects with the stream's error, whatever the type", Body: `
			const r = new Response(new ReadableStream({ start(c) { c.error(new Error('start error')) } }));
			try { await r.formData(); return new Response('parsed') } catch (e) { return new Response(e.message) }`, Want: "start error"},
		{Name: "a form body keeps its leading U+FEFF", Body: `
			const f = await new Response('\ufeffa=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }).formData();
			return new Response(JSON.stringify([...f.keys()]))`, Want: "[\"\uFEFFa\"]"},
		{Name: "a File's options must be a dictionary", Body: `
			try { new File(['x'], 'f', 123); return new Response('built') } catch (e) { return new Response(e.name) }`, Want: "TypeError"},
		{Name: "Blob.text() replaces each malformed subpart", Body: `return new Response(String((await new Blob([new Uint8Array([0xc0, 0x80])]).text()).length))`, Want: "2"},
		{Name: "WebIDL iterators", Body: `
			const iterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
			const h = new Headers({ b: '2', a: '1' });
			const it = h.keys();
			const f = new FormData(); f.append('x', '1');
			return new Response([Object.prototype.toString.call(it), Object.getPrototypeOf(Object.getPrototypeOf(it)) === iterProto,
				[...it].join(), [...h].join(';'), Object.prototype.toString.call(new URLSearchParams('a=1').entries()), [...f.values()].join(),
				typeof it[Symbol.iterator]].join(' | '))`,
			Want: "[object Headers Iterator] | true | a,b | a,1;b,2 | [object URLSearchParams Iterator] | 1 | function"},
		{Name: "fetch of data: URLs", Body: `
			const a = await fetch('data:,Hello%2C%20World!');
			const b = await fetch('data:Text/HTML;charset=utf-8;base64,PGI+aGk8L2I+');
			const out = [a.status, a.headers.get('content-type'), await a.text(), b.headers.get('content-type'), await b.text()];
			try { await fetch('data:text/plain;base64,%%%') } catch (e) { out.push(e.message) }
			return new Response(out.join(' | '))`, Want: "200 | text/plain;charset=US-ASCII | Hello, World! | text/html;charset=utf-8 | <b>hi</b> | fetch failed"},
		{Name: "object URLs", Body: `
			const { resolveObjectURL } = await import('node:buffer');
			const url = URL.createObjectURL(new Blob(['abc'], { type: 'text/plain' }));
			const r = await fetch(url);
			const out = [url.startsWith('blob:nodedata:'), r.headers.get('content-type'), r.headers.get('content-length'), await r.text(), await resolveObjectURL(url).text()];
			URL.revokeObjectURL(url);
			try { await fetch(url) } catch (e) { out.push(e.message) }
			try { URL.createObjectURL('x') } catch (e) { out.push(e.name) }
			return new Response(out.join(' | '))`, Want: "true | text/plain | 3 | abc | abc | fetch failed | TypeError"},
		{Name: "V8's JSON.parse messages", Body: `
			const msgs = [];
			try { JSON.parse('not json') } catch (e) { msgs.push(e.name + ': ' + e.message) }
			try { await new Request('http://x.test/', { method: 'POST', body: '{"a":1,}' }).json() } catch (e) { msgs.push(e.name + ': ' + e.message) }
			try { await new Response('').json() } catch (e) { msgs.push(e.message) }
			return new Response(msgs.join(' | '))`,
			Want: "SyntaxError: Unexpected token 'o', \"not json\" is not valid JSON | SyntaxError: Expected double-quoted property name in JSON at position 7 | Unexpected end of JSON input"},
	})
}
