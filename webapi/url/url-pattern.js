// URLPattern (WHATWG URL Pattern Standard). Compiling and matching are Go's
// (webapi/urlpattern.go, on github.com/dunglas/go-urlpattern): goja's
// regular expressions lack the Unicode property escapes that the JS
// implementations of the standard rely on.
import { defineGlobal, host, tag } from '../host.js';

const components = ['protocol', 'username', 'password', 'hostname', 'port', 'pathname', 'search', 'hash'];

// initText reads an URLPatternInit dictionary (or any object with its
// members, such as a URL) into the JSON the Go side takes.
function initText(init) {
  const out = {};
  for (const name of [...components, 'baseURL']) {
    if (init[name] !== undefined) out[name] = String(init[name]);
  }
  return JSON.stringify(out);
}

// args applies the WebIDL overloads (input, baseURL, options) and
// (input, options): an init dictionary comes with no base URL.
function args(input, baseURL, what) {
  const isInit = input !== null && typeof input === 'object';
  if (isInit && baseURL !== undefined) throw new TypeError(`Failed to execute '${what}' on 'URLPattern': a base URL is only allowed with a string input`);
  return [isInit, isInit ? initText(input) : String(input), baseURL === undefined ? undefined : String(baseURL)];
}

export class URLPattern {
  #handle;
  #parts;

  constructor(input = {}, baseURL = undefined, options = undefined) {
    if (baseURL !== null && typeof baseURL === 'object') {
      options = baseURL;
      baseURL = undefined;
    }
    const [isInit, text, base] = args(input, baseURL, 'constructor');
    const [handle, ...parts] = host.urlPatternNew(isInit, text, base, !!options?.ignoreCase);
    this.#handle = handle;
    this.#parts = parts;
  }

  get protocol() { return this.#parts[0]; }
  get username() { return this.#parts[1]; }
  get password() { return this.#parts[2]; }
  get hostname() { return this.#parts[3]; }
  get port() { return this.#parts[4]; }
  get pathname() { return this.#parts[5]; }
  get search() { return this.#parts[6]; }
  get hash() { return this.#parts[7]; }
  get hasRegExpGroups() { return this.#parts[8]; }

  test(input = {}, baseURL = undefined) {
    return this.exec(input, baseURL) !== null;
  }

  exec(input = {}, baseURL = undefined) {
    const [isInit, text, base] = args(input, baseURL, 'exec');
    const found = host.urlPatternExec(this.#handle, isInit, text, base);
    if (found === null) return null;
    const result = { inputs: isInit || base === undefined ? [input] : [input, base] };
    components.forEach((name, i) => { result[name] = found[i]; });
    return result;
  }
}
tag(URLPattern, 'URLPattern');
defineGlobal('URLPattern', URLPattern);
