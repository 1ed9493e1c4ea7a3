// node:fs/promises: node:fs's promise forms.
import { promises } from './fs.js';

export const { readFile, stat, lstat, readdir, realpath, access, open, constants, writeFile, appendFile, mkdir, rm, rmdir, unlink, rename, copyFile, cp, symlink, chmod, chown, truncate, utimes, mkdtemp } = promises;
export default promises;
