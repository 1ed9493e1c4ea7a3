// node:timers/promises.
const abortError = (signal) => signal.reason ?? Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });

function delay(start, ms, value, options = {}) {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const timer = start(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(abortError(signal));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const setTimeout = (ms, value, options) => delay(globalThis.setTimeout, ms, value, options);
export const setImmediate = (value, options) => delay(globalThis.setTimeout, 0, value, options);

export async function* setInterval(ms, value, options = {}) {
  for (;;) {
    yield await delay(globalThis.setTimeout, ms, value, options);
  }
}

export const scheduler = { wait: (ms, options) => setTimeout(ms, undefined, options), yield: () => setImmediate() };
export default { setTimeout, setImmediate, setInterval, scheduler };
