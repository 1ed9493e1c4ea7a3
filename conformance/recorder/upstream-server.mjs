// The upstream both sides of the conformance suite fetch from: it answers
// every request with JSON naming the method, path and body it received.
import http from 'node:http';

export function startUpstream() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, path: req.url, body: body.length }));
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
