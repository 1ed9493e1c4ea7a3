// console writes to the server's structured log (Go's slog) with the source
// location of the call, so a log line from a route names route.ts:line.
import { defineGlobal, host } from '../host.js';
import { requestStorage } from '../next/request-store.js';

// The formatter (inspect.js) is a lazy module, loaded by the first line
// logged: most start-ups never log.
let inspector = null;
const formatter = () => (inspector ??= host.loadLazy('inspect'));
const format = (...args) => formatter().format(...args);
const inspect = (value, opts) => formatter().inspect(value, opts);

const counts = new Map();
const timers = new Map();
let groupIndent = '';

// Each line names the route whose request is running, if any.
const emit = (level) => (...args) => host.log(level, groupIndent + format(...args), requestStorage.getStore()?.route ?? '');
const debug = emit('debug');
const info = emit('info');
const warn = emit('warn');
const error = emit('error');

export const console = {
  log: info,
  info,
  debug,
  trace: (...args) => host.log('debug', groupIndent + format('Trace:', ...args) + '\n' + new Error().stack.split('\n').slice(2).join('\n'), requestStorage.getStore()?.route ?? ''),
  warn,
  error,
  dir: (obj, opts) => info(inspect(obj, opts)),
  table: (data) => info(inspect(data)),
  assert: (cond, ...args) => { if (!cond) error('Assertion failed' + (args.length ? ': ' + format(...args) : '')); },
  count: (label = 'default') => { const n = (counts.get(label) ?? 0) + 1; counts.set(label, n); info(`${label}: ${n}`); },
  countReset: (label = 'default') => { counts.delete(label); },
  time: (label = 'default') => { timers.set(label, performance.now()); },
  timeLog: (label = 'default', ...args) => { const t = timers.get(label); if (t !== undefined) info(`${label}: ${(performance.now() - t).toFixed(3)}ms`, ...args); },
  timeEnd: (label = 'default') => { const t = timers.get(label); if (t !== undefined) { timers.delete(label); info(`${label}: ${(performance.now() - t).toFixed(3)}ms`); } },
  group: (...args) => { if (args.length) info(...args); groupIndent += '  '; },
  groupCollapsed: (...args) => { if (args.length) info(...args); groupIndent += '  '; },
  groupEnd: () => { groupIndent = groupIndent.slice(2); },
};

defineGlobal('console', console);
