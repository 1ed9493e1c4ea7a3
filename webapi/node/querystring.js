// node:querystring (legacy, still imported by packages).
const esc = (s) => encodeURIComponent(s);

export function unescape(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parse(str, sep = '&', eq = '=') {
  const out = Object.create(null);
  if (typeof str !== 'string' || str === '') return out;
  for (const part of str.split(sep)) {
    if (part === '') continue;
    const i = part.indexOf(eq);
    const k = unescape((i < 0 ? part : part.slice(0, i)).replace(/\+/g, ' '));
    const v = i < 0 ? '' : unescape(part.slice(i + eq.length).replace(/\+/g, ' '));
    if (k in out) out[k] = [].concat(out[k], v);
    else out[k] = v;
  }
  return out;
}

export function stringify(obj, sep = '&', eq = '=') {
  if (obj === null || typeof obj !== 'object') return '';
  const value = (v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? esc(String(v)) : '');
  return Object.keys(obj)
    .map((k) => (Array.isArray(obj[k]) ? obj[k].map((v) => `${esc(k)}${eq}${value(v)}`).join(sep) : `${esc(k)}${eq}${value(obj[k])}`))
    .filter(Boolean)
    .join(sep);
}

export const escape = esc;
export const decode = parse;
export const encode = stringify;
export default { parse, stringify, escape, unescape, decode, encode };
