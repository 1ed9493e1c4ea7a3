// unavailable stands in for a Node.js built-in that cannot work here (fs,
// child_process, net, …) when an npm package imports it: packages often
// import such modules for code paths a route never takes, so the import
// succeeds and only a use fails, with an error that names the module and
// the package file that imported it. (A route file's own import of one is a
// build error instead.)
export function unavailable(name, importer) {
  const message = `The Node.js built-in module "${name}" is not available in jsroutes (imported by ${importer})`;
  const fail = () => { throw new Error(message); };
  const handler = {
    apply: fail,
    construct: fail,
    get(target, key) {
      // What module interop and feature checks read must not throw.
      if (typeof key === 'symbol' || key === '__esModule' || key === 'then' || key === 'prototype') return undefined;
      if (key === 'default') return proxy;
      return member(key);
    },
    has: () => false,
  };
  const member = (key) => new Proxy(function () {}, {
    apply: fail,
    construct: fail,
    get: (t, k) => (typeof k === 'symbol' || k === 'then' ? undefined : member(`${key}.${String(k)}`)),
  });
  const proxy = new Proxy(function () {}, handler);
  return proxy;
}

// nodeExports is what a Node built-in's polyfill is as module.exports (see
// nodeNamespace in polyfills/plugin.go): its default export, carrying the
// named exports it does not define itself, as Node's CommonJS built-ins do.
export function nodeExports(ns) {
  const d = ns.default;
  if (d === null || (typeof d !== 'object' && typeof d !== 'function')) return ns;
  for (const k of Object.keys(ns)) {
    if (k !== 'default' && !(k in d)) d[k] = ns[k];
  }
  return d;
}
