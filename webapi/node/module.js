// node:module: createRequire, which ES module packages use to reach
// CommonJS-only things (fflate's optional worker_threads, a built-in by
// name); isBuiltin and builtinModules. A bundle holds the app's files and
// packages, so the require it makes loads Node's built-in modules that
// jsroutes provides; anything else is MODULE_NOT_FOUND, saying so.
import { host } from '../host.js';

// Node's own list (what isBuiltin answers for); jsroutes provides some.
export const builtinModules = [
  'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto',
  'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'events', 'fs', 'fs/promises', 'http', 'http2',
  'https', 'inspector', 'module', 'net', 'os', 'path', 'path/posix', 'path/win32', 'perf_hooks', 'process',
  'punycode', 'querystring', 'readline', 'repl', 'stream', 'stream/promises', 'stream/web', 'string_decoder', 'sys',
  'timers', 'timers/promises', 'tls', 'trace_events', 'tty', 'url', 'util', 'util/types', 'v8', 'vm', 'wasi',
  'worker_threads', 'zlib',
];
const builtins = new Set(builtinModules);

export function isBuiltin(id) {
  return builtins.has(String(id).replace(/^node:/, ''));
}

function notFound(id, why) {
  const err = new Error(`Cannot find module '${id}': ${why}`);
  err.code = 'MODULE_NOT_FOUND';
  return err;
}

export function createRequire(filename) {
  if (typeof filename !== 'string' && !(filename instanceof URL)) {
    const err = new TypeError(`The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${typeof filename}`);
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  function require(id) {
    const name = String(id).replace(/^node:/, '');
    if (name === 'module') return moduleExports;
    if (builtins.has(name)) {
      // The module as the bundle's require hands it over (polyfills.modules
      // names the built-ins jsroutes provides): its default is module.exports.
      const ns = host.nodeBuiltin(name);
      if (ns === undefined) throw notFound(id, 'this Node.js built-in module is not available in jsroutes');
      return ns.default ?? ns;
    }
    throw notFound(id, "a require made with createRequire loads Node's built-in modules only in jsroutes (import the file or package instead, so that the bundle holds it)");
  }
  require.resolve = (id) => {
    if (isBuiltin(id)) return String(id);
    throw notFound(id, 'jsroutes resolves only built-in modules at run time');
  };
  require.cache = Object.create(null);
  require.main = undefined;
  return require;
}

const moduleExports = { createRequire, builtinModules, isBuiltin };
export default moduleExports;
