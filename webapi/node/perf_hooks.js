// node:perf_hooks: the global performance (what drivers time queries with),
// and the observer classes as no-ops: no entries are recorded here.
export const { performance } = globalThis;

export class PerformanceObserver {
  constructor(callback) { this.callback = callback; }
  observe() {}
  disconnect() {}
  static get supportedEntryTypes() { return []; }
}

export function monitorEventLoopDelay() {
  return { enable() {}, disable() {}, reset() {}, percentile: () => 0, min: 0, max: 0, mean: 0, stddev: 0, percentiles: new Map(), exceeds: 0 };
}

export function createHistogram() {
  return monitorEventLoopDelay();
}

export const constants = Object.freeze({ NODE_PERFORMANCE_GC_MAJOR: 4, NODE_PERFORMANCE_GC_MINOR: 1, NODE_PERFORMANCE_GC_INCREMENTAL: 8, NODE_PERFORMANCE_GC_WEAKCB: 16 });

export default { performance, PerformanceObserver, monitorEventLoopDelay, createHistogram, constants };
