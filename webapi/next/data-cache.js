// The data cache shared by fetch (`next: { revalidate, tags }`,
// `cache: 'force-cache'`) and unstable_cache. Entries live in the server's
// store; a stale one is returned while one refresh per key runs in the
// background, outside the request (so the request ending does not cancel it).
import { host } from '../host.js';
import { requestStorage } from './request-store.js';

// cacheConfig is what next.config says of 'use cache' (set by the
// runtime's applyNextConfig): whether Cache Components are on, and the
// app's cacheLife profiles (next/use-cache.js merges them with Next's).
export const cacheConfig = { enabled: false, userProfiles: undefined, expireTime: undefined, profiles: null };

const refreshing = new Set(); // kind + key of refreshes under way on this worker

// readCache resolves to null, or to { stale, status, headers, body,
// refresh(make) } for the entry under kind/key. While a cached route's
// response is being made, stale entries count as missing: the new response
// gets fresh data.
export async function readCache(kind, key) {
  const hit = await host.cacheGet(kind, key, requestStorage.getStore()?.handle ?? -1);
  if (hit === null) return null;
  return {
    stale: hit[0],
    status: hit[1],
    headers: hit[2],
    body: hit[3],
    refresh(make) {
      const id = `${kind}\n${key}`;
      if (refreshing.has(id)) return;
      refreshing.add(id);
      requestStorage.exit(() => Promise.resolve().then(make))
        .catch((err) => console.error(`refreshing a cached ${kind} result failed:`, err))
        .finally(() => refreshing.delete(id));
    },
  };
}

// writeCache stores an entry; seconds 0 means until revalidated on demand,
// expire (seconds, 0: none) when it may no longer be served at all.
export function writeCache(kind, key, status, headers, body, seconds, tags, expire = 0) {
  return host.cacheSet(kind, key, status, headers, body, seconds, tags, expire);
}
