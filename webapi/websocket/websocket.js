// WebSocket (the WHATWG API, as Node.js's global), MessageEvent and
// CloseEvent, on Go's client (websocket.go). A lazy module: the first
// touch of one of these globals runs it.
import { defineGlobal, host, tag } from '../host.js';
import { Event, EventTarget, defineEventHandlers, trusted } from '../dom/event-target.js';
import { DOMException } from '../dom/dom-exception.js';
import { Blob } from '../fetch/blob.js';

export class MessageEvent extends Event {
  #data;
  #origin;
  #lastEventId;
  constructor(type, init = {}) {
    super(type, init);
    this.#data = init.data ?? null;
    this.#origin = init.origin === undefined ? '' : `${init.origin}`;
    this.#lastEventId = init.lastEventId === undefined ? '' : `${init.lastEventId}`;
  }
  get data() { return this.#data; }
  get origin() { return this.#origin; }
  get lastEventId() { return this.#lastEventId; }
  get source() { return null; }
  get ports() { return []; }
}
tag(MessageEvent, 'MessageEvent');

export class CloseEvent extends Event {
  #wasClean;
  #code;
  #reason;
  constructor(type, init = {}) {
    super(type, init);
    this.#wasClean = Boolean(init.wasClean);
    this.#code = init.code === undefined ? 0 : Number(init.code) & 0xffff;
    this.#reason = init.reason === undefined ? '' : `${init.reason}`;
  }
  get wasClean() { return this.#wasClean; }
  get code() { return this.#code; }
  get reason() { return this.#reason; }
}
tag(CloseEvent, 'CloseEvent');

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

// A subprotocol is an HTTP token.
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const utf8Length = (s) => new TextEncoder().encode(s).length;

export class WebSocket extends EventTarget {
  #id = 0;
  #url;
  #readyState = CONNECTING;
  #protocol = '';
  #extensions = '';
  #binaryType = 'blob';
  #buffered = 0;
  // Blobs are read before they are sent: what is sent after one waits for
  // it, so that frames leave in the order of send().
  #queue = null;

  constructor(url, protocols = []) {
    super();
    let u;
    try {
      u = new URL(`${url}`);
    } catch {
      throw new DOMException(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`, 'SyntaxError');
    }
    if (u.protocol === 'http:') u.protocol = 'ws:';
    else if (u.protocol === 'https:') u.protocol = 'wss:';
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
      throw new DOMException(`Failed to construct 'WebSocket': The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${u.protocol}' is not allowed.`, 'SyntaxError');
    }
    if (u.hash) throw new DOMException("Failed to construct 'WebSocket': The URL contains a fragment identifier ('" + u.hash + "'). Fragment identifiers are not allowed in WebSocket URLs.", 'SyntaxError');
    const list = typeof protocols === 'string' ? [protocols] : [...protocols].map((p) => `${p}`);
    const seen = new Set();
    for (const p of list) {
      if (!token.test(p) || seen.has(p.toLowerCase())) {
        throw new DOMException(`Failed to construct 'WebSocket': The subprotocol '${p}' is invalid.`, 'SyntaxError');
      }
      seen.add(p.toLowerCase());
    }
    this.#url = u.href;
    const origin = u.origin.replace(/^ws/, 'http');
    const self = this;
    const sink = {
      onopen(protocol, extensions) {
        self.#readyState = OPEN;
        self.#protocol = protocol;
        self.#extensions = extensions;
        self.dispatchEvent(trusted(new Event('open')));
      },
      onmessage(data, binary) {
        if (self.#readyState !== OPEN) return;
        const value = binary && self.#binaryType === 'blob' ? new Blob([data]) : data;
        self.dispatchEvent(trusted(new MessageEvent('message', { data: value, origin })));
      },
      onsent(n) {
        self.#buffered = Math.max(0, self.#buffered - n);
      },
      onerror() {
        self.dispatchEvent(trusted(new Event('error')));
      },
      onclose(code, reason, wasClean) {
        self.#readyState = CLOSED;
        self.dispatchEvent(trusted(new CloseEvent('close', { code, reason, wasClean })));
      },
    };
    this.#id = host.wsConnect(sink, u.href, list);
  }

  get url() { return this.#url; }
  get readyState() { return this.#readyState; }
  get bufferedAmount() { return this.#buffered; }
  get extensions() { return this.#extensions; }
  get protocol() { return this.#protocol; }
  get binaryType() { return this.#binaryType; }
  set binaryType(type) {
    if (type === 'blob' || type === 'arraybuffer') this.#binaryType = type;
  }

  send(data) {
    if (this.#readyState === CONNECTING) throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
    if (data instanceof Blob) {
      this.#buffered += data.size;
      if (this.#readyState !== OPEN) return;
      const read = data.arrayBuffer();
      const prev = this.#queue ?? Promise.resolve();
      const next = prev.then(() => read).then((buf) => this.#transmit(buf, true, 0, buf.byteLength, false));
      this.#queue = next;
      next.finally(() => {
        if (this.#queue === next) this.#queue = null;
      });
      return;
    }
    let args;
    if (typeof data === 'string' || (typeof data !== 'object' && typeof data !== 'function') || data === null) {
      const text = `${data}`;
      this.#buffered += utf8Length(text);
      args = [text, false];
    } else if (data instanceof ArrayBuffer) {
      this.#buffered += data.byteLength;
      args = [data, true, 0, data.byteLength];
    } else if (ArrayBuffer.isView(data)) {
      this.#buffered += data.byteLength;
      args = [data.buffer, true, data.byteOffset, data.byteLength];
    } else {
      const text = `${data}`;
      this.#buffered += utf8Length(text);
      args = [text, false];
    }
    if (this.#readyState !== OPEN) return; // CLOSING or CLOSED: counted, not sent (the spec's way)
    if (this.#queue) {
      const bytes = args[1] ? args[0].slice(args[2], args[2] + args[3]) : null;
      this.#queue = this.#queue.then(() => (bytes ? this.#transmit(bytes, true, 0, bytes.byteLength) : this.#transmit(args[0], false)));
      return;
    }
    this.#transmit(...args);
  }

  #transmit(data, binary, offset, length) {
    if (this.#readyState === OPEN) host.wsSend(this.#id, data, binary, offset, length);
  }

  close(code, reason) {
    if (code !== undefined) {
      code = Number(code);
      if (code !== 1000 && !(code >= 3000 && code <= 4999)) {
        throw new DOMException(`Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`, 'InvalidAccessError');
      }
    }
    if (reason !== undefined) {
      reason = `${reason}`;
      if (utf8Length(reason) > 123) throw new DOMException("Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.", 'SyntaxError');
    }
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    this.#readyState = CLOSING;
    host.wsClose(this.#id, code ?? (reason !== undefined ? 1000 : undefined), reason ?? '');
  }
}
for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
  Object.defineProperty(WebSocket, name, { value, enumerable: true });
  Object.defineProperty(WebSocket.prototype, name, { value, enumerable: true });
}
tag(WebSocket, 'WebSocket');
defineEventHandlers(WebSocket, 'open', 'message', 'error', 'close');

defineGlobal('WebSocket', WebSocket);
defineGlobal('MessageEvent', MessageEvent);
defineGlobal('CloseEvent', CloseEvent);
