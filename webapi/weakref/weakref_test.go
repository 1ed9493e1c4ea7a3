package weakref_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// A WeakRef gives its target while something holds it (and always within
// the job that made it), and nothing once it is collected; a registry's
// callback then runs with the held value, unless it was unregistered.
func TestWeakRefs(t *testing.T) {
	app := jstest.Serve(t, map[string]string{
		"app/make/route.ts": `export function GET() {
  const g = globalThis as any;
  g.kept = { name: 'kept' };
  g.refs = { gone: new WeakRef({ name: 'gone' }), kept: new WeakRef(g.kept) };
  g.held = [];
  const reg = (g.reg = new FinalizationRegistry((h: string) => g.held.push(h)));
  reg.register({}, 'collected');
  const token = {};
  reg.register({}, 'unregistered', token);
  const unregistered = reg.unregister(token);
  return new Response([g.refs.gone.deref()?.name, g.refs.kept.deref()?.name, unregistered, String(new WeakRef({})), typeof WeakRef].join(' '));
}
`,
		"app/check/route.ts": `export function GET() {
  const g = globalThis as any;
  return new Response([g.refs.gone.deref()?.name ?? 'undefined', g.refs.kept.deref()?.name, g.held.join(',')].join(' '));
}
`,
	}, nil)
	if _, body := app.Get("/make"); body != "gone kept true [object WeakRef] function" {
		t.Fatalf("make: %q", body)
	}
	want := "undefined kept collected"
	var body string
	for range 150 {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
		if _, body = app.Get("/check"); body == want {
			return
		}
	}
	t.Errorf("after collections: %q, want %q", body, want)
}
