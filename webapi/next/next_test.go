// Package next_test tests the JS half of webapi/next (next/server,
// next/headers, next/cache, next/navigation); the server half of the cache
// and cookies is jsrt's and is tested there.
package next_test

import (
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

func TestNextModules(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "NextResponse.json", Imports: `import { NextResponse } from 'next/server'`, Body: `
			const r = NextResponse.json({ a: 1 }, { status: 201 });
			return new Response(r.status + ' ' + r.headers.get('content-type') + ' ' + await r.text())`, Want: `201 application/json {"a":1}`},
		{Name: "NextRequest.nextUrl", Imports: `import { NextRequest } from 'next/server'`, Body: `
			const r = new NextRequest('http://x.test/p?q=1');
			return new Response(r.nextUrl.pathname + ' ' + r.nextUrl.searchParams.get('q'))`, Want: "/p 1"},
		{Name: "headers() in a handler", Imports: `import { headers } from 'next/headers'`, Body: `
			const h = await headers();
			return new Response(String(h.get('user-agent')).startsWith('Go-http-client'))`, Want: "true"},
		{Name: "cacheLife needs Cache Components", Imports: `import { cacheLife } from 'next/cache'`, Body: `
			try { cacheLife('hours'); return new Response('ran') } catch (e) { return new Response(e.message) }`, Want: "`cacheLife()` is only available with the `cacheComponents` config."},
		{Name: "unstable_cacheTag is cacheTag", Imports: `import { unstable_cacheTag } from 'next/cache'`, Body: `
			try { unstable_cacheTag('a'); return new Response('ran') } catch (e) { return new Response(e.message) }`, Want: "`cacheTag()` is only available with the `cacheComponents` config."},
		{Name: "refresh is for Server Actions", Imports: `import { refresh } from 'next/cache'`, Body: `
			try { refresh(); return new Response('refreshed') } catch (e) { return new Response(e.message.split('.')[0]) }`, Want: "refresh can only be called from within a Server Action"},
		{Name: "cookies().set", Imports: `import { cookies } from 'next/headers'`, Body: `
			const c = await cookies(); c.set('a', 'b');
			return new Response(c.get('a')?.value)`, Want: "b"},
	})
}
