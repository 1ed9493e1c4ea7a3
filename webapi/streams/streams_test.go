package streams_test

import (
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// The streams' JS half as route code meets it.
func TestStreams(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "gzip round trip", Body: `
			const packed = new Blob(['hello '.repeat(1000)]).stream().pipeThrough(new CompressionStream('gzip'));
			const text = await new Response(packed.pipeThrough(new DecompressionStream('gzip'))).text();
			return new Response(String(text.length) + ' ' + text.slice(0, 5));`, Want: "6000 hello"},
		{Name: "transform", Body: `
			const upper = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()) } });
			const w = upper.writable.getWriter(); w.write('a'); w.write('b'); w.close();
			let out = ''; for await (const s of upper.readable) out += s;
			return new Response(out);`, Want: "AB"},
		{Name: "a truncated gzip is a TypeError", Body: `
			const bytes = new Uint8Array(await new Response(new Blob(['x'.repeat(100)]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
			try { await new Response(new Blob([bytes.slice(0, 10)]).stream().pipeThrough(new DecompressionStream('gzip'))).text(); return new Response('no error') }
			catch (e) { return new Response(e.name) }`, Want: "TypeError"},
	})
}
