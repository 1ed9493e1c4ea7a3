// WebAssembly, the JS API (https://webassembly.github.io/spec/js-api/),
// on wazero (wasm.go). A lazy module: the first touch of the global runs it.
import { defineGlobal, host } from '../host.js';

const kGo = Symbol('go');

function errorClass(name) {
  const cls = class extends Error {
    constructor(message, options) {
      super(message, options);
      this.name = name;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true, enumerable: false });
  return cls;
}

export const CompileError = errorClass('CompileError');
export const LinkError = errorClass('LinkError');
export const RuntimeError = errorClass('RuntimeError');
host.wasmInit(RuntimeError);

function bufferSource(bytes, where) {
  if (bytes instanceof ArrayBuffer) return bytes;
  if (ArrayBuffer.isView(bytes)) return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  throw new TypeError(`${where}: Argument 0 must be a buffer source`);
}

export class Module {
  constructor(bytes) {
    if (new.target === undefined) throw new TypeError("WebAssembly.Module must be invoked with 'new'");
    const out = host.wasmCompile(bufferSource(bytes, 'WebAssembly.Module()'));
    if (typeof out === 'string') throw new CompileError(out);
    const [go, imports, exports, sections] = out;
    this[kGo] = { go, imports, exports, sections };
  }

  static imports(module) {
    return state(module).imports.map(([module_, name, kind]) => ({ module: module_, name, kind }));
  }

  static exports(module) {
    return state(module).exports.map(([name, kind]) => ({ name, kind }));
  }

  static customSections(module, sectionName) {
    if (sectionName === undefined) throw new TypeError('WebAssembly.Module.customSections(): Argument 1 is required');
    const name = `${sectionName}`;
    return state(module).sections.filter(([n]) => n === name).map(([, data]) => data.slice(0));
  }
}
Object.defineProperty(Module.prototype, Symbol.toStringTag, { value: 'WebAssembly.Module', configurable: true });

function state(module) {
  if (!(module instanceof Module)) throw new TypeError('WebAssembly.Module: Argument 0 must be a WebAssembly.Module');
  return module[kGo];
}

// resolve reads, for each import of the module, what the imports object
// gives, as the JS API's "read the imports" step does.
function resolve(module, importObject) {
  const { imports } = state(module);
  if (imports.length && (importObject === undefined || importObject === null || typeof importObject !== 'object')) {
    throw new TypeError('WebAssembly.Instance(): Imports argument must be present and must be an object');
  }
  return imports.map(([moduleName, name, kind], i) => {
    const ns = importObject[moduleName];
    if (ns === null || (typeof ns !== 'object' && typeof ns !== 'function')) {
      throw new TypeError(`WebAssembly.Instance(): Import #${i} "${moduleName}": module is not an object or function`);
    }
    const v = ns[name];
    switch (kind) {
      case 'function':
        if (typeof v !== 'function') throw new LinkError(`WebAssembly.Instance(): Import #${i} "${moduleName}" "${name}": function import requires a callable`);
        return v;
      case 'memory':
        if (!(v instanceof Memory)) throw new LinkError(`WebAssembly.Instance(): Import #${i} "${moduleName}" "${name}": memory import must be a WebAssembly.Memory object`);
        return v[kGo];
      case 'global':
        return v instanceof Global ? v[kGo] : v;
      default:
        return v instanceof Table ? v[kGo] : v;
    }
  });
}

export class Instance {
  #exports;
  #owner; // the Go half: keeps the instance's runtime open while this lives
  constructor(module, importObject) {
    if (new.target === undefined) throw new TypeError("WebAssembly.Instance must be invoked with 'new'");
    const out = host.wasmInstantiate(state(module).go, resolve(module, importObject));
    if (out[0] === null) {
      const [, kind, message] = out;
      throw new (kind === 'RuntimeError' ? RuntimeError : LinkError)(message);
    }
    const exports = Object.create(null);
    for (const [name, kind, value] of out[1]) {
      switch (kind) {
        case 'memory': exports[name] = wrap(Memory, value); break;
        case 'global': exports[name] = wrap(Global, value); break;
        case 'table': exports[name] = wrap(Table, value); break;
        default: exports[name] = value;
      }
    }
    this.#exports = Object.freeze(exports);
    this.#owner = out[0];
  }

  get exports() { return this.#exports; }
}
Object.defineProperty(Instance.prototype, Symbol.toStringTag, { value: 'WebAssembly.Instance', configurable: true });

// wrap makes a Memory, Global or Table object over a Go half.
function wrap(cls, go) {
  const o = Object.create(cls.prototype);
  o[kGo] = go;
  return o;
}

function checkInteger(v, what, max) {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new TypeError(`${what} must be convertible to a valid number`);
  if (n > max) throw new RangeError(`${what}: value ${Math.trunc(n)} is above the upper bound ${max}`);
  return Math.trunc(n);
}

export class Memory {
  constructor(descriptor) {
    if (new.target === undefined) throw new TypeError("WebAssembly.Memory must be invoked with 'new'");
    if (descriptor === null || typeof descriptor !== 'object') throw new TypeError('WebAssembly.Memory(): Argument 0 must be a memory descriptor');
    if (descriptor.shared) throw new TypeError('WebAssembly.Memory(): shared memories are not supported by jsroutes (it has no SharedArrayBuffer)');
    const initial = checkInteger(descriptor.initial ?? descriptor.minimum, "WebAssembly.Memory(): Property 'initial'", 65536);
    const maximum = descriptor.maximum === undefined ? undefined : checkInteger(descriptor.maximum, "WebAssembly.Memory(): Property 'maximum'", 65536);
    if (maximum !== undefined && maximum < initial) throw new RangeError("WebAssembly.Memory(): Property 'maximum': value " + maximum + " is below the lower bound " + initial);
    this[kGo] = host.wasmMemoryNew(initial, maximum);
  }

  get buffer() {
    return host.wasmMemoryBuffer(go(this, Memory));
  }

  grow(delta) {
    return host.wasmMemoryGrow(go(this, Memory), checkInteger(delta, 'WebAssembly.Memory.grow(): Argument 0', 65536));
  }
}
Object.defineProperty(Memory.prototype, Symbol.toStringTag, { value: 'WebAssembly.Memory', configurable: true });

function go(o, cls) {
  if (!(o instanceof cls) || o[kGo] === undefined) throw new TypeError(`Receiver is not a WebAssembly.${cls.name}`);
  return o[kGo];
}

const valueTypes = new Set(['i32', 'i64', 'f32', 'f64', 'externref']);

export class Global {
  constructor(descriptor, value) {
    if (new.target === undefined) throw new TypeError("WebAssembly.Global must be invoked with 'new'");
    if (descriptor === null || typeof descriptor !== 'object') throw new TypeError('WebAssembly.Global(): Argument 0 must be a global descriptor');
    const type = `${descriptor.value}`;
    if (!valueTypes.has(type)) throw new TypeError("WebAssembly.Global(): Descriptor property 'value' must be a WebAssembly type (jsroutes: i32, i64, f32, f64 or externref)");
    if (value === undefined && type !== 'externref') value = type === 'i64' ? 0n : 0;
    this[kGo] = host.wasmGlobalNew(type, !!descriptor.mutable, value);
  }

  get value() { return host.wasmGlobalGet(go(this, Global)); }

  set value(v) {
    host.wasmGlobalSet(go(this, Global), v);
  }

  valueOf() { return this.value; }
}
Object.defineProperty(Global.prototype, Symbol.toStringTag, { value: 'WebAssembly.Global', configurable: true });

// Table: a JS-made table keeps its values in Go until an instance
// imports it; an instance's table is read, written and grown through
// helper functions added to its module (see instrument.go).
const elementTypes = new Map([['anyfunc', 'funcref'], ['funcref', 'funcref'], ['externref', 'externref']]);

export class Table {
  constructor(descriptor, value) {
    if (new.target === undefined) throw new TypeError("WebAssembly.Table must be invoked with 'new'");
    if (descriptor === null || typeof descriptor !== 'object') throw new TypeError('WebAssembly.Table(): Argument 0 must be a table descriptor');
    const element = elementTypes.get(`${descriptor.element}`);
    if (element === undefined) throw new TypeError("WebAssembly.Table(): Descriptor property 'element' must be a WebAssembly reference type");
    const initial = checkInteger(descriptor.initial ?? descriptor.minimum, "WebAssembly.Table(): Property 'initial'", 10000000); // V8's limit
    const maximum = descriptor.maximum === undefined ? undefined : checkInteger(descriptor.maximum, "WebAssembly.Table(): Property 'maximum'", 2 ** 32 - 1);
    if (maximum !== undefined && maximum < initial) throw new RangeError("WebAssembly.Table(): Property 'maximum': value " + maximum + ' is below the lower bound ' + initial);
    this[kGo] = host.wasmTableNew(element, initial, maximum, value, arguments.length > 1);
  }

  get length() { return host.wasmTableLength(go(this, Table)); }

  get(index) {
    return host.wasmTableGet(go(this, Table), checkInteger(index, 'WebAssembly.Table.get(): Argument 0', 2 ** 32 - 1));
  }

  set(index, value) {
    host.wasmTableSet(go(this, Table), checkInteger(index, 'WebAssembly.Table.set(): Argument 0', 2 ** 32 - 1), value, arguments.length > 1);
  }

  grow(delta, value) {
    return host.wasmTableGrow(go(this, Table), checkInteger(delta, 'WebAssembly.Table.grow(): Argument 0', 2 ** 32 - 1), value, arguments.length > 1);
  }
}
Object.defineProperty(Table.prototype, Symbol.toStringTag, { value: 'WebAssembly.Table', configurable: true });

export function validate(bytes) {
  return host.wasmValidate(bufferSource(bytes, 'WebAssembly.validate()'));
}

// The promise forms compile on the loop, as the synchronous ones do (wazero
// compiles in the calling goroutine; the compilation cache makes a second
// compile of the same bytes cheap).
export async function compile(bytes) {
  return new Module(bytes);
}

export async function instantiate(source, importObject) {
  if (source instanceof Module) return new Instance(source, importObject);
  const module = new Module(source);
  return { module, instance: new Instance(module, importObject) };
}

async function responseBytes(source, where) {
  const response = await source;
  if (!(response instanceof Response)) throw new TypeError(`${where}: Argument 0 must be provided and must be a Response`);
  const type = response.headers.get('content-type');
  if (type === null || type.split(';')[0].trim().toLowerCase() !== 'application/wasm') {
    throw new TypeError(`${where}: Incorrect response MIME type. Expected 'application/wasm'.`);
  }
  if (!response.ok) throw new TypeError(`${where}: HTTP status code is not ok`);
  return response.arrayBuffer();
}

export async function compileStreaming(source) {
  return new Module(await responseBytes(source, 'WebAssembly.compileStreaming()'));
}

export async function instantiateStreaming(source, importObject) {
  return instantiate(await responseBytes(source, 'WebAssembly.instantiateStreaming()'), importObject);
}

export const WebAssembly = {
  Module, Instance, Memory, Table, Global, CompileError, LinkError, RuntimeError,
  validate, compile, instantiate, compileStreaming, instantiateStreaming,
};
Object.defineProperty(WebAssembly, Symbol.toStringTag, { value: 'WebAssembly', configurable: true });
for (const key of Object.keys(WebAssembly)) {
  Object.defineProperty(WebAssembly, key, { enumerable: false });
}

defineGlobal('WebAssembly', WebAssembly);
