// node:https's client: node:http's, over TLS, with https' TLS options (ca,
// rejectUnauthorized, servername, a client cert and key) on the request or
// its Agent.
import { Buffer } from './buffer.js';
import { Agent as HTTPAgent, ClientRequest, requestArgs } from './http.js';

const pem = (v) => (v === undefined || v === null ? undefined : Buffer.isBuffer(v) || ArrayBuffer.isView(v) ? Buffer.from(v).toString('utf8') : String(v));
const pemList = (v) => (v === undefined || v === null ? undefined : (Array.isArray(v) ? v : [v]).map(pem));

export class Agent extends HTTPAgent {
  constructor(options = {}) {
    super(options);
    this.defaultPort = 443;
    this.protocol = 'https:';
  }
}
export const globalAgent = new Agent({ keepAlive: true });

function tlsOptions(options) {
  const from = { ...(options.agent?.options ?? {}), ...options };
  return {
    ca: pemList(from.ca),
    cert: pem(Array.isArray(from.cert) ? from.cert[0] : from.cert),
    key: pem(Array.isArray(from.key) ? from.key[0] : from.key),
    rejectUnauthorized: from.rejectUnauthorized !== false,
    servername: from.servername,
  };
}

export function request(...args) {
  const [options, cb] = requestArgs(args, 'https:');
  if (options.agent === undefined) options.agent = globalAgent;
  return new ClientRequest(options, cb, tlsOptions(options));
}

export function get(...args) {
  const req = request(...args);
  req.end();
  return req;
}

function noServer() {
  throw new Error('https.createServer is not available in jsroutes: the route handlers are the server');
}
export const createServer = noServer;
export class Server {
  constructor() { noServer(); }
}

export default { Agent, globalAgent, request, get, createServer, Server };
