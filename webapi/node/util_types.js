// node:util/types: util.types as its own module (pg imports it so).
import { types } from './util.js';

export const {
  isPromise, isDate, isRegExp, isMap, isSet, isArrayBuffer, isAnyArrayBuffer, isArrayBufferView, isTypedArray,
  isUint8Array, isNativeError, isAsyncFunction, isGeneratorFunction, isGeneratorObject, isDataView, isWeakMap, isWeakSet,
  isSharedArrayBuffer, isBoxedPrimitive, isNumberObject, isStringObject, isBooleanObject, isSymbolObject, isProxy,
  isExternal, isModuleNamespaceObject, isArgumentsObject, isMapIterator, isSetIterator, isKeyObject, isCryptoKey,
  isInt8Array, isUint8ClampedArray, isInt16Array, isUint16Array, isInt32Array, isUint32Array, isFloat32Array,
  isFloat64Array, isBigInt64Array, isBigUint64Array,
} = types;
export default types;
