// node:tty: a server's streams are never terminals. isatty is false (what
// supports-color, debug and Prisma's bundled helpers ask at load); the
// stream classes cannot be made here.
export function isatty() {
  return false;
}

class NoTerminal {
  constructor() {
    throw new Error('tty streams are not available in jsroutes: a server has no terminal');
  }
}
export class ReadStream extends NoTerminal {}
export class WriteStream extends NoTerminal {}

export default { isatty, ReadStream, WriteStream };
