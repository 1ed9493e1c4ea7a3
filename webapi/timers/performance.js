// performance.now() and timeOrigin, on Go's monotonic clock.
import { defineGlobal, host } from '../host.js';

const timeOrigin = host.timeOrigin;
export const performance = {
  get timeOrigin() { return timeOrigin; },
  now: () => host.now(),
  toJSON() { return { timeOrigin }; },
  mark() {},
  measure() {},
};
Object.defineProperty(performance, Symbol.toStringTag, { value: 'Performance' });
defineGlobal('performance', performance);
