// RegExp with what goja's engine lacks: \p{…} and \P{…}, the v flag and
// the d flag (hasIndices). A pattern that uses them is rewritten by Go
// (regexp.go) into one goja runs the same way; the regexp made of it
// answers source, flags and toString() as written, and with the d flag its
// exec() gives indices as V8's does. Every other pattern goes to goja's
// RegExp untouched. goja's intrinsic RegExp stays the prototype's owner,
// so literals, instanceof and subclasses behave as before. (A Proxy over
// it would have been shorter, but goja's instanceof refuses a Proxy.)
import { host } from '../host.js';

const Native = globalThis.RegExp;
const nativeExec = Native.prototype.exec;
const nativeSource = Object.getOwnPropertyDescriptor(Native.prototype, 'source').get;
const nativeFlags = Object.getOwnPropertyDescriptor(Native.prototype, 'flags').get;

// What a rewritten regexp was written as, and how to read its matches.
const written = new WeakMap();

const flagOrder = 'dgimsuvy';
const sortFlags = (flags) => [...flags].sort((a, b) => flagOrder.indexOf(a) - flagOrder.indexOf(b)).join('');

// needsRewrite says whether goja's engine would get the pattern wrong.
const needsRewrite = (source, flags) =>
  flags.includes('d') || flags.includes('v') || (flags.includes('u') && (source.includes('\\p') || source.includes('\\P')));

// A lone surrogate does not survive the trip to Go as text; as an escape
// it means the same in every mode. (A loop: goja's regexps misread
// lookarounds next to surrogates.)
function escapeLone(s) {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    out += s.slice(last, i) + '\\u' + c.toString(16);
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

// escapeSource is a pattern as V8's RegExp.prototype.source gives it: an
// empty one as (?:), a slash outside a class as \/, line terminators as
// escapes. goja writes a slash as \u002f: new RegExp('a/b').source was
// 'a\u002fb', where Node says 'a\/b'.
function escapeSource(source) {
  if (source === '') return '(?:)';
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (c === '/' && !inClass) {
      out += '\\/';
    } else if (lineTerminators[c]) {
      out += lineTerminators[c];
    } else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      out += c;
    }
  }
  return out;
}
const lineTerminators = { '\n': '\\n', '\r': '\\r', '\u2028': '\\u2028', '\u2029': '\\u2029' };

function isNativeRegExp(v) {
  if (v === null || typeof v !== 'object' || v === Native.prototype) return false;
  try {
    nativeSource.call(v);
    return true;
  } catch {
    return false;
  }
}

function isRegExp(v) {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
  const m = v[Symbol.match];
  return m !== undefined ? Boolean(m) : isNativeRegExp(v);
}

function RegExp(pattern, flags) {
  const patternIsRegExp = isRegExp(pattern);
  let newTarget = new.target;
  if (newTarget === undefined) {
    newTarget = RegExp;
    if (patternIsRegExp && flags === undefined && pattern.constructor === RegExp) return pattern;
  }
  let source;
  const known = patternIsRegExp ? written.get(pattern) : undefined;
  if (known) {
    source = known.source;
    flags = flags === undefined ? known.flags : flags;
  } else if (isNativeRegExp(pattern)) {
    source = nativeSource.call(pattern);
    flags = flags === undefined ? nativeFlags.call(pattern) : flags;
  } else if (patternIsRegExp) {
    source = pattern.source;
    flags = flags === undefined ? pattern.flags : flags;
  } else {
    source = pattern === undefined ? '' : `${pattern}`;
  }
  flags = flags === undefined ? '' : `${flags}`;
  if (!needsRewrite(source, flags)) {
    const re = Reflect.construct(Native, [source, flags], newTarget);
    if (source.includes('/')) Object.defineProperty(re, 'source', { value: escapeSource(source), configurable: true });
    return re;
  }
  if (/[^dgimsuvy]/.test(flags) || new Set(flags).size !== flags.length || (flags.includes('u') && flags.includes('v'))) {
    throw new SyntaxError(`Invalid flags supplied to RegExp constructor '${flags}'`);
  }
  const t = host.regexpTranslate(escapeLone(source), flags);
  if (typeof t === 'string') throw new SyntaxError(`Invalid regular expression: /${source}/${flags}: ${t}`);
  const re = Reflect.construct(Native, [t[0], t[1]], newTarget);
  const info = { source, flags: sortFlags(flags), groups: t[2], ends: t[3], names: t[4] };
  written.set(re, info);
  const own = (value) => ({ value, configurable: true });
  Object.defineProperties(re, {
    source: own(escapeSource(source)),
    flags: own(info.flags),
    hasIndices: own(flags.includes('d')),
    unicodeSets: own(flags.includes('v')),
    unicode: own(flags.includes('u')),
  });
  if (info.groups) Object.defineProperty(re, 'exec', { value: execWithIndices, writable: true, configurable: true });
  return re;
}

// execWithIndices is exec() of a d-flag regexp: the rewritten pattern
// captures, after each group, the input that follows it (see translate in
// regexp.go), from which each group's start and end are read.
function execWithIndices(string) {
  const info = written.get(this);
  const m = nativeExec.call(this, string);
  if (m === null || !info) return m;
  const input = m.input;
  const out = [m[0]];
  const indices = [[m.index, m.index + m[0].length]];
  for (let k = 0; k < info.groups.length; k++) {
    const g = m[info.groups[k]];
    out.push(g);
    if (g === undefined) {
      indices.push(undefined);
      continue;
    }
    const end = input.length - m[info.ends[k]].length;
    indices.push([end - g.length, end]);
  }
  // As the spec makes them: data properties defined, not set (a setter on
  // Array.prototype must not see them), groups objects without prototype.
  let groups;
  let groupIndices;
  if (info.names.some((name) => name)) {
    groups = Object.create(null);
    groupIndices = Object.create(null);
    info.names.forEach((name, k) => {
      if (!name) return;
      // A name may be used by two alternatives: the one that matched wins.
      if (out[k + 1] !== undefined || !Object.hasOwn(groups, name)) {
        define(groups, name, out[k + 1]);
        define(groupIndices, name, indices[k + 1]);
      }
    });
  }
  define(out, 'index', m.index);
  define(out, 'input', input);
  define(out, 'groups', groups);
  define(indices, 'groups', groupIndices);
  define(out, 'indices', indices);
  return out;
}

const define = (o, key, value) => Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });

for (const key of Reflect.ownKeys(Native)) {
  if (key !== 'prototype' && key !== 'length' && key !== 'name') {
    Object.defineProperty(RegExp, key, Object.getOwnPropertyDescriptor(Native, key));
  }
}
// The flags goja has no getter for: false on its own regexps (the ones
// with these flags are rewritten and answer from their own properties).
const flagGetters = {
  get hasIndices() {
    return nativeFlag(this, 'hasIndices');
  },
  get unicodeSets() {
    return nativeFlag(this, 'unicodeSets');
  },
};
function nativeFlag(re, name) {
  if (re === Native.prototype) return undefined;
  if (!isNativeRegExp(re)) throw new TypeError(`RegExp.prototype.${name} getter called on non-RegExp object`);
  return false;
}
for (const name of ['hasIndices', 'unicodeSets']) {
  if (!Object.getOwnPropertyDescriptor(Native.prototype, name)) {
    Object.defineProperty(Native.prototype, name, { get: Object.getOwnPropertyDescriptor(flagGetters, name).get, configurable: true });
  }
}
Object.defineProperty(RegExp, 'prototype', { value: Native.prototype, writable: false, enumerable: false, configurable: false });
Object.defineProperty(Native.prototype, 'constructor', { value: RegExp, writable: true, enumerable: false, configurable: true });
Object.defineProperty(globalThis, 'RegExp', { value: RegExp, writable: true, enumerable: false, configurable: true });
