// next/navigation for route handlers: redirect(), permanentRedirect() and
// notFound() throw errors that carry a digest, as in Next.js; the dispatcher
// turns them into 307/308/404 responses.
const REDIRECT = 'NEXT_REDIRECT';
const HTTP_FALLBACK = 'NEXT_HTTP_ERROR_FALLBACK';

export const RedirectType = { push: 'push', replace: 'replace' };

function redirectError(url, type, status) {
  const err = new Error(REDIRECT);
  err.digest = `${REDIRECT};${type};${url};${status};`;
  return err;
}

export function redirect(url, type = RedirectType.replace) {
  throw redirectError(url, type, 307);
}

export function permanentRedirect(url, type = RedirectType.replace) {
  throw redirectError(url, type, 308);
}

export function notFound() {
  const err = new Error(`${HTTP_FALLBACK};404`);
  err.digest = `${HTTP_FALLBACK};404`;
  throw err;
}

// authInterrupts is next.config's experimental.authInterrupts (set by the
// runtime's applyNextConfig): forbidden() and unauthorized() need it.
export const authInterrupts = { enabled: false };

function httpFallback(status) {
  const err = new Error(`${HTTP_FALLBACK};${status}`);
  err.digest = `${HTTP_FALLBACK};${status}`;
  return err;
}

export function forbidden() {
  if (!authInterrupts.enabled) throw new Error('`forbidden()` is experimental and only allowed to be enabled when `experimental.authInterrupts` is enabled.');
  throw httpFallback(403);
}

export function unauthorized() {
  if (!authInterrupts.enabled) throw new Error('`unauthorized()` is experimental and only allowed to be used when `experimental.authInterrupts` is enabled.');
  throw httpFallback(401);
}

// authInterruptStatus is 401 or 403 for the errors of unauthorized() and
// forbidden(), else 0.
export function authInterruptStatus(err) {
  if (err?.digest === `${HTTP_FALLBACK};401`) return 401;
  if (err?.digest === `${HTTP_FALLBACK};403`) return 403;
  return 0;
}

// isRedirectError and friends read an error's digest.
export function isRedirectError(err) {
  if (typeof err?.digest !== 'string') return false;
  const parts = err.digest.split(';');
  return parts[0] === REDIRECT && (parts[1] === 'replace' || parts[1] === 'push') && !isNaN(Number(parts.at(-2)));
}

export function isNotFoundError(err) {
  return err?.digest === `${HTTP_FALLBACK};404`;
}

// redirectTarget returns { url, status } for a redirect error.
export function redirectTarget(err) {
  const parts = err.digest.split(';');
  return { url: parts.slice(2, -2).join(';'), status: Number(parts.at(-2)) };
}

// unstable_rethrow rethrows the errors Next.js uses for control flow, so a
// catch-all try/catch does not swallow a redirect or notFound.
export function unstable_rethrow(err) {
  if (isRedirectError(err) || isNotFoundError(err) || authInterruptStatus(err) !== 0) throw err;
  if (err instanceof Error && 'cause' in err) unstable_rethrow(err.cause);
}
