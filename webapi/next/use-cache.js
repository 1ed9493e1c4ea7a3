// 'use cache' functions (Next.js 16 Cache Components). The bundler wraps
// each one in a call of $$cache__ (bundler/usecache.go), which keys the
// call by the function's id, the values it closes over and its arguments,
// and keeps the result in the server's store (memory or Redis) for its
// cacheLife, tagged by cacheTag, as Next.js's cache wrapper and its
// default cache handler do in `next start`:
// - an entry older than its revalidate time is a miss (the default
//   handler drops it), as is one whose tags expired, or whose reading
//   route's path was revalidated after it was made;
// - an entry whose tags went stale (revalidateTag(tag, 'max')) is served
//   once more while one call remakes it in the background;
// - results come back as copies (Date, Map, Set, BigInt and typed arrays
//   revived), and what a cache cannot keep (a Response, a class instance,
//   a function) is an error, as React's serialisation makes it;
// - an error in the function reaches its caller as Next.js's production
//   error with a digest; the error itself goes to the log;
// - cacheLife and the tags of cached functions called inside another
//   flow to the outer one (its explicit cacheLife wins), and from there
//   to the route's cached response.
import { host } from '../host.js';
import { requestStorage, cacheStorage, routePrefix } from './request-store.js';
import { readCache, writeCache, cacheConfig } from './data-cache.js';
import { CACHE_COMPONENTS, realNow } from './prerender.js';

const maxTagLength = 256;
const maxTags = 128;

// INFINITE_CACHE is Next.js's "never" (0xfffffffe seconds).
export const INFINITE_CACHE = 0xfffffffe;

// Below five minutes of expire, a cache is not worth a prerender: the
// route that uses it is dynamic (Next.js's MIN_PRERENDERABLE_EXPIRE).
export const MIN_PRERENDERABLE_EXPIRE = 300;

// The built-in profiles of Next.js 16 (config-shared.js); next.config's
// cacheLife adds to and overrides them (see setProfiles).
const builtinProfiles = {
  default: { stale: 300, revalidate: 900, expire: INFINITE_CACHE },
  seconds: { stale: 30, revalidate: 1, expire: 60 },
  minutes: { stale: 300, revalidate: 60, expire: 3600 },
  hours: { stale: 300, revalidate: 3600, expire: 86400 },
  days: { stale: 300, revalidate: 86400, expire: 604800 },
  weeks: { stale: 300, revalidate: 604800, expire: 2592000 },
  max: { stale: 300, revalidate: 2592000, expire: 31536000 },
};

function normalizeValue(key, value, context) {
  if (value === undefined) return undefined;
  if (value === false) {
    if (key === 'stale') throw new Error('Pass `Infinity` instead of `false` if you want to cache on the client forever without checking with the server.');
    if (key === 'revalidate') throw new Error('Pass `Infinity` instead of `false` if you do not want to revalidate by time.');
    throw new Error('Pass `Infinity` instead of `false` if you want to cache on the server forever without checking with the origin.');
  }
  if (typeof value !== 'number') throw new Error(`The ${key} option must be a number of seconds.`);
  if (value === Infinity) return INFINITE_CACHE;
  if (!Number.isFinite(value)) {
    throw new Error(context.kind === 'config'
      ? `Invalid "cacheLife.${context.profileName}.${key}" provided, expected a finite number of seconds or Infinity, received ${value}`
      : `Invalid \`cacheLife()\` option "${key}" provided, expected a finite number of seconds or Infinity, received ${value}.`);
  }
  return value;
}

// normalizeProfile validates a cacheLife object as Next.js does.
export function normalizeProfile(profile, context) {
  const out = { ...profile };
  for (const key of ['stale', 'revalidate', 'expire']) {
    const v = normalizeValue(key, profile[key], context);
    if (v !== undefined) out[key] = v;
  }
  if (out.revalidate !== undefined && out.expire !== undefined && out.revalidate > out.expire) {
    throw new Error('If providing both the revalidate and expire options, the expire option must be greater than the revalidate option. The expire option indicates how many seconds from the start until it can no longer be used.');
  }
  return out;
}

// setProfiles takes next.config's cacheLife: the built-in profiles
// overridden by the app's, and a partial `default` filled from Next's.
export function setProfiles(userProfiles, expireTime) {
  const profiles = structuredCopy(builtinProfiles);
  for (const [name, p] of Object.entries(userProfiles ?? {})) {
    profiles[name] = normalizeProfile(p, { kind: 'config', profileName: name });
  }
  const d = profiles.default;
  d.revalidate ??= builtinProfiles.default.revalidate;
  d.expire ??= expireTime ?? builtinProfiles.default.expire;
  cacheConfig.profiles = profiles;
}

function structuredCopy(profiles) {
  return Object.fromEntries(Object.entries(profiles).map(([k, v]) => [k, { ...v }]));
}

function profiles() {
  if (!cacheConfig.profiles) setProfiles(cacheConfig.userProfiles, cacheConfig.expireTime);
  return cacheConfig.profiles;
}

// The scope of a cached function's run: its explicit life (cacheLife), the
// life its nested caches bring, and its tags. cacheStorage carries it.
class CacheScope {
  constructor() {
    const d = profiles().default;
    this.revalidate = d.revalidate;
    this.expire = d.expire;
    this.stale = d.stale ?? 300;
    this.explicit = {}; // revalidate, expire, stale from cacheLife()
    this.tags = [];
  }
  // absorb lowers this scope's life to an inner cache's and takes its tags.
  absorb(meta) {
    this.revalidate = Math.min(this.revalidate, meta.r);
    this.expire = Math.min(this.expire, meta.x);
    this.stale = Math.min(this.stale, meta.s);
    for (const t of meta.t) if (!this.tags.includes(t)) this.tags.push(t);
  }
  meta() {
    return {
      r: this.explicit.revalidate ?? this.revalidate,
      x: this.explicit.expire ?? this.expire,
      s: this.explicit.stale ?? this.stale,
      t: this.tags,
    };
  }
}

function checkEnabled(name) {
  if (!cacheConfig.enabled) throw new Error(`\`${name}()\` is only available with the \`cacheComponents\` config.`);
}

// cacheLife(profile | { stale, revalidate, expire }) sets the life of the
// cached function it is called in; the shortest of several calls wins.
export function cacheLife(profile) {
  checkEnabled('cacheLife');
  const scope = cacheStorage.getStore();
  if (!scope) {
    throw new Error(`${routePrefix()}\`cacheLife()\` can only be called inside a \`"use cache"\` or \`"use cache: private"\` function.\nLearn more: https://nextjs.org/docs/messages/cache-life-outside-use-cache`);
  }
  if (typeof profile === 'string') {
    const named = profiles()[profile];
    if (named === undefined) {
      if (profiles()[profile.trim()]) {
        throw new Error(`Unknown \`cacheLife()\` profile "${profile}" is not configured in next.config.js\nDid you mean "${profile.trim()}" without the spaces?`);
      }
      throw new Error(`Unknown \`cacheLife()\` profile "${profile}" is not configured in next.config.js\nmodule.exports = {\n  cacheLife: {\n    "${profile}": ...\n  }\n}`);
    }
    profile = named;
  } else if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) {
    throw new Error('Invalid `cacheLife()` option. Either pass a profile name or object.');
  } else {
    profile = normalizeProfile(profile, { kind: 'inline' });
  }
  for (const key of ['revalidate', 'expire', 'stale']) {
    if (profile[key] !== undefined && !(scope.explicit[key] <= profile[key])) scope.explicit[key] = profile[key];
  }
}

// cacheTag(...tags) tags the cached function's entry (and the entries and
// cached responses that use it) for revalidateTag.
export function cacheTag(...tags) {
  checkEnabled('cacheTag');
  const scope = cacheStorage.getStore();
  if (!scope) {
    throw new Error(`${routePrefix()}\`cacheTag()\` can only be called inside a \`"use cache"\` or \`"use cache: private"\` function.\nLearn more: https://nextjs.org/docs/messages/cache-tag-outside-use-cache`);
  }
  const invalid = [];
  for (const tag of tags) {
    if (typeof tag !== 'string') invalid.push(`tag: "${tag}" invalid type, must be a string`);
    else if (tag.length > maxTagLength) invalid.push(`tag: "${tag}" exceeded max length of ${maxTagLength}`);
    else if (scope.tags.length >= maxTags) {
      console.warn('Warning: exceeded max tag count for `cacheTag()`, dropped tags:', tag);
    } else if (!scope.tags.includes(tag)) scope.tags.push(tag);
  }
  if (invalid.length) console.warn(`Warning: invalid tags passed to \`cacheTag()\`: \n${invalid.join('\n')}`);
}

// --- keys and values -------------------------------------------------------

// encodeKey writes the parts of a cache key as one string: equal values
// give equal strings, and what cannot be serialised (a function, a class
// instance) is an opaque placeholder, as React's temporary references are
// in Next.js's keys.
function encodeKey(value) {
  return JSON.stringify(keyValue(value, new Set()));
}

function keyValue(v, seen) {
  switch (typeof v) {
    case 'undefined': return '$undefined';
    case 'string': return v.startsWith('$') ? `$${v}` : v;
    case 'bigint': return `$n${v}`;
    case 'number':
      if (Number.isNaN(v)) return '$NaN';
      if (v === Infinity) return '$Infinity';
      if (v === -Infinity) return '$-Infinity';
      if (Object.is(v, -0)) return '$-0';
      return v;
    case 'boolean': return v;
    case 'symbol':
    case 'function': return '$T';
  }
  if (v === null) return null;
  if (seen.has(v)) return '$T';
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => keyValue(x, seen));
    if (v instanceof Date) return `$D${Number.isNaN(v.getTime()) ? 'Invalid' : v.toISOString()}`;
    if (v instanceof Map) return { $Q: [...v].map(([k, x]) => [keyValue(k, seen), keyValue(x, seen)]) };
    if (v instanceof Set) return { $W: [...v].map((x) => keyValue(x, seen)) };
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return { $A: [Object.prototype.toString.call(v), [...new Uint8Array(v.buffer ?? v, v.byteOffset ?? 0, v.byteLength)]] };
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return '$T';
    const out = {};
    for (const k of Object.keys(v)) out[k] = keyValue(v[k], seen);
    return out;
  } finally {
    seen.delete(v);
  }
}

const typedArrays = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

// encodeValue writes a result for the store. It throws React's errors for
// what Server Components cannot pass on.
function encodeValue(v, path = []) {
  switch (typeof v) {
    case 'undefined': return { $: 'u' };
    case 'string': case 'boolean': return v;
    case 'bigint': return { $: 'n', v: `${v}` };
    case 'number':
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { $: 'f', v: Object.is(v, -0) ? '-0' : `${v}` };
    case 'symbol':
      throw new Error(`Only global symbols received from Symbol.for(...) can be passed to Client Components. The symbol ${String(v)} cannot be found among global symbols.`);
    case 'function':
      throw new Error('Functions cannot be passed directly to Client Components unless you explicitly expose it by marking it with "use server". Or maybe you meant to call this function rather than return it.');
  }
  if (v === null) return null;
  if (path.includes(v)) throw new Error('Cyclic values cannot be kept by a "use cache" function in jsroutes.');
  path.push(v);
  try {
    if (Array.isArray(v)) return v.map((x) => encodeValue(x, path));
    if (v instanceof Date) return { $: 'D', v: v.getTime() };
    if (v instanceof Map) return { $: 'Q', v: [...v].map(([k, x]) => [encodeValue(k, path), encodeValue(x, path)]) };
    if (v instanceof Set) return { $: 'W', v: [...v].map((x) => encodeValue(x, path)) };
    if (v instanceof ArrayBuffer) return { $: 'A', t: 'ArrayBuffer', v: [...new Uint8Array(v)] };
    if (ArrayBuffer.isView(v) && typedArrays[v.constructor?.name]) {
      return { $: 'A', t: v.constructor.name, v: [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] };
    }
    if (typeof v.then === 'function') {
      throw new Error('A promise inside the value of a "use cache" function is not supported by jsroutes: await it before returning.');
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype) {
      throw new Error('Only plain objects, and a few built-ins, can be passed to Client Components from Server Components. Classes or null prototypes are not supported.');
    }
    const out = {};
    for (const k of Object.keys(v)) {
      if (v[k] !== undefined) out[k] = encodeValue(v[k], path); // React leaves undefined members out
    }
    return '$' in out ? { $: 'o', v: out } : out;
  } finally {
    path.pop();
  }
}

function decodeValue(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  switch (v.$) {
    case undefined: break;
    case 'u': return undefined;
    case 'n': return BigInt(v.v);
    case 'f': return Number(v.v);
    case 'D': return new Date(v.v);
    case 'Q': return new Map(v.v.map(([k, x]) => [decodeValue(k), decodeValue(x)]));
    case 'W': return new Set(v.v.map(decodeValue));
    case 'A': {
      const bytes = new Uint8Array(v.v);
      if (v.t === 'ArrayBuffer') return bytes.buffer;
      const Type = typedArrays[v.t];
      return new Type(bytes.buffer, 0, bytes.byteLength / Type.BYTES_PER_ELEMENT);
    }
    case 'o': v = v.v; break;
  }
  const out = {};
  for (const k of Object.keys(v)) out[k] = decodeValue(v[k]);
  return out;
}

// --- the wrapper -----------------------------------------------------------

// The message Next.js's production builds give an error from a Server
// Components render, which is what a cached function's caller receives.
const maskedMessage = 'An error occurred in the Server Components render. The specific message is omitted in production builds to avoid leaking sensitive details. A digest property is included on this error instance which may provide additional details about the nature of the error.';

function digestOf(err) {
  const s = `${err?.message ?? err}${err?.stack ?? ''}`;
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) >>> 0;
  return String(h);
}

function masked(err) {
  const digest = digestOf(err);
  if (err && typeof err === 'object') {
    try { err.digest = digest; } catch { /* frozen */ }
  }
  console.error(err);
  const e = new Error(maskedMessage);
  e.digest = digest;
  return e;
}

const generating = new Map(); // key → promise of the entry, one run per key on this worker
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// $$cache__ is what a 'use cache' function's body becomes a call of.
export async function $$cache__(kind, id, bound, fn, args) {
  if (!cacheConfig.enabled) {
    throw new Error('To use "use cache", please enable the feature flag `cacheComponents` in your Next.js config.');
  }
  const request = requestStorage.getStore();
  const outer = cacheStorage.getStore();
  const key = encodeKey([id, bound, args]);
  // A Cache Components prerender's second run takes its entries from the
  // first within the turn (see next/prerender.js).
  let entry = request?.prerenderCache?.get(key);
  if (entry === undefined) {
    entry = await (kind === 'private' ? privateEntry(request, key, fn, args) : sharedEntry(key, fn, args));
    request?.prerenderCache?.set(key, entry);
  }
  flow(entry.meta, outer, request);
  return decodeValue(entry.value);
}

// privateEntry: 'use cache: private' results live as long as the request
// (Next.js keeps them out of its cache handlers in production).
function privateEntry(request, key, fn, args) {
  const memo = request ? (request.privateCache ??= new Map()) : new Map();
  if (!memo.has(key)) memo.set(key, generate(fn, args));
  return memo.get(key);
}

// sharedEntry reads the store, or makes the entry (once per key on this
// worker at a time) and stores it; a stale one is remade in the background.
async function sharedEntry(key, fn, args) {
  const found = await lookup(key);
  if (found?.stale) found.refresh(() => generate(fn, args).then((made) => store(key, made)));
  if (found) return found;
  let pending = generating.get(key);
  if (!pending) {
    pending = generate(fn, args).then(async (made) => {
      if (made.meta.x > 0) await store(key, made); // expire 0: never served again, so not kept (as Next)
      return made;
    }).finally(() => generating.delete(key));
    generating.set(key, pending);
  }
  return pending;
}

// lookup reads an entry, or null when it is missing or past its time.
async function lookup(key) {
  const hit = await readCache('use-cache', key);
  if (hit === null) return null;
  let saved;
  try {
    saved = JSON.parse(decoder.decode(hit.body));
  } catch {
    return null;
  }
  const age = (realNow() - saved.c) / 1000;
  if (age > saved.m.r || age > saved.m.x) return null;
  return { value: saved.v, meta: saved.m, stale: hit.stale, refresh: hit.refresh };
}

function store(key, made) {
  const body = encoder.encode(JSON.stringify({ v: made.value, m: made.meta, c: made.created }));
  return writeCache('use-cache', key, 200, [], body.buffer, 0, made.meta.t, made.meta.x);
}

// generate runs the function in a cache scope and encodes its result.
async function generate(fn, args) {
  const scope = new CacheScope();
  const created = realNow();
  let value;
  try {
    value = encodeValue(await cacheStorage.run(scope, () => fn(...args)));
  } catch (err) {
    throw masked(err);
  }
  return { value, meta: scope.meta(), created };
}

// flow hands an entry's life and tags to what called the function: an
// outer cached function, or the request (a cached route's response).
function flow(meta, outer, request) {
  if (outer) {
    outer.absorb(meta);
    return;
  }
  if (!(request?.handle >= 0)) return;
  if (request.prerender === CACHE_COMPONENTS && (meta.r === 0 || meta.x < MIN_PRERENDERABLE_EXPIRE)) {
    request.dynamic ??= 'a "use cache" function that expires within five minutes';
  }
  host.cacheLifeUsed(request.handle, meta.r, meta.x, meta.t);
}
