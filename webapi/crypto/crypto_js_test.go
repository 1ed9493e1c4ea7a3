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
