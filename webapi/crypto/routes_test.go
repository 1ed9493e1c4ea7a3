package crypto_test

import (
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// crypto and crypto.subtle as route code meets them.
func TestCryptoInRoutes(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "randomUUID", Body: `return new Response(String(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID())))`, Want: "true"},
		{Name: "getRandomValues", Body: `const a = crypto.getRandomValues(new Uint8Array(16)); return new Response(a.length + ' ' + a.some((b) => b !== 0))`, Want: "16 true"},
		{Name: "SHA-256", Body: `const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc')); return new Response([...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join(''))`, Want: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{Name: "HMAC sign and verify", Body: `
			const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('k'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
			const sig = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('m'));
			return new Response(String(await crypto.subtle.verify('HMAC', key, sig, new TextEncoder().encode('m'))))`, Want: "true"},
		{Name: "AES-GCM round trip", Body: `
			const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
			const iv = crypto.getRandomValues(new Uint8Array(12));
			const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode('secret'));
			return new Response(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, ct)))`, Want: "secret"},
	})
}

// bcryptjs and bcrypt, as route code imports them, run on Go with
// bcryptjs' output (the hash below is bcryptjs 3.0.3's under Node 20).
func TestBcryptPackages(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "bcryptjs", Imports: `import bcrypt from 'bcryptjs'`, Body: `
			const known = bcrypt.hashSync('pw', '$2a$04$abcdefghijklmnopqrstuu');
			const salt = bcrypt.genSaltSync(4);
			const h = await bcrypt.hash('secret', 4);
			const cb = await new Promise((resolve) => bcrypt.compare('secret', h, (err, ok) => resolve(ok)));
			return new Response([known, /^\$2b\$04\$[./A-Za-z0-9]{22}$/.test(salt), await bcrypt.compare('secret', h), bcrypt.compareSync('wrong', h), cb, bcrypt.getRounds(h), bcrypt.truncates('a'.repeat(73))].join(' '))`,
			Want: "$2a$04$abcdefghijklmnopqrstuuyvPXIbu7xe6/CED2DzX8z6Si09MlzlW true true false true 4 true"},
		{Name: "bcrypt, named imports", Imports: `import { hash, compare } from 'bcrypt'`, Body: `
			const h = await hash('pw', 10);
			return new Response(h.slice(0, 7) + ' ' + (await compare('pw', h)))`,
			Want: "$2b$10$ true"},
	})
}
