package jsrt_test

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/jsroutes/jsroutes/jsrt"
)

// Heavy crypto (PBKDF2 and scrypt key derivation, RSA key generation) runs
// off the worker's loop, as in Node's thread pool: on a one-worker app, a
// fast route answers while it runs.
func TestHeavyCryptoDoesNotBlockTheWorker(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"app/fast/route.ts": `export const GET = () => new Response('fast')`,
		"app/pbkdf2/route.ts": `export async function GET() {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('pw'), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-512', salt: new Uint8Array(16), iterations: 2_000_000 }, key, 256)
  return new Response(String(bits.byteLength))
}`,
		"app/scrypt/route.ts": `import { scrypt } from 'node:crypto'
export async function GET() {
  const key = await new Promise<Buffer>((resolve, reject) => scrypt('pw', 'salt', 32, { N: 2 ** 17 }, (err, k) => (err ? reject(err) : resolve(k))))
  return new Response(String(key.length))
}`,
		"app/rsa/route.ts": `export async function GET() {
  const pair = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['sign', 'verify']) as CryptoKeyPair
  return new Response(String(pair.privateKey.algorithm.modulusLength))
}`,
	}
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a := serveApp(t, dir, jsrt.Options{Workers: 1})
	for _, tt := range []struct{ path, want string }{{"/pbkdf2", "32"}, {"/scrypt", "32"}, {"/rsa", "4096"}} {
		t.Run(tt.path, func(t *testing.T) {
			a.t = t
			var heavyDone atomic.Bool
			done := make(chan result)
			go func() {
				res := a.get(tt.path)
				heavyDone.Store(true)
				done <- res
			}()
			// The heavy request is on the worker (or queued for it) now or soon;
			// each fast request must be answered while it still runs.
			fastWhileHeavy := 0
			for !heavyDone.Load() {
				if res := a.get("/fast"); res.Body != "fast" {
					t.Fatalf("fast route: %d %q", res.Status, res.Body)
				}
				if !heavyDone.Load() {
					fastWhileHeavy++
				}
			}
			if res := <-done; res.Status != 200 || res.Body != tt.want {
				t.Fatalf("GET %s: %d %q, want %q", tt.path, res.Status, res.Body, tt.want)
			}
			if fastWhileHeavy < 3 {
				t.Errorf("only %d fast requests were answered while %s ran; it blocks the worker", fastWhileHeavy, tt.path)
			}
		})
	}
}
