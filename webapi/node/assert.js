// node:assert and node:assert/strict (strict semantics for equal/deepEqual).
import { inspect } from '../console/inspect.js';
import { isDeepStrictEqual } from './util.js';

export class AssertionError extends Error {
  constructor({ message, actual, expected, operator }) {
    super(message ?? `${inspect(actual)} ${operator} ${inspect(expected)}`);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    this.generatedMessage = message === undefined;
  }
}

function fail(actual, expected, message, operator) {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message, actual, expected, operator });
}

function matches(err, expected) {
  if (expected === undefined) return true;
  if (typeof expected === 'function') return expected.prototype !== undefined && err instanceof expected ? true : expected.prototype === undefined && expected(err) === true;
  if (expected instanceof RegExp) return expected.test(String(err?.message ?? err));
  if (typeof expected === 'object') return Object.keys(expected).every((k) => (expected[k] instanceof RegExp ? expected[k].test(err?.[k]) : isDeepStrictEqual(err?.[k], expected[k])));
  return false;
}

export function ok(value, message) {
  if (!value) fail(value, true, message ?? 'The expression evaluated to a falsy value', '==');
}
export const equal = (a, b, m) => Object.is(a, b) || a === b || fail(a, b, m, '===');
export const notEqual = (a, b, m) => (a !== b && !Object.is(a, b)) || fail(a, b, m, '!==');
export const strictEqual = equal;
export const notStrictEqual = notEqual;
export const deepEqual = (a, b, m) => isDeepStrictEqual(a, b) || fail(a, b, m, 'deepStrictEqual');
export const deepStrictEqual = deepEqual;
export const notDeepStrictEqual = (a, b, m) => !isDeepStrictEqual(a, b) || fail(a, b, m, 'notDeepStrictEqual');
export const notDeepEqual = notDeepStrictEqual;
export const match = (s, re, m) => re.test(s) || fail(s, re, m, 'match');
export function throws(fn, expected, message) {
  try {
    fn();
  } catch (err) {
    if (!matches(err, expected)) throw err;
    return;
  }
  fail(undefined, expected, typeof expected === 'string' ? expected : message ?? 'Missing expected exception.', 'throws');
}
export function doesNotThrow(fn, message) {
  try {
    fn();
  } catch (err) {
    fail(err, undefined, message ?? `Got unwanted exception: ${err?.message}`, 'doesNotThrow');
  }
}
export async function rejects(p, expected, message) {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (!matches(err, expected)) throw err;
    return;
  }
  fail(undefined, expected, message ?? 'Missing expected rejection.', 'rejects');
}
export async function doesNotReject(p, message) {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    fail(err, undefined, message ?? `Got unwanted rejection: ${err?.message}`, 'doesNotReject');
  }
}
export const failAssertion = (message = 'Failed') => fail(undefined, undefined, message, 'fail');

const assert = Object.assign((v, m) => ok(v, m), {
  ok, equal, notEqual, strictEqual, notStrictEqual, deepEqual, deepStrictEqual, notDeepEqual, notDeepStrictEqual,
  match, throws, doesNotThrow, rejects, doesNotReject, fail: failAssertion, AssertionError,
});
assert.strict = assert;
export { failAssertion as fail };
export default assert;
