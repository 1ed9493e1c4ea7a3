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
		{Name: "V8's JSON.parse messages", Body: `
			const msgs = [];
			try { JSON.parse('not json') } catch (e) { msgs.push(e.name + ': ' + e.message) }
			try { await new Request('http://x.test/', { method: 'POST', body: '{"a":1,}' }).json() } catch (e) { msgs.push(e.name + ': ' + e.message) }
			try { await new Response('').json() } catch (e) { msgs.push(e.message) }
			return new Response(msgs.join(' | '))`,
			Want: "SyntaxError: Unexpected token 'o', \"not json\" is not valid JSON | SyntaxError: Expected double-quoted property name in JSON at position 7 | Unexpected end of JSON input"},
	})
}
