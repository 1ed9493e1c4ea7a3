// node:diagnostics_channel: named channels that libraries publish to
// (undici, ioredis, @redis/client) and tracers subscribe to. Publishing
// with no subscriber costs a property check, as in Node.
const channels = new Map();

export class Channel {
  constructor(name) {
    this.name = name;
    this._subscribers = [];
    this._stores = new Map();
  }
  get hasSubscribers() { return this._subscribers.length > 0 || this._stores.size > 0; }
  subscribe(fn) {
    if (typeof fn !== 'function') throw new TypeError('The "subscription" argument must be of type function');
    this._subscribers = [...this._subscribers, fn];
  }
  unsubscribe(fn) {
    const i = this._subscribers.indexOf(fn);
    if (i < 0) return false;
    this._subscribers = this._subscribers.filter((_, j) => j !== i);
    return true;
  }
  publish(message) {
    for (const fn of this._subscribers) {
      try {
        fn(message, this.name);
      } catch (err) {
        queueMicrotask(() => { throw err; }); // as Node: reported, not thrown at the publisher
      }
    }
  }
  bindStore(store, transform) { this._stores.set(store, transform); }
  unbindStore(store) { return this._stores.delete(store); }
  runStores(message, fn, thisArg, ...args) {
    let run = () => fn.apply(thisArg, args);
    for (const [store, transform] of this._stores) {
      const inner = run;
      run = () => store.run(transform ? transform(message) : message, inner);
    }
    this.publish(message);
    return run();
  }
}

export function channel(name) {
  let c = channels.get(name);
  if (c === undefined) channels.set(name, (c = new Channel(name)));
  return c;
}

export function hasSubscribers(name) {
  return channels.get(name)?.hasSubscribers ?? false;
}

export function subscribe(name, fn) {
  channel(name).subscribe(fn);
}

export function unsubscribe(name, fn) {
  return channel(name).unsubscribe(fn);
}

const events = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

export class TracingChannel {
  constructor(nameOrChannels) {
    for (const e of events) {
      this[e] = typeof nameOrChannels === 'string' ? channel(`tracing:${nameOrChannels}:${e}`) : nameOrChannels[e];
    }
  }
  get hasSubscribers() { return events.some((e) => this[e].hasSubscribers); }
  subscribe(handlers) { for (const e of events) if (handlers[e]) this[e].subscribe(handlers[e]); }
  unsubscribe(handlers) {
    let all = true;
    for (const e of events) if (handlers[e] && !this[e].unsubscribe(handlers[e])) all = false;
    return all;
  }
  traceSync(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return fn.apply(thisArg, args);
    return this.start.runStores(context, () => {
      try {
        context.result = fn.apply(thisArg, args);
        return context.result;
      } catch (err) {
        context.error = err;
        this.error.publish(context);
        throw err;
      } finally {
        this.end.publish(context);
      }
    });
  }
  tracePromise(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return fn.apply(thisArg, args);
    return this.start.runStores(context, () => {
      try {
        const promise = Promise.resolve(fn.apply(thisArg, args));
        return promise.then(
          (result) => { context.result = result; this.asyncStart.publish(context); this.asyncEnd.publish(context); return result; },
          (err) => { context.error = err; this.error.publish(context); this.asyncStart.publish(context); this.asyncEnd.publish(context); throw err; },
        );
      } catch (err) {
        context.error = err;
        this.error.publish(context);
        throw err;
      } finally {
        this.end.publish(context);
      }
    });
  }
  traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return fn.apply(thisArg, args);
    const at = position < 0 ? args.length + position : position;
    const callback = args[at];
    args[at] = (err, result) => {
      if (err) { context.error = err; this.error.publish(context); } else context.result = result;
      this.asyncStart.publish(context);
      try {
        return callback(err, result);
      } finally {
        this.asyncEnd.publish(context);
      }
    };
    return this.traceSync(fn, context, thisArg, ...args);
  }
}

export function tracingChannel(nameOrChannels) {
  return new TracingChannel(nameOrChannels);
}

export default { channel, hasSubscribers, subscribe, unsubscribe, tracingChannel, Channel, TracingChannel };
