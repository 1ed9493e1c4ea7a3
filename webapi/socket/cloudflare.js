// cloudflare:sockets' connect(), the Web-style TCP socket API that
// postgres.js and pg use on Workers and edge runtimes, on the same sockets
// as node:net and node:tls (webapi/socket): readable and writable byte
// streams, opened and closed promises, close(), startTls().
import { Socket as NetSocket } from '../node/net.js';
import { connect as tlsConnect } from '../node/tls.js';
import { Readable, Writable } from '../node/stream.js';

class Socket {
  #net;
  #opened;
  #closed;
  constructor(net, secure) {
    this.#net = net;
    this.readable = Readable.toWeb(net);
    this.writable = Writable.toWeb(net);
    this.#opened = new Promise((resolve, reject) => {
      net.once(secure ? 'secureConnect' : 'connect', () => resolve({ remoteAddress: `${net.remoteAddress}:${net.remotePort}`, localAddress: `${net.localAddress}:${net.localPort}` }));
      net.once('error', reject);
    });
    this.#closed = new Promise((resolve, reject) => {
      net.once('close', () => resolve());
      net.once('error', reject);
    });
    this.#opened.catch(() => {});
    this.#closed.catch(() => {});
  }
  get opened() { return this.#opened; }
  get closed() { return this.#closed; }
  close() {
    this.#net.destroy();
    return this.#closed.catch(() => {});
  }
  // startTls upgrades a socket opened with secureTransport: 'starttls'.
  startTls(options = {}) {
    const upgraded = tlsConnect({ socket: this.#net, servername: options.expectedServerHostname ?? this._host });
    return new Socket(upgraded, true);
  }
}

function parseAddress(address) {
  if (typeof address === 'string') {
    const i = address.lastIndexOf(':');
    return { hostname: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
  }
  return address;
}

export function connect(address, options = {}) {
  const { hostname, port } = parseAddress(address);
  const secure = options.secureTransport === 'on';
  const net = secure ? tlsConnect({ host: hostname, port, servername: hostname }) : new NetSocket({ allowHalfOpen: options.allowHalfOpen ?? false }).connect(port, hostname);
  const socket = new Socket(net, secure);
  socket._host = hostname;
  return socket;
}

export default { connect };
