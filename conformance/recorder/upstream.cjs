// Preloaded into Next.js (NODE_OPTIONS=--require) while recording: every
// fetch() goes to the loopback upstream at JSROUTES_UPSTREAM instead of the
// internet, which this machine cannot reach. The conformance replay points
// jsroutes' fetch at an upstream that answers the same way.
const upstream = process.env.JSROUTES_UPSTREAM;
if (upstream) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = function fetch(input, init) {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const target = new URL(url.pathname + url.search, upstream);
    return realFetch(new Request(target, req));
  };
}
