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
  nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),
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
