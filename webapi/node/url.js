// node:url: the WHATWG URL classes and the file-URL helpers.
export const { URL, URLSearchParams } = globalThis;

export function fileURLToPath(url) {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (u.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
  if (u.hostname !== '') throw new TypeError('File URL host must be "localhost" or empty on linux');
  if (/%2f/i.test(u.pathname)) throw new TypeError('File URL path must not include encoded / characters');
  return decodeURIComponent(u.pathname);
}

export function pathToFileURL(path) {
  const u = new URL('file://');
  u.pathname = path.split('/').map((s) => encodeURIComponent(s)).join('/');
  return u;
}

export const domainToASCII = (d) => new URL(`http://${d}`).hostname;
export default { URL, URLSearchParams, fileURLToPath, pathToFileURL, domainToASCII };
