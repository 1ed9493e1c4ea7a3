// next/cache: on-demand revalidation and unstable_cache, on the cache the
// server keeps (in memory or in Redis; see the README's caching section).
// Revalidations made while a request is handled are recorded before its
// response goes out.
import { host } from '../host.js';
import { requestStorage, cacheStorage, markDynamic, routePrefix } from './request-store.js';
import { readCache, writeCache } from './data-cache.js';

const maxTagLength = 256;

function handle() {
  return requestStorage.getStore()?.handle ?? -1;
}

function checkTag(tag, fn) {
  if (typeof tag !== 'string') throw new TypeError(`${fn}: the tag must be a string, got ${typeof tag}`);
  if (tag.length > maxTagLength) throw new Error(`${fn}: tag "${tag.slice(0, 40)}…" is longer than ${maxTagLength} characters`);
}

// allowed throws where Next.js refuses a revalidation: inside a cached
// function, and in a prerender (which makes the route dynamic).
function allowed(expression) {
  if (cacheStorage.getStore()) {
    throw new Error(`${routePrefix()}\`${expression}\` can't be called inside a cached function. Call it from a Server Action or Route Handler instead.\nLearn more: https://nextjs.org/docs/messages/revalidate-in-use-cache`);
  }
  const store = requestStorage.getStore();
  if (store?.prerender) throw markDynamic(store, expression);
}

// revalidateTag(tag, profile): with a profile ('max' or a cache life
// object) tagged entries go stale, served once more while they are
// remade; with an expire of 0, or without one (deprecated in Next.js 16),
// they expire at once.
export function revalidateTag(tag, profile) {
  checkTag(tag, 'revalidateTag');
  allowed(`revalidateTag(${JSON.stringify(tag)})`);
  if (typeof profile === 'object' && profile !== null) profile = normalizeProfile(profile, { kind: 'inline' });
  host.cacheRevalidate(handle(), [tag], profile === undefined || profile?.expire === 0);
}

// revalidatePath(path, type): expires the cached responses and data of a
// path, or with type 'layout'/'page' of every path under a route pattern.
export function revalidatePath(originalPath, type) {
  if (typeof originalPath !== 'string') throw new TypeError('revalidatePath: the path must be a string');
  if (type !== undefined && type !== 'layout' && type !== 'page') {
    throw new TypeError(`revalidatePath: type must be "layout" or "page", got ${JSON.stringify(type)}`);
  }
  allowed(`revalidatePath(${JSON.stringify(originalPath)})`);
  let path = originalPath.length > 1 ? originalPath.replace(/\/+$/, '') : originalPath;
  if (!path.startsWith('/')) path = `/${path}`;
  const tag = type ? `_N_T_${path === '/' ? '' : path}/${type}` : `_N_T_${path}`;
  host.cacheRevalidate(handle(), [tag], true);
}

// updateTag is for Server Actions, which route handlers are not.
export function updateTag() {
  throw new Error('updateTag can only be called from within a Server Action. To invalidate cache tags in Route Handlers or other contexts, use revalidateTag instead.');
}

// refresh is for Server Actions too.
export function refresh() {
  throw new Error('refresh can only be called from within a Server Action. To invalidate cache tags in Route Handlers or other contexts, use revalidateTag instead.');
}

// cacheLife and cacheTag configure a 'use cache' function; $$cache__ is
// what the build turns each such function into a call of.
export { cacheLife, cacheTag, $$cache__ } from './use-cache.js';
import { cacheLife, cacheTag, normalizeProfile } from './use-cache.js';

// The names before Next.js 16 stabilised them, with Next's deprecation
// line on first use.
export function unstable_cacheLife(...args) {
  deprecated('unstable_cacheLife', 'cacheLife');
  return cacheLife(...args);
}

export function unstable_cacheTag(...args) {
  deprecated('unstable_cacheTag', 'cacheTag');
  return cacheTag(...args);
}

const warned = new Set();
function deprecated(old, name) {
  if (warned.has(old)) return;
  warned.add(old);
  console.error(new Error(`\`${old}\` was recently stabilized and should be imported as \`${name}\`. The \`unstable\` prefixed form will be removed in a future version of Next.js.`));
}

// unstable_noStore opts a scope out of static rendering in Next.js; route
// handlers here are only cached through their segment config, so there is
// nothing to opt out of.
export function unstable_noStore() {}

// unstable_cache(fn, keyParts, { revalidate, tags }) caches fn's result
// (JSON) by its arguments; a stale result is returned while one call
// refreshes it in the background.
export function unstable_cache(cb, keyParts = [], options = {}) {
  if (typeof cb !== 'function') throw new TypeError('unstable_cache: the first argument must be a function');
  const { revalidate = false, tags = [] } = options;
  if (revalidate === 0) {
    throw new Error(`Invariant revalidate: 0 can not be passed to unstable_cache(), must be "false" or "> 0" ${cb.toString()}`);
  }
  if (typeof revalidate === 'number' && (revalidate < 0 || Number.isNaN(revalidate))) {
    throw new Error(`unstable_cache: revalidate must be false or a number of seconds > 0, got ${revalidate}`);
  }
  for (const tag of tags) checkTag(tag, 'unstable_cache');
  const base = `${keyParts.length ? JSON.stringify(keyParts) : cb.toString()}`;
  const seconds = revalidate === false ? 0 : revalidate;
  return async (...args) => {
    const key = `${base}${JSON.stringify(args)}`;
    host.cacheTagsUsed(handle(), tags);
    const make = async () => {
      const value = await cb(...args);
      await writeCache('function', key, 200, [], new TextEncoder().encode(JSON.stringify(value) ?? 'null').buffer, seconds, tags);
      return value;
    };
    const hit = await readCache('function', key);
    if (!hit) return make();
    if (hit.stale) hit.refresh(make);
    return JSON.parse(new TextDecoder().decode(hit.body));
  };
}
