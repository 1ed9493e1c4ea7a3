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
	})
}
