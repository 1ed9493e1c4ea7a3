// pg-protocol, the PostgreSQL wire protocol under pg (node-postgres), on Go
// (webapi/pg): the same exports (serialize, parse, DatabaseError), the
// same bytes sent and the same message objects handed to pg's Client, at
// a fraction of the cost in goja. pg itself runs unchanged.
import { host } from '../host.js';
import { Buffer } from '../node/buffer.js';
import { Socket, kHandle } from '../node/net.js';

export class DatabaseError extends Error {
  constructor(message, length, name) {
    super(message);
    this.length = length;
    this.name = name;
  }
}

class NoticeMessage {
  constructor(length, message) {
    this.length = length;
    this.message = message;
    this.name = 'notice';
  }
}

// makeError makes an ErrorResponse's or NoticeResponse's message from its
// fields, as pg-protocol's parseErrorMessage does; fields that are a string
// are the text of pg-protocol's error for a message it does not know.
function makeError(name, fields, length) {
  if (typeof fields === 'string') return new DatabaseError(fields, length, name);
  const message = name === 'notice' ? new NoticeMessage(length, fields.M) : new DatabaseError(fields.M, length, name);
  message.severity = fields.S;
  message.code = fields.C;
  message.detail = fields.D;
  message.hint = fields.H;
  message.position = fields.P;
  message.internalPosition = fields.p;
  message.internalQuery = fields.q;
  message.where = fields.W;
  message.schema = fields.s;
  message.table = fields.t;
  message.column = fields.c;
  message.dataType = fields.d;
  message.constraint = fields.n;
  message.file = fields.F;
  message.line = fields.L;
  message.routine = fields.R;
  return message;
}

const emptyArray = [];
const codeOnly = (code) => Buffer.from([code, 0x00, 0x00, 0x00, 0x04]);
const flushBuffer = codeOnly(0x48);
const syncBuffer = codeOnly(0x53);
const endBuffer = codeOnly(0x58);
const copyDoneBuffer = codeOnly(0x63);
const emptyExecute = Buffer.from([0x45, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00]);
const emptyDescribePortal = host.pgEncode('describe', 'P');
const emptyDescribeStatement = host.pgEncode('describe', 'S');

// bindValues maps a Bind message's values as pg-protocol does (with pg's
// prepareValue, called with each value and its index), to what Go writes:
// null, a string, or a Buffer (which goes in binary format).
export function bindValues(values, mapper) {
  const mapped = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = mapper ? mapper(values[i], i) : values[i];
    mapped[i] = v == null ? null : v instanceof Buffer ? v : String(v);
  }
  return mapped;
}

export const serialize = {
  startup: (opts) => host.pgEncode('startup', opts),
  password: (password) => host.pgEncode('password', password),
  requestSsl: () => Buffer.from([0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f]),
  sendSASLInitialResponseMessage: (mechanism, initialResponse) => host.pgEncode('sasl', mechanism, initialResponse),
  sendSCRAMClientFinalMessage: (additionalData) => host.pgEncode('scram', additionalData),
  query: (text) => host.pgEncode('query', text),
  parse(query) {
    const name = query.name || '';
    if (name.length > 63) {
      console.error('Warning! Postgres only supports 63 characters for query names.');
      console.error('You supplied %s (%s)', name, name.length);
      console.error('This can cause conflicts and silent errors executing queries');
    }
    return host.pgEncode('parse', name, query.text, query.types || emptyArray);
  },
  bind(config = {}) {
    const values = bindValues(config.values || emptyArray, config.valueMapper);
    return host.pgEncode('bind', config.portal || '', config.statement || '', values, config.binary || false);
  },
  execute(config) {
    if (!config || (!config.portal && !config.rows)) return emptyExecute;
    return host.pgEncode('execute', config.portal || '', config.rows || 0);
  },
  describe(msg) {
    if (msg.name) return host.pgEncode('describe', `${msg.type}${msg.name || ''}`);
    return msg.type === 'P' ? emptyDescribePortal : emptyDescribeStatement;
  },
  close: (msg) => host.pgEncode('close', `${msg.type}${msg.name || ''}`),
  flush: () => flushBuffer,
  sync: () => syncBuffer,
  end: () => endBuffer,
  copyData: (chunk) => host.pgEncode('copyData', chunk),
  copyDone: () => copyDoneBuffer,
  copyFail: (message) => host.pgEncode('copyFail', message),
  cancel: (processID, secretKey) => host.pgEncode('cancel', processID, secretKey),
};

// parse hands each message the stream brings to callback, and returns a
// promise of the stream's end. A node:net socket (pg's own, plain or TLS)
// is read by Go directly (host.pgTap): its bytes never become Buffers,
// and pg, which reads nothing else from the socket once it parses it,
// sees the same messages. Any other stream (a socket an app passes as
// `stream`) is read through its 'data' events.
export function parse(stream, callback) {
  const deliver = (messages, failure) => {
    for (let i = 0; i < messages.length; i++) callback(messages[i]);
    if (failure) throw failure;
  };
  const tapped =
    stream instanceof Socket &&
    stream[kHandle] !== 0 &&
    stream.readableLength === 0 &&
    host.pgTap(
      stream[kHandle],
      (messages, failure, bytes) => {
        stream.bytesRead += bytes;
        stream._touch();
        deliver(messages, failure);
      },
      makeError,
    );
  if (tapped) {
    stream.resume(); // flowing, as with a 'data' listener: its 'end' is emitted
  } else {
    const decode = host.pgDecoder(makeError);
    stream.on('data', (buffer) => decode(buffer, deliver));
  }
  return new Promise((resolve) => stream.on('end', () => resolve()));
}

export default { DatabaseError, serialize, parse };
