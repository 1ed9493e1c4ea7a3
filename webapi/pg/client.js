// pg's Client#query on Go: a query the client could send at once (it is
// connected, idle and nothing waits in its queue) is written and read by
// Go (pgQuery, query.go) into pg's Result, with pg's type parsers and
// prepareValue; pg's Client keeps its state as it would (readyForQuery,
// the transaction status, 'drain'). Anything else is pg's own query. The
// bundler ends pg's client.js with a call of accelerate (bundler/
// accelerate.go); pg's Pool (pool.js) runs its queries on Go through its
// own side in Go (pool.go). What it measured: BENCHMARKS.md, the
// PostgreSQL scenario.
//
// The promise query() returns and how it reads its arguments are pg's
// client.js and utils.js (MIT License, Copyright (c) 2010 - 2021 Brian
// Carlson; the notice in full is in pool.js, for pg-pool's code).
import { host } from '../host.js';
import { kHandle } from '../node/net.js';
import { bindValues } from './protocol.js';

// kOnGo is where pg's Client class keeps what runs its queries on Go:
// its own query method (the wrapper below, so that a Client#query an app
// or a tracer wraps keeps every query), pg's Result and pg's utils.
export const kOnGo = Symbol.for('jsroutes.pg.onGo');

// fastPlan is what Go runs for query(config, values), or null when pg's
// Client must: the text, values, types and row mode, read as pg's
// normalizeQueryConfig and Query read them. A name, a row limit, a
// portal, binary results, the extended mode asked for, a read timeout or
// a query object (pg-cursor, pg-query-stream) are pg's.
export function fastPlan(config, values) {
  let text = config;
  let types;
  let rowMode;
  if (typeof config !== 'string') {
    if (config === null || typeof config !== 'object' || typeof config.submit === 'function') return null;
    if (config.name || config.rows || config.portal || config.binary || config.queryMode || config.query_timeout) return null;
    text = config.text;
    types = config.types;
    rowMode = config.rowMode;
    if (!values) values = config.values;
    if (types != null && (typeof types !== 'object' || Array.isArray(types) || typeof types.getTypeParser !== 'function')) return null;
  }
  if (typeof text !== 'string' || (values != null && !Array.isArray(values))) return null;
  return { text, values: values && values.length > 0 ? values : null, types: types || null, asArray: rowMode === 'array' };
}

// canRunOnGo says whether client would send a query at once, as pg's own
// (its query method pg's, not wrapped), on a socket Go reads.
export function canRunOnGo(client, go) {
  const stream = client.connection && client.connection.stream;
  return (
    client.readyForQuery === true &&
    client._queryable &&
    !client._ending &&
    !client.pipeline &&
    !client.binary &&
    !client.connectionParameters.query_timeout &&
    client._queryQueue.length === 0 &&
    client.query === go.query &&
    !!stream &&
    !!stream[kHandle]
  );
}

// prepare maps plan's values with pg's prepareValue, as pg-protocol's
// Bind does (it may throw, as it does under pg; so does a count of values
// the protocol cannot carry, as protocol.js's Bind does).
export function prepare(go, plan) {
  if (plan.values === null) return null;
  if (plan.values.length > 65535) {
    throw new RangeError(`pg: a query takes at most 65535 parameters, not ${plan.values.length}`);
  }
  return bindValues(plan.values, go.utils.prepareValue);
}

// busyOnGo marks client as running a query Go sent (sent bytes):
// active, Go's stand-in, is pg's active query meanwhile, so that pg's
// Client queues what it is sent, ends the socket at once if asked to end
// (as with a query in flight), and fails the query through
// active.handleError if the socket ends.
export function busyOnGo(client, active, sent) {
  client.connection.stream._bytesWritten += sent;
  client._activeQuery = active;
  client.readyForQuery = false;
  client.hasExecuted = true;
}

// readyOnGo is busyOnGo's end: Go's query on client ended with a
// ReadyForQuery of transaction status status, as pg's Client takes one
// (its active query gone, if it was still active's).
export function readyOnGo(client, active, status) {
  if (client._activeQuery === active) client._activeQuery = null;
  client._txStatus = status;
  client.readyForQuery = true;
}

// runOnGo sends plan's query, with its prepared values, on client's
// socket; done(error, result, closed, status) follows (query.go's finish:
// status is the transaction status of the ReadyForQuery that ended the
// query; closed when the socket ended first, with the server's error if
// one came before). Meanwhile pg's Client is busy with it (busyOnGo,
// then readyOnGo before done when the query ended), and if the socket
// ends it fails that query with its error through lost(error). False
// when Go could not take the query: nothing was sent.
function runOnGo(client, go, plan, values, done, lost) {
  const stream = client.connection.stream;
  const active = { handleError: lost, handleReadyForQuery() {} };
  const sent = host.pgQuery(stream[kHandle], plan.text, values, plan.types || client._types, plan.asArray, go.Result.prototype, (err, res, bytes, closed, status) => {
    stream.bytesRead += bytes;
    if (!closed) readyOnGo(client, active, status);
    done(err, res, closed, status);
  });
  if (sent === false) return false;
  busyOnGo(client, active, sent);
  return true;
}

// accelerate puts the query method that runs on Go in pg's Client, and
// tells Go TypeOverrides' own methods (webapi/pg/types.go).
export function accelerate(Client, Result, utils, TypeOverrides) {
  if (typeof TypeOverrides === 'function') {
    host.pgTypeOverrides(TypeOverrides.prototype.getTypeParser, TypeOverrides.prototype.getOverrides);
  }
  const own = Client.prototype.query;
  const go = { query, Result, utils };
  function query(config, values, callback) {
    let plan = null;
    let cb = callback || (typeof values === 'function' ? values : undefined);
    if (config != null && canRunOnGo(this, go)) {
      if (cb === undefined && typeof config === 'object') cb = config.callback;
      if (cb === undefined || typeof cb === 'function') plan = fastPlan(config, typeof values === 'function' ? undefined : values);
    }
    let prepared;
    if (plan !== null) {
      try {
        prepared = prepare(go, plan);
      } catch {
        // pg's own query fails with it (calling prepareValue again), and
        // sends what pg sends then.
        plan = null;
      }
    }
    if (plan === null) {
      return own.call(this, config, values, callback);
    }
    let result;
    let answered = false;
    const once = (err) => {
      if (!answered) {
        answered = true;
        cb(err);
      }
    };
    if (cb === undefined) {
      result = new this._Promise((resolve, reject) => {
        cb = (err, res) => (err ? reject(err) : resolve(res));
      }).catch((err) => {
        // replace the stack trace that leads to `TCP.onStreamRead` with one that leads back to the
        // application that created the query
        Error.captureStackTrace(err);
        throw err;
      });
    }
    const started = runOnGo(
      this,
      go,
      plan,
      prepared,
      (err, res, closed, status) => {
        if (closed) {
          // A FATAL error, then the end: the query fails with the error,
          // and pg's Client reports the end. Without one, pg's Client
          // fails the query with its end (lost).
          if (err !== undefined) once(err);
          return;
        }
        if (err !== undefined) {
          cb(err);
        } else {
          try {
            cb(null, res);
          } catch (error) {
            process.nextTick(() => {
              throw error;
            });
          }
        }
        this._pulseQueryQueue();
      },
      (error) => once(error)
    );
    if (!started) {
      own.call(this, config, typeof values === 'function' ? undefined : values, cb);
    }
    return result;
  }
  Object.defineProperty(Client, kOnGo, { value: go });
  Client.prototype.query = query;
}

// noParseSource is pg-types' noParse, the parser of a type it has none for.
const noParseSource = /^function noParse ?\(val\) ?\{\s*return String\(val\);?\s*\}$/;

// watchTypes runs at the end of pg-types' index.js (bundler/accelerate.go):
// Go keeps the parsers a connection's last RowDescription got while
// nothing is set (webapi/pg/types.go), so setTypeParser says when one is.
export function watchTypes(types) {
  const set = types.setTypeParser;
  const get = types.getTypeParser;
  if (typeof set !== 'function' || typeof get !== 'function') return;
  types.setTypeParser = function setTypeParser(oid, format, parseFn) {
    host.pgTypesChanged();
    return Reflect.apply(set, this, arguments);
  };
  // An unknown format: pg-types answers noParse.
  const noParse = get('0', 'jsroutes:none');
  host.pgTypesModule(types, get, typeof noParse === 'function' && noParseSource.test(Function.prototype.toString.call(noParse)) ? noParse : null);
}
