// node:events: the npm `events` package (browserify's port of Node's
// EventEmitter). It is a function constructor, as Node's is, so npm code
// that does `EventEmitter.call(this)` or util.inherits works.
import EventEmitter from '../vendor/events.js';

export { EventEmitter };
export const { once, defaultMaxListeners } = EventEmitter;
export default EventEmitter;
