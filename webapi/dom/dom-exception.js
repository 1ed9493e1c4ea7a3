// DOMException per WebIDL, with the legacy code table.
import { defineGlobal, tag } from '../host.js';

const codes = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
  SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};

export class DOMException extends Error {
  #name;
  #code;
  constructor(message = '', name = 'Error') {
    super(String(message));
    this.#name = String(name);
    this.#code = codes[this.#name] ?? 0;
  }
  get name() { return this.#name; }
  get code() { return this.#code; }
}
// The constants, in code order, with the four whose errors are gone
// (DOMSTRING_SIZE_ERR, NO_DATA_ALLOWED_ERR, INUSE_ATTRIBUTE_ERR,
// VALIDATION_ERR): WebIDL keeps them, and Node has them.
const constants = Object.entries(codes).map(([name, code]) => [
  name.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toUpperCase().replace(/_ERROR$/, '_ERR'), code,
]);
constants.push(['DOMSTRING_SIZE_ERR', 2], ['NO_DATA_ALLOWED_ERR', 6], ['INUSE_ATTRIBUTE_ERR', 10], ['VALIDATION_ERR', 16]);
constants.sort((a, b) => a[1] - b[1]);
for (const [constant, code] of constants) {
  Object.defineProperty(DOMException, constant, { value: code, enumerable: true });
  Object.defineProperty(DOMException.prototype, constant, { value: code, enumerable: true });
}
// WebIDL attributes are enumerable accessors that check their receiver
// (reading DOMException.prototype.name throws).
for (const name of ['name', 'code']) {
  Object.defineProperty(DOMException.prototype, name, { ...Object.getOwnPropertyDescriptor(DOMException.prototype, name), enumerable: true });
}
tag(DOMException, 'DOMException');
defineGlobal('DOMException', DOMException);
