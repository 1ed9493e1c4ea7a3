// node:net: TCP client sockets (what database drivers open: pg, mysql2,
// ioredis), a Duplex stream on Go's net (webapi/socket). Data arrives as
// Buffers, read by Go only when the stream wants more; writes go out in
// order, each acknowledged when written. Servers are refused: the routes
// are the server.
import { host } from '../host.js';
import { Duplex } from './stream.js';
import { Buffer } from './buffer.js';

export const kHandle = Symbol('handle');
const kConnected = Symbol('connected');

// nodeError makes Go's error description an Error as Node's: code, errno,
// syscall, address and port.
export function nodeError(info) {
  const err = new Error(info.message);
  for (const k of ['code', 'errno', 'syscall', 'address', 'port', 'hostname', 'reason']) {
    if (info[k] !== undefined) err[k] = info[k];
  }
  return err;
}

// bytesOf is what a write of chunk sends.
const bytesOf = (chunk, encoding) => (typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);

export class Socket extends Duplex {
  constructor(options = {}) {
    super({
      allowHalfOpen: options.allowHalfOpen ?? false,
      readable: options.readable ?? true,
      writable: options.writable ?? true,
      emitClose: true,
      autoDestroy: true,
      decodeStrings: true,
    });
    this[kHandle] = 0;
    this[kConnected] = false;
    this.connecting = false;
    this.bytesRead = 0;
    this._bytesWritten = 0;
    this.remoteAddress = undefined;
    this.remotePort = undefined;
    this.remoteFamily = undefined;
    this.localAddress = undefined;
    this.localPort = undefined;
    this.timeout = 0;
    this._idle = null;
    this._waiting = null; // a write or the end asked for before the socket connected
    this._writeCallback = null; // the write Go holds until the socket drains
    this._readWanted = false;
    this._noDelay = true;
    this._keepAlive = null;
    if (options.timeout) this.setTimeout(options.timeout);
  }

  // sink is what Go calls back (webapi/socket): the connection, a chunk,
  // the peer's end, an error.
  _sink() {
    return {
      onconnect: (info) => this._onconnect(info),
      ondata: (ab) => {
        const chunk = Buffer.from(ab);
        this.bytesRead += chunk.length;
        this._touch();
        this._readWanted = false;
        this.push(chunk); // the stream calls _read again when it wants more
      },
      onwritten: (err) => {
        const callback = this._writeCallback;
        this._writeCallback = null;
        callback?.(err ? nodeError(err) : undefined);
      },
      onend: () => this.push(null),
      onerror: (info) => {
        this.connecting = false;
        this[kHandle] = 0;
        this.destroy(nodeError(info));
      },
    };
  }

  connect(...args) {
    const [options, cb] = normalizeConnectArgs(args);
    if (options.path !== undefined) throw new Error('net.connect: IPC sockets (options.path) are not available in jsroutes');
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      const err = new RangeError(`The "options.port" argument must be >= 0 and < 65536. Received ${options.port}`);
      err.code = 'ERR_SOCKET_BAD_PORT';
      throw err;
    }
    if (cb) this.once('connect', cb);
    this.connecting = true;
    this._host = options.host ?? 'localhost';
    this[kHandle] = host.netConnect(this._sink(), this._host, port, options.timeout ?? 0, this._tlsOptions?.() ?? null);
    return this;
  }

  _onconnect(info) {
    this.connecting = false;
    this[kConnected] = true;
    Object.assign(this, {
      remoteAddress: info.remoteAddress, remotePort: info.remotePort, remoteFamily: info.remoteFamily,
      localAddress: info.localAddress, localPort: info.localPort,
    });
    if (this._keepAlive) host.netSetKeepAlive(this[kHandle], true, this._keepAlive);
    this._touch();
    this.emit('connect');
    this._secure?.(info); // a TLSSocket's 'secureConnect'
    this.emit('ready');
    const waiting = this._waiting;
    this._waiting = null;
    if (waiting) waiting();
    if (this._readWanted) host.netRead(this[kHandle]);
  }

  _read() {
    this._readWanted = true;
    if (this[kConnected]) host.netRead(this[kHandle]);
  }

  // write takes the common case straight to Go, past the stream's
  // buffering and its callbacks: on a connected socket whose stream holds
  // nothing, bytes Go has room for are written, as a Node socket's write is
  // done when the kernel takes it. A write that cannot be done at once is
  // the stream's (the backpressure, 'drain' and errors are its). A cork is
  // moot here (the socket writes behind, all that waits in one write): pg
  // corks each query's five messages, and the stream's cork, buffer and
  // _writev were a tenth of what a query cost.
  write(chunk, encoding, cb) {
    if (typeof encoding === 'function') {
      cb = encoding;
      encoding = undefined;
    }
    // The stream's state read directly: its writable and writableLength
    // getters are two more calls into JS a write.
    const ws = this._writableState;
    if (this[kConnected] && ws.length === 0 && ws.writable !== false && !ws.destroyed && !ws.errored && !ws.ending && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
      const bytes = bytesOf(chunk, encoding);
      if (host.netWrite(this[kHandle], bytes.buffer, bytes.byteOffset, bytes.byteLength, true) === true) {
        this._bytesWritten += bytes.length;
        this._touch();
        if (typeof cb === 'function') process.nextTick(cb);
        return true;
      }
    }
    return super.write(chunk, encoding, cb);
  }

  _write(chunk, encoding, callback) {
    this._writev([{ chunk, encoding }], callback);
  }

  // _writev takes what the stream buffered (while the socket connected, or
  // behind a write that waited for room) in one go, as Node's socket does.
  _writev(chunks, callback) {
    if (!this[kConnected]) {
      this._waiting = () => this._writev(chunks, callback);
      return;
    }
    this._touch();
    // Go takes the bytes and says whether the write is done (see
    // webapi/socket's writeBehind); when the socket holds too much, the
    // callback waits for sink.onwritten.
    let done = true;
    for (const { chunk, encoding } of chunks) {
      const bytes = bytesOf(chunk, encoding);
      this._bytesWritten += bytes.length;
      done = host.netWrite(this[kHandle], bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (typeof done === 'object') return callback(nodeError(done));
    }
    if (done) callback();
    else this._writeCallback = callback;
  }

  _final(callback) {
    if (!this[kConnected]) {
      this._waiting = () => this._final(callback);
      return;
    }
    host.netEnd(this[kHandle], (err) => callback(err ? nodeError(err) : undefined));
  }

  _destroy(err, callback) {
    if (this[kHandle]) host.netDestroy(this[kHandle]);
    this[kHandle] = 0;
    this[kConnected] = false;
    this.connecting = false;
    if (this._idle !== null) clearTimeout(this._idle);
    callback(err);
  }

  get bytesWritten() { return this._bytesWritten; }
  get pending() { return !this[kConnected]; }
  get readyState() {
    if (this.connecting) return 'opening';
    if (!this[kConnected]) return 'closed';
    if (this.readable && this.writable) return 'open';
    return this.readable ? 'readOnly' : this.writable ? 'writeOnly' : 'closed';
  }

  address() {
    return this.localAddress === undefined ? {} : { address: this.localAddress, family: this.remoteFamily, port: this.localPort };
  }

  setNoDelay(noDelay = true) {
    this._noDelay = noDelay;
    if (this[kHandle]) host.netSetNoDelay(this[kHandle], !!noDelay);
    return this;
  }

  setKeepAlive(enable = false, initialDelay = 0) {
    this._keepAlive = enable ? initialDelay || 1 : null;
    if (this[kHandle] && this[kConnected]) host.netSetKeepAlive(this[kHandle], !!enable, initialDelay);
    return this;
  }

  // setTimeout emits 'timeout' after ms without activity; it does not end
  // the socket (the caller does), as in Node.
  setTimeout(ms, callback) {
    this.timeout = ms;
    if (callback) this.once('timeout', callback);
    this._touch();
    return this;
  }

  _touch() {
    if (this._idle === null && !(this.timeout > 0)) return; // no idle timeout: every read and write comes here
    if (this._idle !== null) clearTimeout(this._idle);
    this._idle = this.timeout > 0 && !this.destroyed ? setTimeout(() => this.emit('timeout'), this.timeout) : null;
  }

  ref() { return this; }
  unref() { return this; }
}

// normalizeConnectArgs reads connect(options[, cb]), connect(port[, host][, cb]).
export function normalizeConnectArgs(args) {
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  if (args[0] !== null && typeof args[0] === 'object') return [{ ...args[0] }, cb];
  if (typeof args[0] === 'string' && !/^\d+$/.test(args[0])) return [{ path: args[0] }, cb];
  const options = { port: args[0] };
  if (typeof args[1] === 'string') options.host = args[1];
  return [options, cb];
}

export function connect(...args) {
  const [options, cb] = normalizeConnectArgs(args);
  const socket = new Socket(options);
  if (options.noDelay !== false) socket.setNoDelay(true);
  if (options.keepAlive) socket.setKeepAlive(true, options.keepAliveInitialDelay);
  return socket.connect(options, cb);
}

export const createConnection = connect;

export function isIP(input) {
  return host.netIsIP(String(input));
}
export const isIPv4 = (input) => isIP(input) === 4;
export const isIPv6 = (input) => isIP(input) === 6;

// refuseServers makes a module's createServer and Server throw: route
// handlers are the server (net, tls, http and https share it).
export function refuseServers(module) {
  const refuse = () => {
    throw new Error(`${module}.createServer is not available in jsroutes: the route handlers are the server`);
  };
  return { createServer: refuse, Server: class Server { constructor() { refuse(); } } };
}

export const { createServer, Server } = refuseServers('net');

export const Stream = Socket;

export default { Socket, Stream, Server, connect, createConnection, createServer, isIP, isIPv4, isIPv6 };
