package encoding_test

import (
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// TextEncoder, TextDecoder, atob and btoa as route code meets them.
func TestEncodingInRoutes(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "UTF-8 round trip", Body: `const b = new TextEncoder().encode('héllo €'); return new Response(b.length + ' ' + new TextDecoder().decode(b))`, Want: "10 héllo €"},
		{Name: "fatal", Body: `try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); return new Response('decoded') } catch (e) { return new Response(e.name) }`, Want: "TypeError"},
		{Name: "windows-1252", Body: `return new Response(new TextDecoder('latin1').decode(new Uint8Array([0x80, 0xe9])))`, Want: "€é"},
		// WPT's textdecoder-streaming: a surrogate pair split between chunks.
		{Name: "UTF-16 streaming across a surrogate pair", Body: `
			const d = new TextDecoder('utf-16le'); let out = '';
			for (const b of [0x3d, 0xd8, 0x00, 0xde, 0x41, 0x00]) out += d.decode(new Uint8Array([b]), { stream: true });
			return new Response(out + d.decode())`, Want: "😀A"},
		{Name: "one U+FFFD per maximal subpart", Body: `return new Response(JSON.stringify(new TextDecoder().decode(new Uint8Array([0xe2, 0x82, 0x41, 0xc0, 0x80]))))`, Want: "\"\uFFFDA\uFFFD\uFFFD\""},
		{Name: "atob/btoa", Body: `return new Response(btoa('hi!') + ' ' + atob(' aGk h ') )`, Want: "aGkh hi!"},
	})
}
