package node_test

import (
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// The node: built-ins as route code imports them.
func TestNodeBuiltins(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "Buffer", Body: `return new Response(Buffer.from('hi').toString('base64') + ' ' + Buffer.from('aGk=', 'base64').toString())`, Want: "aGk= hi"},
		{Name: "node:path", Imports: `import path from 'node:path'`, Body: `return new Response(path.join('/a', '../b', 'c.txt') + ' ' + path.extname('x.tar.gz'))`, Want: "/b/c.txt .gz"},
		{Name: "node:crypto", Imports: `import { createHash } from 'node:crypto'`, Body: `return new Response(createHash('sha256').update('abc').digest('hex'))`, Want: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{Name: "node:util", Imports: `import { format } from 'node:util'`, Body: `return new Response(format('%s=%d', 'n', 42))`, Want: "n=42"},
		{Name: "node:events", Imports: `import { EventEmitter } from 'node:events'`, Body: `
			const e = new EventEmitter(); let n = 0; e.on('x', (v) => { n += v }); e.emit('x', 2); e.emit('x', 3);
			return new Response(String(n))`, Want: "5"},
	})
}
