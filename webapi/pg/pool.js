// pg-pool, pg's Pool, with its queries run on Go (client.js and query.go).
// The bundler appends to pg-pool's module a line that puts this class in
// its place (bundler/accelerate.go), so `new pg.Pool()` and `import Pool
// from 'pg-pool'` are this.
//
// It is pg-pool 3.14's Pool, method for method: the same options and
// defaults, the same queue, events, counts, errors and log lines; its
// clients are pg's Clients, connected, checked out (`pool.connect()`) and
// ended by pg's own code. What differs is how `pool.query(text, values)`
// runs once it has an idle client: pg-pool hands it to the client's
// `query`, which built a Query and a Result, wrote five messages and
// handled the answer's six through emits on the client's Connection, with
// pg-pool's acquire and release around it: most of the ~280 µs of CPU the
// PostgreSQL scenario's request took in goja (BENCHMARKS.md). Here Go
// writes the messages and builds pg's Result from the answer (pgPoolRun,
// pool.go), the client is not checked out, and a released client goes
// straight to the next waiting query. While all clients are busy and
// nothing else waits, queries wait in Go, where a client whose query
// ended takes the next without a call into JS (pool.go says when). A
// query Go does not take (client.js's fastPlan and canRunOnGo say which)
// goes through the client's `query` as in pg-pool. One more thing is
// cheaper and equal in effect: idle clients expire through one timer for
// the pool instead of one per release.
//
// pg-pool's code is under this notice:
//
// MIT License
//
// Copyright (c) 2017 Brian M. Carlson
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in all
// copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
// SOFTWARE.
import { host } from '../host.js';
import { EventEmitter } from '../node/events.js';
import { kHandle } from '../node/net.js';
import { busyOnGo, canRunOnGo, fastPlan, kOnGo, prepare, readyOnGo } from './client.js';

const NOOP = function () {};

const removeWhere = (list, predicate) => {
  const i = list.findIndex(predicate);
  return i === -1 ? undefined : list.splice(i, 1)[0];
};

class IdleItem {
  constructor(client, idleListener, since, expires) {
    this.client = client;
    this.idleListener = idleListener;
    this.since = since; // performance.now() at release
    this.expires = expires; // whether idleTimeoutMillis applies (pg-pool set a timer)
  }
}

class PendingItem {
  constructor(callback) {
    this.callback = callback;
  }
}

// QueryItem is pool.query's pending item: its callback, given a client,
// is pg-pool's query on it (pg's Client runs it); plan, when not null, is
// what Go can run instead (fastPlan). A class rather than pg-pool's
// closure per query: most of them never need it.
class QueryItem {
  constructor(pool, text, values, done, plan) {
    this.pool = pool;
    this.text = text;
    this.values = values;
    this.done = done;
    this.plan = plan;
  }

  callback(err, client) {
    if (err) {
      return this.done(err);
    }
    this.pool._clientQuery(client, this.text, this.values, this.done);
  }
}

// makeQueryItem is a query that waited in Go (pool.go) as a pending item
// of pool.js: plan's values are prepared.
function makeQueryItem(config, values, done, plan) {
  return new QueryItem(this, config, values, done, plan);
}

// promised is the done(error, result) of a query that waited in Go with
// a promise, which settle(error, result) settles: as pg-pool's promise,
// whose `.catch` gives a failure the stack of where it is told.
function promised(settle) {
  return (err, res) => {
    if (err !== null && typeof err === 'object') Error.captureStackTrace(err);
    settle(err, res);
  };
}

// GoRun is a client's run of queries on Go, from pool.js's start of one
// (_runQuery) until the client is back (_goDone): pg's Client has it as
// its active query (client.js's busyOnGo); if the socket ends under a
// query, pg's Client fails that query through handleError (lost).
class GoRun {
  constructor(client, idleListener) {
    this.client = client;
    this.idleListener = idleListener;
    this.lost = null;
  }

  handleError(err) {
    if (this.lost !== null) this.lost(err);
  }

  handleReadyForQuery() {}
}

function throwOnDoubleRelease() {
  throw new Error('Release called on client which has already been released to the pool.');
}

function promisify(Promise, callback) {
  if (callback) {
    return { callback: callback, result: undefined };
  }
  let rej;
  let res;
  const cb = function (err, client) {
    err ? rej(err) : res(client);
  };
  const result = new Promise(function (resolve, reject) {
    res = resolve;
    rej = reject;
  }).catch((err) => {
    // replace the stack trace that leads to `TCP.onStreamRead` with one that leads back to the
    // application that created the query
    Error.captureStackTrace(err);
    throw err;
  });
  return { callback: cb, result: result };
}

function makeIdleListener(pool, client) {
  return function idleListener(err) {
    err.client = client;
    client.removeListener('error', idleListener);
    client.on('error', () => {
      pool.log('additional client error after disconnection due to error', err);
    });
    pool._remove(client);
    // TODO - document that once the pool emits an error
    // the client has already been closed & purged and is unusable
    pool.emit('error', err, client);
  };
}

// accelerate returns the Pool that replaces pg-pool's (its module's
// export, unused but for the name): requirePg is pg-pool's own
// require('pg'), for pg's Client when the pool is given none.
export function accelerate(original, requirePg) {
  class Pool extends EventEmitter {
    constructor(options, Client) {
      super();
      this.options = Object.assign({}, options);

      if (options != null && 'password' in options) {
        // "hiding" the password so it doesn't show up in stack traces
        // or if the client is console.logged
        Object.defineProperty(this.options, 'password', {
          configurable: true,
          enumerable: false,
          writable: true,
          value: options.password,
        });
      }
      if (options != null && options.ssl && options.ssl.key) {
        // "hiding" the ssl->key so it doesn't show up in stack traces
        // or if the client is console.logged
        Object.defineProperty(this.options.ssl, 'key', {
          enumerable: false,
        });
      }

      this.options.max = this.options.max || this.options.poolSize || 10;
      this.options.min = this.options.min || 0;
      this.options.maxUses = this.options.maxUses || Infinity;
      this.options.allowExitOnIdle = this.options.allowExitOnIdle || false;
      this.options.maxLifetimeSeconds = this.options.maxLifetimeSeconds || 0;
      this.log = this.options.log || function () {};
      this.Client = this.options.Client || Client || requirePg().Client;
      this.Promise = this.options.Promise || global.Promise;

      if (typeof this.options.idleTimeoutMillis === 'undefined') {
        this.options.idleTimeoutMillis = 10000;
      }

      this._clients = [];
      this._idle = [];
      this._expired = new WeakSet();
      this._pendingQueue = [];
      this._endCallback = undefined;
      this.ending = false;
      this.ended = false;
      // Not pg-pool's: the timer that expires idle clients; what runs
      // queries on Go when this pool's clients are pg's (client.js), with
      // the pool's side in Go (pool.go); and whether queries may wait
      // there: when pg-pool's work for a query taking a client from the
      // queue has no effect to see (no log, no connection timeout, no
      // maxUses or lifetime to count, the global Promise).
      const go = this.Client[kOnGo] || null;
      const hidden = (name, value) => Object.defineProperty(this, name, { writable: true, value });
      hidden('_idleTimer', undefined);
      hidden('_go', go);
      hidden('_goPool', go !== null ? host.pgPool(this, go, Buffer, this._goDone, promised) : null);
      hidden(
        '_goQueue',
        go !== null &&
          this.options.log === undefined &&
          !this.options.connectionTimeoutMillis &&
          this.options.maxUses === Infinity &&
          !this.options.maxLifetimeSeconds &&
          !this.options.allowExitOnIdle &&
          this.Promise === global.Promise
      );
    }

    // _drainGo moves the queries waiting in Go to the pending queue, in
    // order, before pool.js looks at it or adds to it.
    _drainGo() {
      if (this._goPool !== null && host.pgPoolWaiting(this._goPool) > 0) {
        for (const item of host.pgPoolDrain(this._goPool, makeQueryItem)) {
          this._pendingQueue.push(item);
        }
      }
    }

    _promiseTry(f) {
      const Promise = this.Promise;
      if (typeof Promise.try === 'function') {
        return Promise.try(f);
      }
      return new Promise((resolve) => resolve(f()));
    }

    _isFull() {
      return this._clients.length >= this.options.max;
    }

    _isAboveMin() {
      return this._clients.length > this.options.min;
    }

    _pulseQueue() {
      this._drainGo();
      this.log('pulse queue');
      if (this.ended) {
        this.log('pulse queue ended');
        return;
      }
      if (this.ending) {
        this.log('pulse queue on ending');
        if (this._idle.length) {
          this._idle.slice().map((item) => {
            this._remove(item.client);
          });
        }
        if (!this._clients.length) {
          this.ended = true;
          this._endCallback();
        }
        return;
      }

      // if we don't have any waiting, do nothing
      if (!this._pendingQueue.length) {
        this.log('no queued requests');
        return;
      }
      // if we don't have any idle clients and we have no more room do nothing
      if (!this._idle.length && this._isFull()) {
        return;
      }
      const pendingItem = this._pendingQueue.shift();
      if (this._idle.length) {
        const idleItem = this._idle.pop();
        const client = idleItem.client;
        if (this.options.allowExitOnIdle) client.ref && client.ref();
        const idleListener = idleItem.idleListener;
        if (pendingItem.plan) {
          return this._runQuery(client, pendingItem, idleListener);
        }
        return this._acquireClient(client, pendingItem, idleListener, false);
      }
      if (!this._isFull()) {
        return this.newClient(pendingItem);
      }
      throw new Error('unexpected condition');
    }

    _remove(client, callback) {
      removeWhere(this._idle, (item) => item.client === client);

      this._clients = this._clients.filter((c) => c !== client);
      const context = this;
      client.end(() => {
        context.emit('remove', client);

        if (typeof callback === 'function') {
          callback();
        }
      });
    }

    connect(cb) {
      if (this.ending) {
        const err = new Error('Cannot use a pool after calling end on the pool');
        return cb ? cb(err) : this.Promise.reject(err);
      }

      const response = promisify(this.Promise, cb);
      const result = response.result;
      this._enqueue(new PendingItem(response.callback));
      return result;
    }

    // _enqueue is pg-pool's connect() after its promise: the item waits
    // for a client, or gets a new one.
    _enqueue(pendingItem) {
      this._drainGo();
      // if we don't have to connect a new client, don't do so
      if (this._isFull() || this._idle.length) {
        // if we have idle clients schedule a pulse immediately
        if (this._idle.length) {
          process.nextTick(() => this._pulseQueue());
        }

        if (!this.options.connectionTimeoutMillis) {
          this._pendingQueue.push(pendingItem);
          return;
        }

        const callback = pendingItem.callback.bind(pendingItem);
        const queueCallback = (err, res, done) => {
          clearTimeout(tid);
          callback(err, res, done);
        };
        pendingItem.callback = queueCallback;

        // set connection timeout on checking out an existing client
        const tid = setTimeout(() => {
          // remove the callback from pending waiters because
          // we're going to call it with a timeout error
          removeWhere(this._pendingQueue, (i) => i === pendingItem);
          pendingItem.timedOut = true;
          callback(new Error('timeout exceeded when trying to connect'));
        }, this.options.connectionTimeoutMillis);
        pendingItem.tid = tid;

        if (tid.unref) {
          tid.unref();
        }

        this._pendingQueue.push(pendingItem);
        return;
      }

      this.newClient(pendingItem);
    }

    newClient(pendingItem) {
      const client = new this.Client(this.options);
      this._clients.push(client);
      const idleListener = makeIdleListener(this, client);

      this.log('checking client timeout');

      // connection timeout logic
      let tid;
      let timeoutHit = false;
      if (this.options.connectionTimeoutMillis) {
        tid = setTimeout(() => {
          if (client.connection) {
            this.log('ending client due to timeout');
            timeoutHit = true;
            client.connection.stream.destroy();
          } else if (!client.isConnected()) {
            this.log('ending client due to timeout');
            timeoutHit = true;
            // force kill the node driver, and let libpq do its teardown
            client.end();
          }
        }, this.options.connectionTimeoutMillis);
      }

      this.log('connecting new client');
      client.connect((err) => {
        if (tid) {
          clearTimeout(tid);
        }
        client.on('error', idleListener);
        if (err) {
          this.log('client failed to connect', err);
          // remove the dead client from our list of clients
          this._clients = this._clients.filter((c) => c !== client);
          if (timeoutHit) {
            err = new Error('Connection terminated due to connection timeout', { cause: err });
          }

          // this client won’t be released, so move on immediately
          this._pulseQueue();

          if (!pendingItem.timedOut) {
            pendingItem.callback(err, undefined, NOOP);
          }
        } else {
          this.log('new client connected');

          if (this.options.onConnect) {
            this._promiseTry(() => this.options.onConnect(client)).then(
              () => {
                this._afterConnect(client, pendingItem, idleListener);
              },
              (hookErr) => {
                this._clients = this._clients.filter((c) => c !== client);
                client.end(() => {
                  this._pulseQueue();
                  if (!pendingItem.timedOut) {
                    pendingItem.callback(hookErr, undefined, NOOP);
                  }
                });
              }
            );
            return;
          }

          return this._afterConnect(client, pendingItem, idleListener);
        }
      });
    }

    _afterConnect(client, pendingItem, idleListener) {
      if (this.options.maxLifetimeSeconds !== 0) {
        const maxLifetimeTimeout = setTimeout(() => {
          this.log('ending client due to expired lifetime');
          this._expired.add(client);
          const idleIndex = this._idle.findIndex((idleItem) => idleItem.client === client);
          if (idleIndex !== -1) {
            this._acquireClient(
              client,
              new PendingItem((err, client, clientRelease) => clientRelease()),
              idleListener,
              false
            );
          }
        }, this.options.maxLifetimeSeconds * 1000);

        maxLifetimeTimeout.unref();
        client.once('end', () => clearTimeout(maxLifetimeTimeout));
      }

      return this._acquireClient(client, pendingItem, idleListener, true);
    }

    // acquire a client for a pending work item
    _acquireClient(client, pendingItem, idleListener, isNew) {
      if (isNew) {
        this.emit('connect', client);
      }

      this.emit('acquire', client);
      this._handOver(client, pendingItem, idleListener, isNew);
    }

    // _handOver is the rest of pg-pool's _acquireClient, after 'acquire'.
    _handOver(client, pendingItem, idleListener, isNew) {
      client.release = this._releaseOnce(client, idleListener);

      client.removeListener('error', idleListener);

      if (!pendingItem.timedOut) {
        if (isNew && this.options.verify) {
          this.options.verify(client, (err) => {
            if (err) {
              client.release(err);
              return pendingItem.callback(err, undefined, NOOP);
            }

            pendingItem.callback(undefined, client, client.release);
          });
        } else {
          pendingItem.callback(undefined, client, client.release);
        }
      } else {
        if (isNew && this.options.verify) {
          this.options.verify(client, client.release);
        } else {
          client.release();
        }
      }
    }

    // returns a function that wraps _release and throws if called more than once
    _releaseOnce(client, idleListener) {
      let released = false;

      return (err) => {
        if (released) {
          throwOnDoubleRelease();
        }

        released = true;
        this._release(client, idleListener, err);
      };
    }

    // release a client back to the poll, include an error
    // to remove it from the pool
    _release(client, idleListener, err) {
      client.on('error', idleListener);
      this._putBack(client, idleListener, err);
    }

    // _putBack is the rest of pg-pool's _release, after it listens for
    // the idle client's errors again (a query run on Go never stopped).
    _putBack(client, idleListener, err) {
      this._drainGo();
      client._poolUseCount = (client._poolUseCount || 0) + 1;

      if (this._events.release !== undefined) this.emit('release', err, client);

      // TODO(bmc): expose a proper, public interface _queryable and _ending
      if (err || this.ending || !client._queryable || client._ending || client._poolUseCount >= this.options.maxUses) {
        if (client._poolUseCount >= this.options.maxUses) {
          this.log('remove expended client');
        }

        return this._remove(client, this._pulseQueue.bind(this));
      }

      const isExpired = this._expired.has(client);
      if (isExpired) {
        this.log('remove expired client');
        this._expired.delete(client);
        return this._remove(client, this._pulseQueue.bind(this));
      }

      // The next query waiting gets the client at once: what pg-pool's
      // push to the idle list and pulse of the queue come to (the timer
      // it set is cleared as it is set).
      const next = this._pendingQueue[0];
      if (next !== undefined && next.plan && !this.options.allowExitOnIdle) {
        this.log('pulse queue');
        this._pendingQueue.shift();
        return this._runQuery(client, next, idleListener);
      }

      // idle timeout
      const expires = Boolean(this.options.idleTimeoutMillis && this._isAboveMin());
      if (expires && this._idleTimer === undefined) {
        this._armIdleTimer(this.options.idleTimeoutMillis);
      }

      if (this.options.allowExitOnIdle) {
        client.unref();
      }

      this._idle.push(new IdleItem(client, idleListener, expires ? performance.now() : 0, expires));
      this._pulseQueue();
    }

    // The idle timeout. pg-pool set a timer per release, which removed
    // the client if the pool was still above its minimum when it fired;
    // one timer here, due when the oldest idle client's would be, does
    // the same for every client whose time has come (a timer and its
    // clearing were ~5 µs of every query).
    _armIdleTimer(ms) {
      this._idleTimer = setTimeout(() => this._expireIdle(), ms);
      if (this.options.allowExitOnIdle) {
        this._idleTimer.unref();
      }
    }

    _expireIdle() {
      this._idleTimer = undefined;
      const timeout = this.options.idleTimeoutMillis;
      const now = performance.now();
      let next = Infinity;
      // Oldest first, as their timers would have fired.
      for (const item of this._idle.slice()) {
        if (!item.expires) continue;
        const due = item.since + timeout;
        if (due > now + 1) {
          next = Math.min(next, due);
        } else if (this._isAboveMin()) {
          this.log('remove idle client');
          this._remove(item.client, this._pulseQueue.bind(this));
        } else {
          item.expires = false; // its timer fired and kept it
        }
      }
      if (next !== Infinity && !this.ended) {
        this._armIdleTimer(Math.max(1, Math.ceil(next - now)));
      }
    }

    query(text, values, cb) {
      // guard clause against passing a function as the first parameter
      if (typeof text === 'function') {
        const response = promisify(this.Promise, text);
        setImmediate(function () {
          return response.callback(new Error('Passing a function as the first parameter to pool.query is not supported'));
        });
        return response.result;
      }

      // allow plain text query without values, but callback
      if (typeof values === 'function') {
        cb = values;
        values = undefined;
      }
      // All clients busy and nothing else waiting: the query waits in Go
      // (pool.go), unless Go cannot take it as it is.
      if (
        this._goQueue &&
        !this.ending &&
        this._pendingQueue.length === 0 &&
        this._idle.length === 0 &&
        this._isFull() &&
        (cb === undefined || typeof cb === 'function')
      ) {
        const waiting = host.pgPoolWait(this._goPool, text, values, cb);
        if (waiting !== false) return waiting;
      }

      const response = promisify(this.Promise, cb);
      cb = response.callback;

      if (this.ending) {
        cb(new Error('Cannot use a pool after calling end on the pool'));
      } else {
        this._enqueue(new QueryItem(this, text, values, cb, this._go !== null ? fastPlan(text, values) : null));
      }
      return response.result;
    }

    // _clientQuery is pg-pool's query on a checked-out client: pg's
    // Client runs it.
    _clientQuery(client, text, values, cb) {
      let clientReleased = false;
      const onError = (err) => {
        if (clientReleased) {
          return;
        }
        clientReleased = true;
        client.release(err);
        cb(err);
      };

      client.once('error', onError);
      this.log('dispatching query');
      try {
        client.query(text, values, (err, res) => {
          this.log('query dispatched');
          client.removeListener('error', onError);
          if (clientReleased) {
            return;
          }
          clientReleased = true;
          client.release(err);
          if (err) {
            return cb(err);
          }
          return cb(undefined, res);
        });
      } catch (err) {
        client.release(err);
        return cb(err);
      }
    }

    // _runQuery runs a pending query on an idle client: on Go when the
    // client can take it, else through pg's Client, as pg-pool does. On
    // Go the client is never checked out: it keeps listening for errors
    // as an idle client does, and pg's Client, whose readyForQuery is
    // false meanwhile, queues what anything else sends it. When the query
    // ends, the client may go on to the queries waiting in Go (pool.go);
    // it comes back through _goDone.
    _runQuery(client, pendingItem, idleListener) {
      if (pendingItem.tid !== undefined) clearTimeout(pendingItem.tid);
      const fast = canRunOnGo(client, this._go);
      // An emit nobody listens to does nothing: not made (~1 µs a query).
      if (this._events.acquire !== undefined) this.emit('acquire', client);
      if (!fast) {
        return this._handOver(client, pendingItem, idleListener, false);
      }
      const cb = pendingItem.done;
      const plan = pendingItem.plan;
      this.log('dispatching query');
      let values = plan.prepared;
      if (values === undefined) {
        try {
          values = prepare(this._go, plan);
        } catch (err) {
          // pg's Query fails so, and pg-pool releases the client with the error.
          this.log('query dispatched');
          this._putBack(client, idleListener, err);
          return cb(err);
        }
      }
      const run = new GoRun(client, idleListener);
      const stream = client.connection.stream;
      const types = plan.types || client._types;
      const sent = host.pgPoolRun(this._goPool, run, stream[kHandle], plan.text, values, types, plan.asArray, cb);
      if (sent === false) {
        return this._handOver(client, pendingItem, idleListener, false);
      }
      busyOnGo(client, run, sent);
    }

    // _goDone: the last query of run ended (pool.go), with an error or
    // result for done, and the client is the pool's again, after `uses`
    // queries more than pool.js counted. closed when the socket ended
    // first (with the server's error, if one came; else pg's Client fails
    // the query through run.lost, or emits 'error': the first of them
    // releases the client, as in pg-pool's query).
    _goDone(run, done, err, res, bytes, written, closed, status, uses) {
      const client = run.client;
      const stream = client.connection.stream;
      stream.bytesRead += bytes;
      stream._bytesWritten += written;
      if (uses > 0) client._poolUseCount = (client._poolUseCount || 0) + uses;
      if (closed && err === undefined) {
        let released = false;
        const onError = (error) => {
          if (released) return;
          released = true;
          client.removeListener('error', onError);
          this._release(client, run.idleListener, error);
          done(error);
        };
        client.removeListener('error', run.idleListener);
        client.once('error', onError);
        run.lost = onError;
        return;
      }
      this.log('query dispatched');
      if (!closed) {
        readyOnGo(client, run, status);
        if (client._queryQueue.length) client._pulseQueryQueue();
      }
      this._putBack(client, run.idleListener, err);
      if (err !== undefined) {
        return done(err);
      }
      return done(undefined, res);
    }

    end(cb) {
      this.log('ending');
      if (this.ending) {
        const err = new Error('Called end on pool more than once');
        return cb ? cb(err) : this.Promise.reject(err);
      }
      this.ending = true;
      if (this._idleTimer !== undefined) {
        clearTimeout(this._idleTimer);
        this._idleTimer = undefined;
      }
      const promised = promisify(this.Promise, cb);
      this._endCallback = promised.callback;
      this._pulseQueue();
      return promised.result;
    }

    get waitingCount() {
      return this._pendingQueue.length + (this._goPool !== null ? host.pgPoolWaiting(this._goPool) : 0);
    }

    get idleCount() {
      return this._idle.length;
    }

    get expiredCount() {
      return this._clients.reduce((acc, client) => acc + (this._expired.has(client) ? 1 : 0), 0);
    }

    get totalCount() {
      return this._clients.length;
    }
  }
  Object.defineProperty(Pool, 'name', { value: original.name || 'Pool' });
  return Pool;
}
