// The same checks of pg-protocol's API run on the real package under Node
// and on jsroutes' Go-backed replacement (webapi/pg/pg_test.go compares
// the two outputs line by line): every message pg sends, as bytes, and
// every message the server sends, parsed from one stream of bytes cut in
// several ways.
import { EventEmitter } from 'node:events';

const hex = (b) => Buffer.from(b).toString('hex');

function serialized({ serialize }) {
  const out = [];
  const add = (what, f) => {
    try {
      out.push(`${what}: ${hex(f())}`);
    } catch (e) {
      out.push(`${what}: throws ${e.name}`);
    }
  };
  add('startup', () => serialize.startup({ user: 'brian', database: 'bang', application_name: 'é', replication: 'database' }));
  add('startup, empty value', () => serialize.startup({ user: 'u', options: '' }));
  add('password', () => serialize.password('p€ss'));
  add('requestSsl', () => serialize.requestSsl());
  add('sasl initial', () => serialize.sendSASLInitialResponseMessage('SCRAM-SHA-256', 'n,,n=*,r=abc'));
  add('scram final', () => serialize.sendSCRAMClientFinalMessage('c=biws,r=abc,p=xyz'));
  add('query', () => serialize.query('SELECT 1; SELECT \'ü\''));
  add('query, empty', () => serialize.query(''));
  add('parse', () => serialize.parse({ text: 'SELECT $1::int' }));
  add('parse, named with types', () => serialize.parse({ name: 'stmt', text: 'SELECT $1, $2', types: [23, 4294967295] }));
  add('parse, types object', () => serialize.parse({ text: 'SELECT 1', types: { getTypeParser() {} } }));
  add('bind, empty', () => serialize.bind());
  add('bind', () => serialize.bind({ portal: 'p', statement: 's', values: [null, 'x', undefined, 'ünï', Buffer.from([1, 2, 3]), ''], binary: true }));
  add('bind, mapped', () => serialize.bind({ values: [1, true, { a: 1 }, null], valueMapper: (v, i) => (v === null ? null : `${i}:${JSON.stringify(v)}`) }));
  add('bind, lone surrogate', () => serialize.bind({ values: ['a\ud800b'] }));
  add('execute', () => serialize.execute());
  add('execute, empty config', () => serialize.execute({}));
  add('execute, portal and rows', () => serialize.execute({ portal: 'cur', rows: 100 }));
  add('execute, rows', () => serialize.execute({ rows: 5 }));
  add('describe portal', () => serialize.describe({ type: 'P' }));
  add('describe statement', () => serialize.describe({ type: 'S' }));
  add('describe named', () => serialize.describe({ type: 'S', name: 'stmt' }));
  add('close', () => serialize.close({ type: 'P', name: 'cur' }));
  add('close unnamed', () => serialize.close({ type: 'S' }));
  add('copyData', () => serialize.copyData(Buffer.from('1\t2\n')));
  add('copyDone', () => serialize.copyDone());
  add('copyFail', () => serialize.copyFail('no'));
  add('cancel', () => serialize.cancel(1234, -5678));
  add('flush sync end', () => Buffer.concat([serialize.flush(), serialize.sync(), serialize.end()]));
  return out;
}

// Backend messages, built here byte by byte.
const int16 = (n) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
const int32 = (n) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const uint32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const cstr = (s) => Buffer.concat([Buffer.from(s), Buffer.from([0])]);
const msg = (code, ...parts) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(code), int32(body.length + 4), body]);
};
const field = (name, type) => Buffer.concat([cstr(name), uint32(16384), int16(1), uint32(type), int16(4), int32(-1), int16(0)]);
const backend = Buffer.concat([
  msg('R', int32(0)),
  msg('R', int32(3)),
  msg('R', int32(5), Buffer.from([1, 2, 3, 4])),
  msg('R', int32(10), cstr('SCRAM-SHA-256'), cstr('SCRAM-SHA-256-PLUS'), cstr('')),
  msg('R', int32(11), Buffer.from('r=abc,s=c2FsdA==,i=4096')),
  msg('R', int32(12), Buffer.from('v=xyz')),
  msg('S', cstr('client_encoding'), cstr('UTF8')),
  msg('K', int32(4242), int32(-99)),
  msg('Z', Buffer.from('I')),
  msg('1'), msg('2'), msg('3'), msg('n'), msg('s'), msg('I'), msg('c'), msg('W'),
  msg('T', int16(3), field('id', 23), field('名前', 25), field('price', 1700)),
  msg('D', int16(3), int32(2), Buffer.from('42'), int32(-1), int32(6), Buffer.from('1.25é')),
  msg('D', int16(1), int32(3), Buffer.from([0x61, 0xff, 0x62])),
  msg('C', cstr('SELECT 1')),
  msg('C', cstr('INSERT 0 5')),
  msg('t', int16(2), uint32(23), uint32(4294967295)),
  msg('A', int32(77), cstr('chan'), cstr('payload ✓')),
  msg('N', Buffer.from('S'), cstr('NOTICE'), Buffer.from('C'), cstr('00000'), Buffer.from('M'), cstr('a notice'), Buffer.from([0])),
  msg('E', Buffer.from('S'), cstr('ERROR'), Buffer.from('V'), cstr('ERROR'), Buffer.from('C'), cstr('23505'), Buffer.from('M'), cstr('duplicate key'), Buffer.from('D'), cstr('Key (id)=(1) exists.'), Buffer.from('s'), cstr('public'), Buffer.from('t'), cstr('items'), Buffer.from('n'), cstr('items_pkey'), Buffer.from('F'), cstr('nbtinsert.c'), Buffer.from('L'), cstr('666'), Buffer.from('R'), cstr('_bt_check_unique'), Buffer.from([0])),
  msg('G', Buffer.from([0]), int16(2), int16(0), int16(0)),
  msg('H', Buffer.from([1]), int16(1), int16(1)),
  msg('d', Buffer.from('1\tx\n')),
  msg('?', Buffer.from('junk')),
  msg('Z', Buffer.from('T')),
]);

// describe renders a message with its kind and its own keys in order.
function describe(m) {
  const kind = m instanceof Error ? `Error(${m.constructor.name})` : 'object';
  const fields = Object.keys(m).map((k) => {
    const v = m[k];
    const shown = Buffer.isBuffer(v) ? `<Buffer ${hex(v)}>` : JSON.stringify(v);
    return `${k}=${shown}`;
  });
  return `${kind} ${m instanceof Error ? `message=${JSON.stringify(m.message)} ` : ''}${fields.join(' ')}`;
}

function parsed({ parse }) {
  const out = [];
  for (const [what, size] of [['whole', backend.length], ['7-byte chunks', 7], ['1-byte chunks', 1], ['101-byte chunks', 101]]) {
    const stream = new EventEmitter();
    const got = [];
    parse(stream, (m) => got.push(describe(m)));
    for (let i = 0; i < backend.length; i += size) stream.emit('data', backend.subarray(i, i + size));
    out.push(`${what}: ${got.length} messages`, ...got);
  }
  return out;
}

export function check(protocol) {
  return [...serialized(protocol), ...parsed(protocol)].join('\n');
}
