package timers_test

import (
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// setTimeout & co. and performance as route code meets them.
func TestTimersInRoutes(t *testing.T) {
	jstest.Run(t, []jstest.Case{
		{Name: "order", Body: `
			const out = [];
			await new Promise((done) => {
				setTimeout(() => out.push('t10'), 10);
				setTimeout(() => { out.push('t20'); done() }, 20);
				setTimeout(() => out.push('t0'), 0);
				queueMicrotask(() => out.push('micro'));
			});
			return new Response(out.join(','))`, Want: "micro,t0,t10,t20"},
		{Name: "clearInterval", Body: `
			let n = 0;
			await new Promise((done) => { const id = setInterval(() => { if (++n === 3) { clearInterval(id); setTimeout(done, 20) } }, 1) });
			return new Response(String(n))`, Want: "3"},
		{Name: "performance.now", Body: `const a = performance.now(); await new Promise((r) => setTimeout(r, 5)); return new Response(String(performance.now() - a >= 4))`, Want: "true"},
	})
}
