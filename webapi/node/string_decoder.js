// node:string_decoder: decode byte chunks without splitting characters.
import { Buffer } from './buffer.js';

export class StringDecoder {
  #decoder;
  #encoding;
  constructor(encoding = 'utf8') {
    this.#encoding = String(encoding).toLowerCase();
    if (this.#encoding === 'utf-8') this.#encoding = 'utf8';
    if (this.#encoding === 'utf8' || this.#encoding === 'utf16le' || this.#encoding === 'ucs2') {
      this.#decoder = new TextDecoder(this.#encoding === 'utf8' ? 'utf-8' : 'utf-16le');
    }
  }
  get encoding() { return this.#encoding; }
  write(buf) {
    if (typeof buf === 'string') return buf;
    if (this.#decoder) return this.#decoder.decode(buf, { stream: true });
    return Buffer.from(buf).toString(this.#encoding);
  }
  end(buf) {
    let out = buf === undefined ? '' : this.write(buf);
    if (this.#decoder) out += this.#decoder.decode();
    return out;
  }
}
export default { StringDecoder };
