// node:dns/promises: node:dns's promise forms.
import { promises } from './dns.js';

export const { lookup, resolve, resolve4, resolve6, resolveCname, resolveMx, resolveTxt, resolveSrv, resolveNs } = promises;
export default promises;
