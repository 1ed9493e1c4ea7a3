// A compact util.inspect/util.format, so console output reads as it does in
// Node: strings bare at top level and quoted inside objects, nested objects
// to depth 2, circular references marked.
export function inspect(value, opts = {}) {
  const depth = opts.depth ?? 2;
  const seen = [];
  return fmt(value, depth, seen, 0);
}

function quote(s) {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function key(k) {
  if (typeof k === 'symbol') return `[${k.toString()}]`;
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}

function wrap(open, items, close, indent) {
  if (items.length === 0) return `${open}${close}`;
  const flat = `${open} ${items.join(', ')} ${close}`;
  if (flat.length <= 72 && !flat.includes('\n')) return flat;
  const pad = '  '.repeat(indent + 1);
  return `${open}\n${items.map((i) => pad + i).join(',\n')}\n${'  '.repeat(indent)}${close}`;
}

function fmt(v, depth, seen, indent) {
  switch (typeof v) {
    case 'string': return quote(v);
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint': return `${v}n`;
    case 'boolean': case 'undefined': return String(v);
    case 'symbol': return v.toString();
    case 'function': {
      const name = v.name ? `: ${v.name}` : ' (anonymous)';
      return /^class\s/.test(Function.prototype.toString.call(v)) ? `[class ${v.name || '(anonymous)'}]` : `[Function${name}]`;
    }
  }
  if (v === null) return 'null';
  if (seen.includes(v)) return '[Circular *1]';
  if (v instanceof Error) {
    // The runtime's own frames (jsroutes:…) say nothing about the app.
    const stack = typeof v.stack === 'string' ? v.stack.split('\n').filter((l) => !l.includes('jsroutes:')).join('\n') : '';
    return stack || `${v.name}: ${v.message}`;
  }
  if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
  if (v instanceof RegExp) return String(v);
  if (v instanceof Promise) return 'Promise { <pending> }';
  if (depth < 0) return Array.isArray(v) ? '[Array]' : '[Object]';
  seen.push(v);
  try {
    const inner = (x) => fmt(x, depth - 1, seen, indent + 1);
    if (Array.isArray(v)) {
      const items = v.slice(0, 100).map(inner);
      if (v.length > 100) items.push(`... ${v.length - 100} more items`);
      return wrap('[', items, ']', indent);
    }
    if (v instanceof Map) {
      return wrap(`Map(${v.size}) {`, [...v].map(([k, x]) => `${inner(k)} => ${inner(x)}`), '}', indent);
    }
    if (v instanceof Set) return wrap(`Set(${v.size}) {`, [...v].map(inner), '}', indent);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const items = Array.from(v.slice(0, 100), String);
      if (v.length > 100) items.push(`... ${v.length - 100} more items`);
      return wrap(`${v.constructor.name}(${v.length}) [`, items, ']', indent);
    }
    if (v instanceof ArrayBuffer) return `ArrayBuffer { byteLength: ${v.byteLength} }`;
    const proto = Object.getPrototypeOf(v);
    const ctor = proto?.constructor?.name;
    const tagName = v[Symbol.toStringTag];
    let prefix = '';
    if (proto === null) prefix = '[Object: null prototype] ';
    else if (ctor && ctor !== 'Object') prefix = `${ctor} `;
    else if (tagName) prefix = `Object [${tagName}] `;
    const keys = [...Object.keys(v), ...Object.getOwnPropertySymbols(v).filter((s) => Object.prototype.propertyIsEnumerable.call(v, s))];
    const items = keys.map((k) => `${key(k)}: ${inner(v[k])}`);
    return wrap(`${prefix}{`, items, '}', indent);
  } finally {
    seen.pop();
  }
}

// format implements printf-like %s %d %i %f %j %o %O %c %% substitution.
export function format(...args) {
  const first = args[0];
  let out = '';
  let i = 1;
  if (typeof first === 'string') {
    out = first.replace(/%[sdifjoOc%]/g, (m) => {
      if (m === '%%') return '%';
      if (i >= args.length) return m;
      const a = args[i++];
      switch (m) {
        case '%s': return typeof a === 'string' ? a : typeof a === 'object' && a !== null ? inspect(a, { depth: 1 }) : String(a);
        case '%d': return typeof a === 'object' ? 'NaN' : String(Number(a));
        case '%i': return String(parseInt(a, 10));
        case '%f': return String(parseFloat(a));
        case '%j': try { return JSON.stringify(a); } catch { return '[Circular]'; }
        case '%o': case '%O': return inspect(a, { depth: 4 });
        case '%c': return '';
      }
      return m;
    });
  } else {
    i = 0;
  }
  for (; i < args.length; i++) {
    const a = args[i];
    out += (out === '' && i === 0 ? '' : ' ') + (typeof a === 'string' ? a : inspect(a));
  }
  return out;
}
