// node:stream/promises: pipeline and finished returning promises.
import stream from './stream.js';

export const { pipeline, finished } = stream.promises;
export default stream.promises;
