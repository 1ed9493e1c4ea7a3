// node:v8: the heap figures packages read to size caches; the rest of V8's
// API has no meaning on this engine and throws.
function heap() {
  const { rss, heapTotal, heapUsed } = process.memoryUsage();
  return { total_heap_size: heapTotal, total_heap_size_executable: 0, total_physical_size: rss, total_available_size: 0, used_heap_size: heapUsed, heap_size_limit: 0, malloced_memory: 0, peak_malloced_memory: 0, does_zap_garbage: 0, number_of_native_contexts: 1, number_of_detached_contexts: 0 };
}
export const getHeapStatistics = heap;
export const getHeapSpaceStatistics = () => [];
export const cachedDataVersionTag = () => 0;
export function setFlagsFromString() {}
function noV8(name) {
  return () => { throw new Error(`v8.${name} is not available in jsroutes (its engine is not V8)`); };
}
export const serialize = noV8('serialize');
export const deserialize = noV8('deserialize');
export const writeHeapSnapshot = noV8('writeHeapSnapshot');
export const getHeapSnapshot = noV8('getHeapSnapshot');

export default { getHeapStatistics, getHeapSpaceStatistics, cachedDataVersionTag, setFlagsFromString, serialize, deserialize, writeHeapSnapshot, getHeapSnapshot };
