package url_test

import (
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// URL, URLSearchParams and URLPattern as route code meets them.
func TestURLInRoutes(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "URL", Body: `const u = new URL('../b?x=1#h', 'https://user@bücher.example:443/a/c'); return new Response(u.href)`, Want: "https://user@xn--bcher-kva.example/b?x=1#h"},
		{Name: "URL.canParse", Body: `return new Response(URL.canParse('nope') + ' ' + URL.canParse('a:b'))`, Want: "false true"},
		{Name: "URLSearchParams", Body: `const p = new URLSearchParams('b=2&a=1&a=3'); p.sort(); p.append('c', 'x y'); return new Response(p.toString())`, Want: "a=1&a=3&b=2&c=x+y"},
		// WPT's urlsearchparams-foreach: iteration sees the list as it is at each step.
		{Name: "URLSearchParams iteration is live", Body: `
			const p = new URLSearchParams('a=0&b=1&c=2'); const seen = [];
			for (const [k] of p) { seen.push(k); p.delete(k) }
			return new Response(seen.join() + ' ' + p)`, Want: "a,c b=1"},
		{Name: "URLPattern", Body: `const m = new URLPattern({ pathname: '/blog/:slug' }).exec('https://x.test/blog/hi'); return new Response(m.pathname.groups.slug)`, Want: "hi"},
	})
}
