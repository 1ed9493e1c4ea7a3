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

// CommonJS code gets the built-ins as Node hands them over: module.exports
// is the module itself (require('events') is EventEmitter, which classes
// extend; require('stream') the legacy Stream carrying Readable & co.), and
// ESM imports of the same modules see the same objects.
func TestCommonJSShapes(t *testing.T) {
	app := jstest.Serve(t, map[string]string{
		"lib/legacy.cjs": `const EE = require('events');
const stream = require('stream');
const assert = require('assert');
const util = require('util');
class Dispatcher extends EE {}
module.exports = [
  typeof EE, EE.EventEmitter === EE, typeof EE.once, new Dispatcher() instanceof EE,
  stream === stream.Stream, typeof stream.Readable, new stream.Readable() instanceof EE,
  typeof assert, typeof assert.strictEqual, typeof util.inherits, typeof require('util').types.isDate,
].join(' ');
`,
		"app/t/route.ts": `import legacy from '../../lib/legacy.cjs';
import EventEmitter, { once, EventEmitter as Named } from 'node:events';
import stream, { Readable } from 'stream';
export function GET() {
  return new Response(legacy + ' | ' + [EventEmitter === Named, typeof once, stream.Readable === Readable].join(' '));
}
`,
	}, nil)
	status, body := app.Get("/t")
	if want := "function true function true true function true function function function function | true function true"; status != 200 || body != want {
		t.Errorf("got %d %q\nwant %q", status, body, want)
	}
}
