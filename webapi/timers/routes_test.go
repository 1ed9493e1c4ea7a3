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
		// queueMicrotask: in order with the promise reactions around it; a
		// callback that throws is reported (console.error) and the rest run.
		{Name: "queueMicrotask", Body: `
			const out = [], logged = [];
			const error = console.error;
			console.error = (e) => logged.push(e.message);
			try {
				await new Promise((done) => {
					queueMicrotask(() => out.push('a'));
					Promise.resolve().then(() => out.push('b'));
					queueMicrotask(() => { throw new Error('micro failed') });
					queueMicrotask(() => out.push('c'));
					Promise.resolve().then(() => out.push('d')).then(done);
				});
			} finally {
				console.error = error;
			}
			let err;
			try { queueMicrotask(5) } catch (e) { err = e.name }
			return new Response(out.join(',') + ' ' + logged.join() + ' ' + err)`, Want: "a,b,c,d micro failed TypeError"},
		// process.nextTick's queue: in order, ticks queued by ticks in the
		// same drain, arguments passed, each tick in the async context it
		// was queued in, a throw reported while the rest run, and 5,000
		// ticks each queueing the next (the queue compacts as it goes).
		{Name: "process.nextTick", Imports: `import { AsyncLocalStorage } from 'node:async_hooks'`, Body: `
			const out = [];
			const als = new AsyncLocalStorage();
			await new Promise((done) => {
				als.run('a', () => process.nextTick(() => out.push('1' + als.getStore())));
				als.run('b', () => process.nextTick((x, y) => { out.push(x + y + als.getStore()); process.nextTick(() => out.push('3' + als.getStore())) }, '2', '+'));
				process.nextTick(() => { throw new Error('tick failed') });
				process.nextTick(() => out.push('4' + als.getStore()));
				let n = 0;
				const again = () => (++n < 5000 ? process.nextTick(again) : done());
				process.nextTick(again);
			});
			let err;
			try { process.nextTick(5) } catch (e) { err = e.code }
			return new Response(out.join(',') + ' ' + err)`, Want: "1a,2+b,4undefined,3b ERR_INVALID_ARG_TYPE"},
		{Name: "clearInterval", Body: `
			let n = 0;
			await new Promise((done) => { const id = setInterval(() => { if (++n === 3) { clearInterval(id); setTimeout(done, 20) } }, 1) });
			return new Response(String(n))`, Want: "3"},
		// Timers count from the loop's time (when the running job began, as
		// Node's from uv_now), which can be before performance.now() is read
		// in that job: under load by tens of ms in a route's first job, which
		// loads its module (it failed twice so). So the measure starts in a
		// job of its own, a timer's, and allows a little slack.
		{Name: "performance.now", Body: `await new Promise((r) => setTimeout(r, 0)); const a = performance.now(); await new Promise((r) => setTimeout(r, 20)); return new Response(String(performance.now() - a >= 5))`, Want: "true"},
	})
}
