// timers.promises, as node:timers carries it.
import * as promises from './timers_promises.js';

export { promises };
