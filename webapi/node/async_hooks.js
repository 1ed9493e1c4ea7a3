// node:async_hooks — the parts that work without Node's internals.
import { AsyncLocalStorage, AsyncResource } from '../async-hooks.js';

export { AsyncLocalStorage, AsyncResource };
export default { AsyncLocalStorage, AsyncResource };
