// The `process` global as route code written for Node expects it: env (the
// process environment plus the app's .env files, as Next.js loads them),
// nextTick, and the read-only facts about the platform. exit() is refused:
// a route must not stop the server.
import { defineGlobal, host } from './host.js';

const env = host.env;
const start = host.now();

function hrtime(prev) {
  const ms = host.timeOrigin + host.now();
  let sec = Math.floor(ms / 1000);
  let nsec = Math.round((ms - sec * 1000) * 1e6);
  if (prev) {
    sec -= prev[0];
    nsec -= prev[1];
    if (nsec < 0) { sec--; nsec += 1e9; }
  }
  return [sec, nsec];
}
hrtime.bigint = () => BigInt(Math.round((host.timeOrigin + host.now()) * 1e6));

// nextTick keeps a queue of its own, drained by one microtask, as Node's
// tick queue is: Node's streams (readable-stream) call it several times a
// write or a read, and a microtask each (a Promise and two reactions in
// goja) cost ~10 µs, where a queued call costs well under one. Each tick
// runs in the async context it was queued in (AsyncLocalStorage, the
// request's store), as in Node; one that throws is reported, and the rest
// still run.
const ticks = [];
let draining = false;
const resolved = Promise.resolve();

function drainTicks() {
  const outer = host.ctxGet();
  let ctx = outer;
  try {
    for (let i = 0; i < ticks.length; i += 3) {
      if (i === 3072) {
        ticks.splice(0, i); // ticks that queue ticks: what ran goes, as Node's queue lets it
        i = 0;
      }
      const fn = ticks[i], args = ticks[i + 1], tickCtx = ticks[i + 2];
      if (tickCtx !== ctx) host.ctxSet((ctx = tickCtx));
      try {
        if (args === undefined) fn();
        else fn(...args);
      } catch (err) {
        reportError(err);
      }
    }
  } finally {
    // Also when the worker interrupts a tick (what JS cannot catch): the
    // queue must not stay marked as draining, or no tick would run again.
    ticks.length = 0;
    draining = false;
    if (ctx !== outer) host.ctxSet(outer);
  }
}

function nextTick(fn, ...args) {
  if (typeof fn !== 'function') {
    const err = new TypeError(`The "callback" argument must be of type function. Received ${fn === null ? 'null' : typeof fn}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  ticks.push(fn, args.length ? args : undefined, host.ctxGet());
  if (!draining) {
    draining = true;
    resolved.then(drainTicks); // drainTicks reports what a tick throws
  }
}

export const process = {
  env,
  argv: ['jsroutes'],
  execArgv: [],
  pid: host.pid,
  ppid: 0,
  platform: 'linux',
  arch: 'x64',
  version: 'v20.0.0',
  versions: { node: '20.0.0', jsroutes: host.version },
  release: { name: 'node' },
  title: 'jsroutes',
  browser: false,
  cwd: () => host.cwd,
  uptime: () => (host.now() - start) / 1000,
  hrtime,
  memoryUsage: () => {
    const [rss, heapTotal, heapUsed] = host.memoryUsage();
    return { rss, heapTotal, heapUsed, external: 0, arrayBuffers: 0 };
  },
  nextTick,
  emitWarning: (warning) => console.warn(typeof warning === 'string' ? `Warning: ${warning}` : warning),
  exit: (code) => { throw new Error(`process.exit(${code ?? ''}) is not allowed in a route handler: it would stop the server`); },
  abort: () => { throw new Error('process.abort() is not allowed in a route handler'); },
  on() { return process; },
  once() { return process; },
  off() { return process; },
  addListener() { return process; },
  removeListener() { return process; },
  removeAllListeners() { return process; },
  listeners: () => [],
  emit: () => false,
  stdout: { write: (s) => { console.log(String(s).replace(/\n$/, '')); return true; }, isTTY: false },
  stderr: { write: (s) => { console.error(String(s).replace(/\n$/, '')); return true; }, isTTY: false },
};

defineGlobal('process', process);
