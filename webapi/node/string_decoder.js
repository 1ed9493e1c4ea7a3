// node:string_decoder: decode byte chunks without splitting characters.
import { Buffer } from './buffer.js';

export class StringDecoder {
  #decoder;
  #encoding;
  #rest = null; // base64: the bytes of a group of three not yet complete
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
    if (this.#encoding === 'base64' || this.#encoding === 'base64url') {
      // Whole groups of three bytes only, as Node's: base64 of the pieces
      // then joins into the base64 of the whole.
      let bytes = Buffer.from(buf);
      if (this.#rest !== null) bytes = Buffer.concat([this.#rest, bytes]);
      const whole = bytes.length - (bytes.length % 3);
      this.#rest = whole < bytes.length ? bytes.subarray(whole) : null;
      return bytes.subarray(0, whole).toString(this.#encoding);
    }
    return Buffer.from(buf).toString(this.#encoding);
  }
  end(buf) {
    let out = buf === undefined ? '' : this.write(buf);
    if (this.#decoder) out += this.#decoder.decode();
    if (this.#rest !== null) {
      out += this.#rest.toString(this.#encoding);
      this.#rest = null;
    }
    return out;
  }
}
export default { StringDecoder };
