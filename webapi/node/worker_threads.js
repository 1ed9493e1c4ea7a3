// node:worker_threads: route code runs on the main thread of its worker
// (isMainThread, no parent port); new threads cannot be started.
export const isMainThread = true;
export const parentPort = null;
export const workerData = null;
export const threadId = 0;
export const resourceLimits = {};
export const SHARE_ENV = Symbol('nodejs.worker_threads.SHARE_ENV');

export class Worker {
  constructor() {
    throw new Error('worker_threads.Worker is not available in jsroutes: a route runs on its worker\'s one thread');
  }
}
export const { MessageChannel, MessagePort, BroadcastChannel } = globalThis;
export function markAsUntransferable() {}
export function getEnvironmentData() { return undefined; }
export function setEnvironmentData() {}

export default { isMainThread, parentPort, workerData, threadId, resourceLimits, SHARE_ENV, Worker, MessageChannel, MessagePort, BroadcastChannel, markAsUntransferable, getEnvironmentData, setEnvironmentData };
