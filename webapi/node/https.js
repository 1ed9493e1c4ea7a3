// node:https's client: node:http's, over TLS, with https' TLS options (ca,
// rejectUnauthorized, servername, a client cert and key) on the request or
// its Agent.
import { Agent as HTTPAgent, ClientRequest, requestArgs } from './http.js';
import { tlsOptionsOf } from './tls.js';
import { refuseServers } from './net.js';

export class Agent extends HTTPAgent {
  constructor(options = {}) {
    super(options);
    this.defaultPort = 443;
    this.protocol = 'https:';
  }
}
export const globalAgent = new Agent({ keepAlive: true });

// An agent's TLS options, then the request's own.
const tlsOptions = (options) => tlsOptionsOf({ ...(options.agent?.options ?? {}), ...options });

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

export const { createServer, Server } = refuseServers('https');

export default { Agent, globalAgent, request, get, createServer, Server };
