// node:dns: lookup (what net.connect and drivers use) and the resolve*
// queries, on Go's resolver (webapi/socket), callback and promise forms.
import { host } from '../host.js';
import { nodeError } from './net.js';

function lookupArgs(options, callback) {
  if (typeof options === 'function') return [{}, options];
  if (typeof options === 'number') return [{ family: options }, callback];
  return [options ?? {}, callback];
}

function family(f) {
  if (f === 'IPv4') return 4;
  if (f === 'IPv6') return 6;
  return Number(f) || 0;
}

export function lookup(hostname, options, callback) {
  [options, callback] = lookupArgs(options, callback);
  if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
  const fam = family(options.family);
  const ip = host.netIsIP(String(hostname ?? ''));
  if (ip !== 0) {
    const entry = { address: hostname, family: ip };
    queueMicrotask(() => (options.all ? callback(null, [entry]) : callback(null, hostname, ip)));
    return {};
  }
  host.dnsLookup(String(hostname), fam, (err, list) => {
    if (err) return callback(nodeError(err));
    if (options.all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
  return {};
}

function query(rrtype) {
  return (hostname, callback) => {
    host.dnsResolve(String(hostname), rrtype, (err, records) => (err ? callback(nodeError(err)) : callback(null, records)));
  };
}

export const resolve4 = query('A');
export const resolve6 = query('AAAA');
export const resolveCname = query('CNAME');
export const resolveMx = query('MX');
export const resolveTxt = query('TXT');
export const resolveSrv = query('SRV');
export const resolveNs = query('NS');
export function resolve(hostname, rrtype, callback) {
  if (typeof rrtype === 'function') [rrtype, callback] = ['A', rrtype];
  query(rrtype ?? 'A')(hostname, callback);
}

const promisify = (fn) => (...args) => new Promise((ok, fail) => fn(...args, (err, ...values) => (err ? fail(err) : ok(values.length > 1 ? { address: values[0], family: values[1] } : values[0]))));

export const promises = {
  lookup: promisify(lookup),
  resolve: promisify(resolve),
  resolve4: promisify(resolve4),
  resolve6: promisify(resolve6),
  resolveCname: promisify(resolveCname),
  resolveMx: promisify(resolveMx),
  resolveTxt: promisify(resolveTxt),
  resolveSrv: promisify(resolveSrv),
  resolveNs: promisify(resolveNs),
};

// Node's error codes, as the module exports them.
export const NOTFOUND = 'ENOTFOUND';
export const ADDRCONFIG = 1024;
export const V4MAPPED = 2048;
export const ALL = 256;

export function setDefaultResultOrder() {}
export function getDefaultResultOrder() { return 'verbatim'; }
export function setServers() {}
export function getServers() { return []; }

export default { lookup, resolve, resolve4, resolve6, resolveCname, resolveMx, resolveTxt, resolveSrv, resolveNs, promises, NOTFOUND, ADDRCONFIG, V4MAPPED, ALL, setDefaultResultOrder, getDefaultResultOrder, setServers, getServers };
