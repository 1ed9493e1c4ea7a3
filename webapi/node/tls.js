// node:tls: TLS client sockets on Go's crypto/tls (webapi/socket): a new
// connection (tls.connect({ host, port })), or an existing net.Socket
// upgraded (tls.connect({ socket }), as pg's sslmode and STARTTLS do).
// servername, ca, rejectUnauthorized, ALPNProtocols, a client cert and key
// and min/maxVersion are applied; the system's roots are trusted unless
// ca names others. Servers are refused.
import { host } from '../host.js';
import { Buffer } from './buffer.js';
import { Socket, kHandle, normalizeConnectArgs, refuseServers } from './net.js';

const pem = (v) => (v === undefined || v === null ? undefined : Buffer.isBuffer(v) || ArrayBuffer.isView(v) ? Buffer.from(v).toString('utf8') : String(v));
const pemList = (v) => (v === undefined || v === null ? undefined : (Array.isArray(v) ? v : [v]).map(pem));

// tlsOptionsOf reads the TLS options Go applies (webapi/socket, and
// node:https's transports) from tls.connect's or https.request's options.
export function tlsOptionsOf(o) {
  return {
    servername: o.servername,
    ca: pemList(o.ca),
    cert: pem(Array.isArray(o.cert) ? o.cert[0] : o.cert),
    key: pem(Array.isArray(o.key) ? o.key[0] : o.key),
    rejectUnauthorized: o.rejectUnauthorized !== false,
    ALPNProtocols: o.ALPNProtocols?.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString())),
    minVersion: o.minVersion,
    maxVersion: o.maxVersion,
  };
}

export class TLSSocket extends Socket {
  constructor(socket, options = {}) {
    super(options);
    this.encrypted = true;
    this.authorized = false;
    this.authorizationError = null;
    this.alpnProtocol = false;
    this._options = options;
    this._protocol = null;
    this._peer = null;
    this._plain = socket instanceof Socket ? socket : null;
  }

  _tlsOptions() {
    return tlsOptionsOf(this._options);
  }

  _secure(info) {
    this.authorized = info.authorized;
    this.authorizationError = info.authorizationError ?? null;
    this.alpnProtocol = info.alpnProtocol;
    this._protocol = info.protocol;
    this._peer = info.peerCertificate ?? null;
    this.emit('secureConnect');
  }

  // upgrade hands the connected plain socket's connection to this one.
  _upgrade() {
    const plain = this._plain;
    this.connecting = true;
    this[kHandle] = host.netStartTLS(plain[kHandle], this._sink(), this._tlsOptions());
    plain[kHandle] = 0; // its connection is ours now: destroying it closes nothing
    this.once('close', () => plain.destroy());
    return this;
  }

  getProtocol() { return this._protocol; }
  getPeerCertificate() {
    const p = this._peer;
    if (p === null) return {};
    return { subject: p.subject, issuer: p.issuer, valid_from: p.valid_from, valid_to: p.valid_to, serialNumber: p.serialNumber, raw: Buffer.from(p.raw), pemEncoded: p.pem };
  }
  getCipher() { return { name: 'TLS', standardName: 'TLS', version: this._protocol }; }
  setServername() {}
  setSession() {}
  getSession() { return undefined; }
  isSessionReused() { return false; }
}

export function connect(...args) {
  const [options, cb] = normalizeConnectArgs(args);
  const socket = new TLSSocket(options.socket, options);
  if (cb) socket.once('secureConnect', cb);
  if (options.socket) {
    if (!(options.socket instanceof Socket)) throw new TypeError('tls.connect: options.socket must be a net.Socket');
    return socket._upgrade();
  }
  return socket.connect({ ...options, host: options.host ?? 'localhost' });
}

export function checkServerIdentity() {
  return undefined; // the handshake checked it (Go's verification, as Node's default)
}

export function createSecureContext(options = {}) {
  return { context: options };
}

export const { createServer, Server } = refuseServers('tls');

export const DEFAULT_MIN_VERSION = 'TLSv1.2';
export const DEFAULT_MAX_VERSION = 'TLSv1.3';
export const rootCertificates = Object.freeze([]);

export default { TLSSocket, Server, connect, createServer, createSecureContext, checkServerIdentity, DEFAULT_MIN_VERSION, DEFAULT_MAX_VERSION, rootCertificates };
