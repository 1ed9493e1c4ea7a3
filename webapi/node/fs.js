// node:fs, read-only under the project root (webapi/node/fs.go): what route
// code reads of the files an app ships (data, templates, content), with
// paths relative to process.cwd(), the root. Reading outside it, and every
// write, fail with Node's EACCES naming the path.
import { host } from '../host.js';
import { Buffer } from './buffer.js';
import { Readable } from './stream.js';

export const constants = Object.freeze({
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024,
  S_IFMT: 0o170000, S_IFREG: 0o100000, S_IFDIR: 0o040000, S_IFLNK: 0o120000,
  COPYFILE_EXCL: 1,
});
export const { F_OK, R_OK, W_OK, X_OK } = constants;

function pathOf(p) {
  if (p instanceof URL) {
    if (p.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
    return decodeURIComponent(p.pathname);
  }
  if (Buffer.isBuffer(p)) return p.toString();
  if (typeof p !== 'string') {
    const err = new TypeError(`The "path" argument must be of type string or an instance of Buffer or URL. Received ${p === null ? 'null' : typeof p}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  return p;
}

function encodingOf(options) {
  return typeof options === 'string' ? options : options?.encoding ?? null;
}

const decode = (ab, enc) => {
  const buf = Buffer.from(ab);
  return enc && enc !== 'buffer' ? buf.toString(enc) : buf;
};

// readOnly is the error of a write: the project's files are read-only here.
function readOnly(syscall, p) {
  const path = typeof p === 'string' || p instanceof URL || Buffer.isBuffer(p) ? pathOf(p) : String(p);
  const err = new Error(`EACCES: permission denied, ${syscall} '${path}' (node:fs is read-only in jsroutes)`);
  Object.assign(err, { errno: -13, code: 'EACCES', syscall, path });
  return err;
}

// Kinded answers the is*() questions of Stats and Dirent from _kind.
class Kinded {
  isFile() { return this._kind === 'file'; }
  isDirectory() { return this._kind === 'dir'; }
  isSymbolicLink() { return this._kind === 'symlink'; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return false; }
  isFIFO() { return false; }
  isSocket() { return false; }
}

export class Stats extends Kinded {
  constructor(s) {
    super();
    Object.assign(this, {
      dev: 0, ino: 0, mode: s.mode, nlink: 1, uid: 0, gid: 0, rdev: 0, size: s.size, blksize: 4096, blocks: Math.ceil(s.size / 512),
      atimeMs: s.mtimeMs, mtimeMs: s.mtimeMs, ctimeMs: s.mtimeMs, birthtimeMs: s.mtimeMs,
      atime: new Date(s.mtimeMs), mtime: new Date(s.mtimeMs), ctime: new Date(s.mtimeMs), birthtime: new Date(s.mtimeMs),
    });
    this._kind = s.isFile ? 'file' : s.isDirectory ? 'dir' : s.isSymbolicLink ? 'symlink' : 'other';
  }
}

export class Dirent extends Kinded {
  constructor(name, kind, parentPath) {
    super();
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    this._kind = kind;
  }
}

function entries(path, options) {
  const list = host.fsReaddir(path);
  if (options?.withFileTypes) return list.map(([name, kind]) => new Dirent(name, kind, path));
  return list.map(([name]) => (encodingOf(options) === 'buffer' ? Buffer.from(name) : name));
}

// The synchronous forms.
export function readFileSync(p, options) {
  return decode(host.fsRead(pathOf(p)), encodingOf(options));
}
export function existsSync(p) {
  try {
    host.fsStat(pathOf(p), false);
    return true;
  } catch {
    return false;
  }
}
export const statSync = (p, options) => {
  try {
    return new Stats(host.fsStat(pathOf(p), false));
  } catch (err) {
    if (options?.throwIfNoEntry === false && err.code === 'ENOENT') return undefined;
    throw err;
  }
};
export const lstatSync = (p) => new Stats(host.fsStat(pathOf(p), true));
export const readdirSync = (p, options) => entries(pathOf(p), options);
export const realpathSync = (p) => host.fsRealpath(pathOf(p));
realpathSync.native = realpathSync;
export function accessSync(p, mode = F_OK) {
  host.fsStat(pathOf(p), false);
  if (mode & W_OK) throw readOnly('access', p);
}

// The callback forms: each runs the promise form.
const callbackOf = (args) => (typeof args[args.length - 1] === 'function' ? args.pop() : null);
function callbackForm(fn) {
  return (...args) => {
    const cb = callbackOf(args);
    if (cb === null) throw new TypeError('The "cb" argument must be of type function. Received undefined');
    fn(...args).then((v) => cb(null, v), (err) => cb(err));
  };
}

// The promise forms (fs.promises, node:fs/promises).
const asPromise = (fn) => (...args) => new Promise((resolve) => resolve(fn(...args)));
export const promises = {
  readFile: async (p, options) => decode(await host.fsReadAsync(pathOf(p)), encodingOf(options)),
  stat: asPromise(statSync),
  lstat: asPromise(lstatSync),
  readdir: asPromise(readdirSync),
  realpath: asPromise(realpathSync),
  access: asPromise(accessSync),
  constants,
};
for (const [name, syscall] of [['writeFile', 'open'], ['appendFile', 'open'], ['mkdir', 'mkdir'], ['rm', 'rm'], ['rmdir', 'rmdir'], ['unlink', 'unlink'], ['rename', 'rename'], ['copyFile', 'copyfile'], ['cp', 'cp'], ['symlink', 'symlink'], ['chmod', 'chmod'], ['chown', 'chown'], ['truncate', 'open'], ['utimes', 'utime'], ['mkdtemp', 'mkdtemp']]) {
  promises[name] = async (p) => { throw readOnly(syscall, p); };
}
promises.open = async (p, flags = 'r') => {
  if (flags !== 'r') throw readOnly('open', p);
  const path = pathOf(p);
  return {
    readFile: (options) => promises.readFile(path, options),
    stat: () => promises.stat(path),
    close: async () => {},
  };
};

export const readFile = callbackForm(promises.readFile);
export const stat = callbackForm(promises.stat);
export const lstat = callbackForm(promises.lstat);
export const readdir = callbackForm(promises.readdir);
export const realpath = callbackForm(promises.realpath);
export const access = callbackForm(promises.access);
export function exists(p, cb) {
  cb(existsSync(p));
}

// Writes, in every form, are refused.
const refuse = (syscall) => ({
  sync: (p) => { throw readOnly(syscall, p); },
  callback: (p, ...rest) => {
    const cb = typeof rest[rest.length - 1] === 'function' ? rest[rest.length - 1] : null;
    const err = readOnly(syscall, p);
    if (cb === null) throw err;
    queueMicrotask(() => cb(err));
  },
});
const writes = {};
for (const [name, syscall] of [['writeFile', 'open'], ['appendFile', 'open'], ['mkdir', 'mkdir'], ['rm', 'rm'], ['rmdir', 'rmdir'], ['unlink', 'unlink'], ['rename', 'rename'], ['copyFile', 'copyfile'], ['cp', 'cp'], ['symlink', 'symlink'], ['chmod', 'chmod'], ['chown', 'chown'], ['truncate', 'open'], ['utimes', 'utime'], ['mkdtemp', 'mkdtemp']]) {
  writes[name] = refuse(syscall).callback;
  writes[`${name}Sync`] = refuse(syscall).sync;
}
export const {
  writeFile, writeFileSync, appendFile, appendFileSync, mkdir, mkdirSync, rm, rmSync, rmdir, rmdirSync, unlink, unlinkSync,
  rename, renameSync, copyFile, copyFileSync, cp, cpSync, symlink, symlinkSync, chmod, chmodSync, chown, chownSync,
  truncate, truncateSync, utimes, utimesSync, mkdtemp, mkdtempSync,
} = writes;
export function createWriteStream(p) {
  throw readOnly('open', p);
}
export function openSync(p, flags = 'r') {
  if (flags !== 'r') throw readOnly('open', p);
  const err = new Error('fs.openSync is not available in jsroutes: read the file with readFileSync or createReadStream');
  err.code = 'ERR_METHOD_NOT_IMPLEMENTED';
  throw err;
}

// createReadStream reads a file in chunks as the stream is read.
export function createReadStream(p, options = {}) {
  const path = pathOf(p);
  const enc = encodingOf(options);
  const size = options.highWaterMark ?? 64 * 1024;
  let pos = options.start ?? 0;
  const end = options.end ?? Infinity;
  const stream = new Readable({
    highWaterMark: size,
    read() {
      const want = Math.min(size, end - pos + 1);
      if (want <= 0) {
        this.push(null);
        return;
      }
      host.fsReadRange(path, pos, want).then(
        (ab) => {
          if (ab.byteLength === 0) {
            this.push(null);
            return;
          }
          pos += ab.byteLength;
          this.bytesRead += ab.byteLength;
          this.push(Buffer.from(ab));
        },
        (err) => this.destroy(err),
      );
    },
  });
  if (enc) stream.setEncoding(enc);
  stream.path = path;
  stream.bytesRead = 0;
  stream.pending = false;
  return stream;
}

export function watch() {
  throw new Error('fs.watch is not available in jsroutes');
}

export default {
  constants, F_OK, R_OK, W_OK, X_OK, Stats, Dirent, promises,
  readFileSync, existsSync, statSync, lstatSync, readdirSync, realpathSync, accessSync,
  readFile, stat, lstat, readdir, realpath, access, exists, createReadStream, createWriteStream, openSync, watch,
  ...writes,
};
