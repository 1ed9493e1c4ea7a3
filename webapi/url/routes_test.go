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
		// Every method, and a URL's bound object, answer as Node.js 20 answers
		// (the expected text is Node's, for the same lines).
		{Name: "URLSearchParams as Node", Body: `
			const out = [];
			const p = new URLSearchParams('?a=1&b=2&a=3&c=%20x+y&=e&f');
			out.push(p.size, p.get('a'), p.getAll('a').join('|'), p.has('a', '3'), p.has('a', '4'), p.get('zz'), p.get(''), p.get('f'));
			p.set('a', 'n'); out.push(p.toString());
			p.set('q', 'z'); out.push(p.toString());
			p.delete('b'); p.delete('q', 'nope'); out.push(p.toString());
			p.append('b', '~!*()\'é'); p.sort(); out.push(p.toString(), p.size);
			out.push([...p.keys()].join(), [...p.values()].join(), JSON.stringify([...p.entries()]));
			const seen = []; p.forEach((v, k, o) => seen.push(k + '=' + v + (o === p))); out.push(seen.join());
			const u = new URL('https://x.test/p?x=1&y=2#h');
			const sp = u.searchParams; sp.append('z', '3'); out.push(u.href, u.searchParams === sp);
			u.search = '?k=v'; out.push(sp.toString(), sp.get('k'), sp.size);
			u.href = 'https://x.test/?m=1'; out.push(sp.get('m'));
			sp.delete('m'); out.push(u.href);
			out.push(new URLSearchParams([['a', 'b'], ['c', 'd']]).toString(), new URLSearchParams({ x: '1', y: 2 }).toString(), new URLSearchParams().size);
			const it = new URLSearchParams('a=1').entries(); out.push(JSON.stringify(it.next()), JSON.stringify(it.next()));
			try { new URLSearchParams([['a']]); } catch (e) { out.push(e.constructor.name); }
			return new Response(out.join(' ; '))`,
			Want: "6 ; 1 ; 1|3 ; true ; false ;  ; e ;  ; a=n&b=2&c=+x+y&=e&f= ; a=n&b=2&c=+x+y&=e&f=&q=z ; a=n&c=+x+y&=e&f=&q=z ; =e&a=n&b=%7E%21*%28%29%27%C3%A9&c=+x+y&f=&q=z ; 6 ; ,a,b,c,f,q ; e,n,~!*()'é, x y,,z ; [[\"\",\"e\"],[\"a\",\"n\"],[\"b\",\"~!*()'é\"],[\"c\",\" x y\"],[\"f\",\"\"],[\"q\",\"z\"]] ; =etrue,a=ntrue,b=~!*()'étrue,c= x ytrue,f=true,q=ztrue ; https://x.test/p?x=1&y=2&z=3#h ; true ; k=v ; v ; 1 ; 1 ; https://x.test/ ; a=b&c=d ; x=1&y=2 ; 0 ; {\"value\":[\"a\",\"1\"],\"done\":false} ; {\"done\":true} ; TypeError"},
		{Name: "URLPattern", Body: `const m = new URLPattern({ pathname: '/blog/:slug' }).exec('https://x.test/blog/hi'); return new Response(m.pathname.groups.slug)`, Want: "hi"},
	})
}
