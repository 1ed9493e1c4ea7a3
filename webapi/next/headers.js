// next/headers: cookies(), headers() and draftMode() for the running request.
import { currentStore, syncable } from './request-store.js';
import { Headers } from '../fetch/headers.js';
import { host } from '../host.js';

// The id Next.js generates per build; the bypass cookie must carry it.
const previewModeId = host.previewModeId;

const cookieMembers = ['get', 'getAll', 'has', 'set', 'delete', 'clear', 'toString', Symbol.iterator];
const headerMembers = ['append', 'delete', 'get', 'getSetCookie', 'has', 'set', 'forEach', 'entries', 'keys', 'values', Symbol.iterator];

export class ReadonlyHeadersError extends Error {
  constructor() {
    super('Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers');
  }
}

// ReadonlyHeaders is the sealed view headers() returns.
class ReadonlyHeaders extends Headers {
  append() { throw new ReadonlyHeadersError(); }
  delete() { throw new ReadonlyHeadersError(); }
  set() { throw new ReadonlyHeadersError(); }
}

export function cookies() {
  const store = currentStore('cookies');
  return syncable(store.cookies, cookieMembers);
}

export function headers() {
  const store = currentStore('headers');
  store.headers ??= new ReadonlyHeaders(store.request.headers);
  return syncable(store.headers, headerMembers);
}

const bypassCookie = '__prerender_bypass';

// DraftMode follows Next.js: enabling sets the bypass cookie, disabling
// expires it, and isEnabled reads it from the request.
class DraftMode {
  #store;
  constructor(store) { this.#store = store; }
  get isEnabled() {
    const set = this.#store.cookies.get(bypassCookie);
    return set !== undefined && set.value === previewModeId;
  }
  enable() {
    this.#store.cookies.set({ name: bypassCookie, value: previewModeId, httpOnly: true, sameSite: 'none', secure: true, path: '/' });
  }
  disable() {
    this.#store.cookies.set({ name: bypassCookie, value: '', httpOnly: true, sameSite: 'none', secure: true, path: '/', expires: new Date(0) });
  }
}

export function draftMode() {
  const store = currentStore('draftMode');
  store.draftMode ??= new DraftMode(store);
  return syncable(store.draftMode, ['isEnabled', 'enable', 'disable']);
}

