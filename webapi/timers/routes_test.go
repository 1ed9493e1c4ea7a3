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
		// Timers count from the loop's time (when the running job began, as
		// Node's from uv_now), which can be a little before performance.now()
		// is read in that job (under load, several ms: the route's module
		// loads in its first job): the slack covers that.
		{Name: "performance.now", Body: `const a = performance.now(); await new Promise((r) => setTimeout(r, 20)); return new Response(String(performance.now() - a >= 10))`, Want: "true"},
	})
}
