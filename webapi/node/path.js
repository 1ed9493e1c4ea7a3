// node:path, POSIX flavour (the server's paths are POSIX; win32 is not offered).
function normalizeParts(parts, absolute) {
  const out = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(p);
  }
  return out;
}

function check(p, name = 'path') {
  if (typeof p !== 'string') throw new TypeError(`The "${name}" argument must be of type string. Received ${typeof p}`);
}

export const sep = '/';
export const delimiter = ':';

export function normalize(p) {
  check(p);
  if (p === '') return '.';
  const absolute = p.startsWith('/');
  const trailing = p.endsWith('/');
  let out = normalizeParts(p.split('/'), absolute).join('/');
  if (!out && !absolute) out = '.';
  if (out && trailing) out += '/';
  return (absolute ? '/' : '') + out;
}

export function join(...parts) {
  for (const p of parts) check(p);
  const joined = parts.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

export function resolve(...parts) {
  let resolved = '';
  for (let i = parts.length - 1; i >= 0 && !resolved.startsWith('/'); i--) {
    check(parts[i]);
    if (parts[i] !== '') resolved = resolved ? `${parts[i]}/${resolved}` : parts[i];
  }
  if (!resolved.startsWith('/')) resolved = `${process.cwd()}/${resolved}`;
  const out = '/' + normalizeParts(resolved.split('/'), true).join('/');
  return out;
}

export function isAbsolute(p) {
  check(p);
  return p.startsWith('/');
}

export function dirname(p) {
  check(p);
  if (p === '') return '.';
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return trimmed.slice(0, i).replace(/\/+$/, '') || '/';
}

export function basename(p, ext) {
  check(p);
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
  let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (ext !== undefined && base.endsWith(ext) && base !== ext) base = base.slice(0, -ext.length);
  return base;
}

export function extname(p) {
  check(p);
  const base = basename(p);
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i);
}

export function relative(from, to) {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...Array(a.length - i).fill('..'), ...b.slice(i)].join('/');
}

export function parse(p) {
  check(p);
  const root = p.startsWith('/') ? '/' : '';
  const base = basename(p);
  const ext = extname(p);
  let dir = dirname(p);
  if (dir === '.' && !p.includes('/')) dir = '';
  return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
}

export function format(obj) {
  const dir = obj.dir || obj.root || '';
  const base = obj.base || `${obj.name ?? ''}${obj.ext ?? ''}`;
  if (!dir) return base;
  return dir === obj.root ? `${dir}${base}` : `${dir}/${base}`;
}

export const toNamespacedPath = (p) => p;

const path = { sep, delimiter, normalize, join, resolve, isAbsolute, dirname, basename, extname, relative, parse, format, toNamespacedPath };
path.posix = path;
export const posix = path;
export default path;
