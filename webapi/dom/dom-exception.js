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
for (const [name, code] of Object.entries(codes)) {
  const constant = name.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toUpperCase().replace(/_ERROR$/, '_ERR');
  Object.defineProperty(DOMException, constant, { value: code, enumerable: true });
  Object.defineProperty(DOMException.prototype, constant, { value: code, enumerable: true });
}
tag(DOMException, 'DOMException');
defineGlobal('DOMException', DOMException);
