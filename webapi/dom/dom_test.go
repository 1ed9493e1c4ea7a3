// Package dom_test tests the JS half of webapi/dom (EventTarget,
// AbortController, DOMException, structuredClone), which has no Go half.
package dom_test

import (
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

func TestDOM(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "structuredClone", Body: `
			const v = structuredClone({ m: new Map([[1, new Date(0)]]), s: new Set(['a']) });
			return new Response(v.m.get(1).toISOString() + ' ' + v.s.has('a'));`, Want: "1970-01-01T00:00:00.000Z true"},
		{Name: "structuredClone refuses functions", Body: `
			try { structuredClone(() => 1); return new Response('cloned') } catch (e) { return new Response(e.name) }`, Want: "DataCloneError"},
		{Name: "AbortController", Body: `
			const c = new AbortController(); let seen = '';
			c.signal.addEventListener('abort', () => { seen = c.signal.reason.name });
			c.abort();
			return new Response(seen + ' ' + c.signal.aborted);`, Want: "AbortError true"},
		{Name: "EventTarget", Body: `
			const t = new EventTarget(); const got = [];
			t.addEventListener('x', (e) => got.push(e.type), { once: true });
			t.dispatchEvent(new Event('x')); t.dispatchEvent(new Event('x'));
			return new Response(got.join(','));`, Want: "x"},
		{Name: "DOMException", Body: `
			const e = new DOMException('m', 'NotFoundError');
			return new Response(e.name + ' ' + e.code + ' ' + (e instanceof Error));`, Want: "NotFoundError 8 true"},
		// From WPT (make wpt): dom/abort/event.any.js, url/urlsearchparams-constructor,
		// html/webappapis/structured-clone.
		{Name: "the abort event's target, through onabort and listeners in order", Body: `
			const c = new AbortController(); const got = [];
			c.signal.addEventListener('abort', (e) => got.push('first', e.target === c.signal, e.currentTarget === c.signal));
			c.signal.onabort = (e) => got.push('onabort', e.target === c.signal);
			c.abort();
			return new Response(got.join(',') + ' ' + (c.signal.onabort !== null));`, Want: "first,true,true,onabort,true true"},
		{Name: "isTrusted: the abort event, not one code makes", Body: `
			const c = new AbortController(); let seen;
			c.signal.onabort = (e) => { seen = e.isTrusted };
			c.abort();
			return new Response(seen + ' ' + new Event('x').isTrusted);`, Want: "true false"},
		{Name: "Event's target is read-only", Body: `
			const e = new Event('x'); e.target = 5;
			return new Response(String(e.target));`, Want: "null"},
		{Name: "DOMException's legacy constants", Body: `
			return new Response([DOMException.DOMSTRING_SIZE_ERR, DOMException.VALIDATION_ERR, Object.keys(DOMException).length].join());`, Want: "2,16,25"},
		{Name: "DOMException's attributes check their receiver", Body: `
			try { DOMException.prototype.name; return new Response('read') } catch (e) { return new Response(e.name) }`, Want: "TypeError"},
		{Name: "structuredClone of BigInt objects and Files", Body: `
			const [b, f] = structuredClone([Object(5n), new File(['x'], 'a.txt', { type: 'text/plain' })]);
			return new Response([typeof b, b.valueOf(), f instanceof File, f.name, f.type].join());`, Want: "object,5,true,a.txt,text/plain"},
	})
}
