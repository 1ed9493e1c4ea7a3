package node_test

import (
	"os"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// The node: built-ins as route code imports them.
func TestNodeBuiltins(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "Buffer", Body: `return new Response(Buffer.from('hi').toString('base64') + ' ' + Buffer.from('aGk=', 'base64').toString())`, Want: "aGk= hi"},
		// createRequire, as ES module packages use it (fflate's optional
		// worker_threads): Node's built-ins, and a clear MODULE_NOT_FOUND.
		{Name: "node:module createRequire", Imports: `import { createRequire, isBuiltin } from 'module'`, Body: `
			const require = createRequire(import.meta.url ?? '/');
			const { join } = require('node:path');
			const { Worker } = require('worker_threads');
			let missing, unavailable;
			try { require('./data.json') } catch (e) { missing = e.code }
			try { require('child_process') } catch (e) { unavailable = e.message.split(': ')[1] }
			const posix = require('path/posix'), strict = require('node:assert/strict');
			return new Response([join('/a', 'b'), typeof Worker, require('fs').existsSync === require('node:fs').existsSync, missing, unavailable, isBuiltin('node:fs'), isBuiltin('left-pad'), posix.join('x', 'y'), typeof strict.equal].join('|'))`,
			Want: "/a/b|function|true|MODULE_NOT_FOUND|this Node.js built-in module is not available in jsroutes|true|false|x/y|function"},
		{Name: "node:path", Imports: `import path from 'node:path'`, Body: `return new Response(path.join('/a', '../b', 'c.txt') + ' ' + path.extname('x.tar.gz'))`, Want: "/b/c.txt .gz"},
		{Name: "node:crypto", Imports: `import { createHash } from 'node:crypto'`, Body: `return new Response(createHash('sha256').update('abc').digest('hex'))`, Want: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{Name: "Buffer#copy past the end", Body: `const t = Buffer.alloc(4); const n = [Buffer.from('abcdef').copy(t, 2), Buffer.from('xy').copy(t, 9), Buffer.from('z').copy(t, 0, 5)]; return new Response(n.join(' ') + ' ' + t.toString('hex'))`, Want: "2 0 0 00006162"},
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

// node:zlib decodes what Node's zlib made (the fixtures below came from
// Node 20: zlib.gzipSync('hello hello hello zlib '.repeat(20)) & co.), and
// its own output round-trips, in the sync, callback, promise and stream
// forms; a decompression past maxOutputLength is Node's RangeError.
func TestZlib(t *testing.T) {
	const fromNode = `const text = 'hello hello hello zlib '.repeat(20);
const node = {
  gzip: 'H4sIAAAAAAAAA8tIzcnJV8hAIqtyMpNQBEaFh4gwAPixqCjMAQAA',
  deflate: 'eJzLSM3JyVfIQCKrcjKTUARGhYeIMAD+h6iF',
  raw: 'y0jNyclXyEAiq3Iyk1AERoWHiDAA',
  br: 'G8sB+AWcY6masyAoDN5f8bBWB5iABk6+PbMC',
};
const b64 = (s) => Buffer.from(s, 'base64');`
	jstest.Run(t, []jstest.Case{
		{Name: "sync, Node's output", Imports: `import zlib from 'node:zlib'`, Body: fromNode + `
			const out = [zlib.gunzipSync(b64(node.gzip)), zlib.inflateSync(b64(node.deflate)), zlib.inflateRawSync(b64(node.raw)), zlib.brotliDecompressSync(b64(node.br)), zlib.unzipSync(b64(node.gzip)), zlib.unzipSync(b64(node.deflate))];
			return new Response(out.map((b) => b.toString() === text).join(' '))`,
			Want: "true true true true true true"},
		{Name: "sync round trips", Imports: `import * as zlib from 'node:zlib'`, Body: fromNode + `
			const pairs = [[zlib.gzipSync, zlib.gunzipSync], [zlib.deflateSync, zlib.inflateSync], [zlib.deflateRawSync, zlib.inflateRawSync], [zlib.brotliCompressSync, zlib.brotliDecompressSync]];
			const best = zlib.gzipSync(text, { level: 9 }).length < zlib.gzipSync(text, { level: 0 }).length;
			return new Response(pairs.map(([c, d]) => d(c(text)).toString() === text).join(' ') + ' ' + best + ' ' + zlib.gzipSync(text)[0].toString(16))`,
			Want: "true true true true true 1f"},
		{Name: "callback and promise forms", Imports: `import zlib from 'node:zlib'; import { promisify } from 'node:util'`, Body: fromNode + `
			const viaCallback = await new Promise((resolve, reject) => zlib.gzip(text, (err, out) => (err ? reject(err) : zlib.gunzip(out, (e, back) => (e ? reject(e) : resolve(back.toString()))))));
			const br = await promisify(zlib.brotliCompress)(text);
			const back = await promisify(zlib.brotliDecompress)(br);
			return new Response((viaCallback === text) + ' ' + (back.toString() === text))`,
			Want: "true true"},
		{Name: "streams", Imports: `import zlib from 'node:zlib'; import { pipeline } from 'node:stream/promises'; import { Readable, Writable } from 'node:stream'`, Body: fromNode + `
			const chunks = [];
			await pipeline(Readable.from([text.slice(0, 100), text.slice(100)]), zlib.createGzip(), zlib.createGunzip(), new Writable({ write(c, e, cb) { chunks.push(c); cb(); } }));
			const fromNodeStream = [];
			await pipeline(Readable.from([b64(node.br)]), zlib.createBrotliDecompress(), new Writable({ write(c, e, cb) { fromNodeStream.push(c); cb(); } }));
			return new Response((Buffer.concat(chunks).toString() === text) + ' ' + (Buffer.concat(fromNodeStream).toString() === text))`,
			Want: "true true"},
		// flush() hands out what was written so far as a sync flush (ending
		// in 00 00 ff ff), in order with the writes; params() keeps the
		// level the stream has and refuses another.
		{Name: "flush and params", Imports: `import zlib from 'node:zlib'`, Body: `
			const d = zlib.createDeflateRaw({ level: 6 });
			const out = [];
			d.on('data', (c) => out.push(c));
			d.write('hello ');
			await new Promise((resolve) => d.flush(resolve));
			const flushed = Buffer.concat(out);
			const ended = new Promise((resolve) => d.on('end', resolve));
			d.end('world');
			await ended;
			const whole = zlib.inflateRawSync(Buffer.concat(out)).toString();
			const checks = [flushed.length > 0, flushed.subarray(-4).toString('hex'), whole];
			await new Promise((resolve) => d.params(6, zlib.constants.Z_DEFAULT_STRATEGY, resolve));
			const changed = await new Promise((resolve) => zlib.createGzip().params(9, 0, resolve));
			checks.push(changed?.code);
			return new Response(checks.join(' '))`,
			Want: "true 0000ffff hello world ERR_FEATURE_UNAVAILABLE_ON_PLATFORM"},
		{Name: "errors", Imports: `import zlib from 'node:zlib'`, Body: fromNode + `
			const codes = [];
			try { zlib.gunzipSync(Buffer.from('not gzip')) } catch (e) { codes.push(e.code) }
			try { zlib.gunzipSync(b64(node.gzip).subarray(0, 10)) } catch (e) { codes.push(e.code) }
			try { zlib.gunzipSync(b64(node.gzip), { maxOutputLength: 10 }) } catch (e) { codes.push(e.name + ':' + e.code) }
			return new Response(codes.join(' '))`,
			Want: "Z_DATA_ERROR Z_BUF_ERROR RangeError:ERR_BUFFER_TOO_LARGE"},
	})
}

// node:fs reads the project's files, relative to process.cwd() (the
// project root), and nothing outside it; writes are EACCES.
func TestFS(t *testing.T) {
	app := jstest.Serve(t, map[string]string{
		"data/x.json":       `{"a":1}`,
		"data/sub/note.txt": "a note",
		"app/read/route.ts": `import fs from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
export async function GET() {
  const dir = path.join(process.cwd(), 'data');
  const json = JSON.parse(await readFile(path.join(dir, 'x.json'), 'utf8'));
  const sync = fs.readFileSync('data/sub/note.txt', { encoding: 'utf8' });
  const list = (await readdir(dir, { withFileTypes: true })).map((d) => d.name + (d.isDirectory() ? '/' : '')).sort();
  const st = fs.statSync('data/x.json');
  const streamed = await new Promise((resolve, reject) => { let s = ''; fs.createReadStream('data/sub/note.txt', { encoding: 'utf8', highWaterMark: 2 }).on('data', (c) => { s += c; }).on('end', () => resolve(s)).on('error', reject); });
  const errors = [];
  for (const f of [() => fs.readFileSync('/etc/hostname'), () => fs.readFileSync('../outside'), () => fs.readFileSync('data/missing.txt'), () => fs.writeFileSync('data/y.json', '{}')]) {
    try { f(); errors.push('read'); } catch (e) { errors.push(e.code + ' ' + e.syscall); }
  }
  return Response.json({ json, sync, list, size: st.size, file: st.isFile(), exists: [fs.existsSync('data'), fs.existsSync('/etc/passwd')], streamed, errors });
}
`,
	}, nil)
	status, body := app.Get("/read")
	want := `{"json":{"a":1},"sync":"a note","list":["sub/","x.json"],"size":7,"file":true,"exists":[true,false],"streamed":"a note","errors":["EACCES open","EACCES open","ENOENT open","EACCES open"]}`
	if status != 200 || body != want {
		t.Errorf("got %d %s\nwant %s", status, body, want)
	}
}

// node:crypto's keys, signatures, RSA encryption, ciphers and HKDF agree
// with Node's: testdata/crypto-vectors.json holds keys Node 20 made and
// what Node made with them (deterministic outputs compared byte for byte,
// the others verified or decrypted here).
func TestNodeCryptoKeys(t *testing.T) {
	vectors, err := os.ReadFile("testdata/crypto-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	v := `const v = ` + string(vectors) + `;`
	script, err := os.ReadFile("testdata/cipher-streaming.js")
	if err != nil {
		t.Fatal(err)
	}
	streaming, _, _ := strings.Cut(string(script), "\nif (typeof module")
	jstest.Run(t, []jstest.Case{
		{Name: "KeyObject", Imports: `import crypto from 'node:crypto'`, Body: v + `
			const priv = crypto.createPrivateKey(v.rsaPriv);
			const pub = crypto.createPublicKey(v.rsaPriv);
			const fromPkcs1 = crypto.createPrivateKey(v.rsaPriv1);
			const ec = crypto.createPrivateKey(v.ecPriv);
			const jwk = crypto.createPublicKey({ key: JSON.parse(v.rsaJwk), format: 'jwk' });
			return new Response([priv.type, priv.asymmetricKeyType, priv.asymmetricKeyDetails.modulusLength, pub.type, pub.export({ type: 'spki', format: 'pem' }) === v.rsaPub, fromPkcs1.equals(priv), ec.asymmetricKeyDetails.namedCurve, jwk.equals(pub), crypto.createSecretKey(Buffer.from('abc')).symmetricKeySize].join(' '))`,
			Want: "private rsa 1024 public true true prime256v1 true 3"},
		{Name: "signatures", Imports: `import crypto from 'node:crypto'`, Body: v + `
			const rsaSig = crypto.createSign('RSA-SHA256').update('hello').sign(v.rsaPriv, 'base64');
			const edSig = crypto.sign(null, Buffer.from('hello'), v.edPriv).toString('base64');
			const ecOk = crypto.verify('sha256', Buffer.from('hello'), v.ecPub, Buffer.from(v.ecSig, 'base64'));
			const p1363 = crypto.verify('sha256', Buffer.from('hello'), { key: v.ecPub, dsaEncoding: 'ieee-p1363' }, Buffer.from(v.ecSigP1363, 'base64'));
			const mine = crypto.sign('sha256', Buffer.from('x'), v.ecPriv);
			const pss = crypto.sign('sha256', Buffer.from('x'), { key: v.rsaPriv, padding: crypto.constants.RSA_PKCS1_PSS_PADDING });
			return new Response([rsaSig === v.rsaSig, edSig === v.edSig, ecOk, p1363,
				crypto.createVerify('sha256').update('x').verify(v.ecPub, mine),
				crypto.verify('sha256', Buffer.from('x'), { key: v.rsaPub, padding: crypto.constants.RSA_PKCS1_PSS_PADDING }, pss),
				crypto.verify('sha256', Buffer.from('y'), v.ecPub, mine)].join(' '))`,
			Want: "true true true true true true false"},
		{Name: "RSA encryption", Imports: `import crypto from 'node:crypto'`, Body: v + `
			const fromNode = crypto.privateDecrypt(v.rsaPriv, Buffer.from(v.oaep, 'base64')).toString();
			const round = crypto.privateDecrypt(v.rsaPriv, crypto.publicEncrypt(v.rsaPub, Buffer.from('again'))).toString();
			const pkcs1 = crypto.privateDecrypt({ key: v.rsaPriv, padding: 1 }, crypto.publicEncrypt({ key: v.rsaPub, padding: 1 }, Buffer.from('v1.5'))).toString();
			const signed = crypto.publicDecrypt(v.rsaPub, crypto.privateEncrypt(v.rsaPriv, Buffer.from('raw'))).toString();
			return new Response([fromNode, round, pkcs1, signed].join(' '))`,
			Want: "secret again v1.5 raw"},
		{Name: "ciphers and HKDF", Imports: `import crypto from 'node:crypto'`, Body: v + `
			const key = Buffer.alloc(32, 7), iv = Buffer.alloc(12, 9);
			const g = crypto.createCipheriv('aes-256-gcm', key, iv);
			g.setAAD(Buffer.from('aad'));
			const gcm = Buffer.concat([g.update('plain text'), g.final()]).toString('hex');
			const tag = g.getAuthTag().toString('hex');
			const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
			d.setAAD(Buffer.from('aad'));
			d.setAuthTag(Buffer.from(v.gcmTag, 'hex'));
			const back = d.update(v.gcm, 'hex', 'utf8') + d.final('utf8');
			const cb = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16, 1));
			const cbc = cb.update('plain text', 'utf8', 'hex') + cb.final('hex');
			const bad = crypto.createDecipheriv('aes-256-gcm', key, iv);
			bad.setAuthTag(Buffer.alloc(16));
			let failed = '';
			try { bad.update(Buffer.from(v.gcm, 'hex')); bad.final(); } catch (e) { failed = e.message; }
			const hkdf = Buffer.from(crypto.hkdfSync('sha256', 'ikm', 'salt', 'info', 42)).toString('hex');
			return new Response([gcm === v.gcm, tag === v.gcmTag, back, cbc === v.cbc, failed, hkdf === v.hkdf].join('|'))`,
			Want: "true|true|plain text|true|Unsupported state or unable to authenticate data|true"},
		// Encrypted private keys Node 20 wrote (PKCS#8 PBES2, PEM and DER,
		// and the legacy PEM encryption) open with their passphrase, and
		// fail without it as Node's; a key exported with a cipher opens again.
		{Name: "encrypted private keys", Imports: `import crypto from 'node:crypto'`, Body: v + `
			const e = v.encrypted, passphrase = 'top secret';
			const plain = (k) => k.export({ type: 'pkcs8', format: 'pem' });
			const out = [
				plain(crypto.createPrivateKey({ key: e.encRsa, passphrase })) === plain(crypto.createPrivateKey(v.rsaPriv)),
				plain(crypto.createPrivateKey({ key: e.encEd, passphrase: Buffer.from(passphrase) })) === plain(crypto.createPrivateKey(v.edPriv)),
				plain(crypto.createPrivateKey({ key: e.legacyRsa, passphrase })) === plain(crypto.createPrivateKey(v.rsaPriv)),
				plain(crypto.createPrivateKey({ key: Buffer.from(e.encEcDer, 'base64'), format: 'der', type: 'pkcs8', passphrase })) === plain(crypto.createPrivateKey(v.ecPriv)),
			];
			const failures = [];
			for (const key of [e.encRsa, { key: e.encRsa, passphrase: 'wrong' }]) {
				try { crypto.createPrivateKey(key); failures.push('opened') } catch (err) { failures.push(err.message) }
			}
			out.push(failures.join('|') === e.noPass.split('|')[0] + '|' + e.wrongPass || failures.join('|'));
			const mine = crypto.createPrivateKey(v.ecPriv).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'p' });
			out.push(mine.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----'), plain(crypto.createPrivateKey({ key: mine, passphrase: 'p' })) === plain(crypto.createPrivateKey(v.ecPriv)));
			const sig = crypto.sign('sha256', Buffer.from('m'), { key: e.encRsa, passphrase });
			out.push(crypto.verify('sha256', Buffer.from('m'), v.rsaPub, sig));
			return new Response(out.join('|'))`,
			Want: "true|true|true|true|true|true|true|true"},
		// update() lets out what each mode lets out, output encodings
		// through a StringDecoder: the bytes of every step are Node's.
		{Name: "ciphers stream", Imports: `import crypto from 'node:crypto'`, Body: v + streaming + `
			const got = JSON.stringify(streaming(crypto, Buffer));
			return new Response(got === JSON.stringify(v.streaming) ? 'same' : got)`, Want: "same"},
		{Name: "generateKeyPair", Imports: `import crypto from 'node:crypto'; import { promisify } from 'node:util'`, Body: `
			const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' } });
			const sig = crypto.sign('sha256', Buffer.from('m'), privateKey);
			const ed = await promisify(crypto.generateKeyPair)('ed25519');
			return new Response([publicKey.startsWith('-----BEGIN PUBLIC KEY-----'), crypto.verify('sha256', Buffer.from('m'), publicKey, sig), ed.privateKey.asymmetricKeyType].join(' '))`,
			Want: "true true ed25519"},
	})
}
