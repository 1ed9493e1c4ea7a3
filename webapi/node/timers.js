// node:timers: the timer functions route code has as globals.
export const { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate } = globalThis;
export { promises } from './timers_promises_ns.js';
export default { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate };
