/**
 * The pickle machine's window of bytes: fixed-size reads, payloads and text lines, each checked against
 * the end of the stream. When a read runs past the window (but not past the stream) it throws `NEED`
 * with `needLength` set, and the machine asks its driver for a bigger window.
 */
import { PickleError } from './errors';

/**
 * The machine asks for a refill when fewer than this many bytes are left, so fixed-size ops never run
 * short; an op with a longer payload or text line that runs short asks for exactly what it needs.
 */
export const REFILL_MARGIN = 1024;
export const NEED = Symbol('need-data');

const EMPTY = new Uint8Array(0);

export class PickleInput {
  buf: Uint8Array = EMPTY;
  private view: DataView<ArrayBufferLike> = new DataView(EMPTY.buffer);
  /** Absolute offset of buf[0] in the source. */
  base = 0;
  pos = 0;
  eof = false;
  needLength = 0;

  constructor(
    /** Total size of the stream (Infinity when unknown). */
    readonly totalSize: number,
  ) {}

  /** Absolute offset of the next byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  setWindow(bytes: Uint8Array, base: number, eof: boolean): void {
    this.buf = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.base = base;
    this.pos = 0;
    this.eof = eof;
  }

  /** Ensure `n` bytes are available at pos; otherwise ask for more (or fail at the end of the stream). */
  ensure(n: number, opStart: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.eof || this.base + this.pos + n > this.totalSize) {
      const left = Math.max(0, (this.eof ? this.base + this.buf.length : this.totalSize) - this.base - this.pos);
      throw new PickleError(
        `unexpected end of data: needed ${n} bytes, ${left} left`,
        this.base + this.pos,
        'truncated',
      );
    }
    this.needLength = this.pos - opStart + n;
    throw NEED;
  }

  /** Whether `n` bytes from pos reach past the end of the stream (known without reading them). */
  runsPastEnd(n: number): boolean {
    return (this.eof && this.pos + n > this.buf.length) || this.base + this.pos + n > this.totalSize;
  }

  u8(opStart: number): number {
    this.ensure(1, opStart);
    return this.buf[this.pos++]!;
  }
  u16(opStart: number): number {
    this.ensure(2, opStart);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(opStart: number): number {
    this.ensure(4, opStart);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i32(opStart: number): number {
    this.ensure(4, opStart);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(opStart: number): number {
    this.ensure(8, opStart);
    const v = this.view.getBigUint64(this.pos, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new PickleError(`length ${v} is too large`, this.base + this.pos, 'limit');
    this.pos += 8;
    return Number(v);
  }
  f64be(opStart: number): number {
    this.ensure(8, opStart);
    const v = this.view.getFloat64(this.pos, false);
    this.pos += 8;
    return v;
  }
  bytes(n: number, opStart: number): Uint8Array {
    this.ensure(n, opStart);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** Up to `n` bytes from pos that the window holds (fewer near its end), without consuming them. */
  peek(n: number): Uint8Array {
    return this.buf.subarray(this.pos, Math.min(this.buf.length, this.pos + n));
  }
  /** Skip `n` payload bytes without reading them (they stay in the source). */
  skip(n: number, opStart: number): void {
    if (this.runsPastEnd(n)) this.ensure(n, opStart);
    this.pos += n;
  }

  /** A text line without its '\n' (protocol 0 ops), at most `maxLength` bytes long. */
  line(opStart: number, maxLength: number, what: string): Uint8Array {
    const limit = Math.min(this.buf.length, this.pos + maxLength + 1);
    const nl = this.buf.subarray(0, limit).indexOf(10, this.pos);
    if (nl < 0) {
      if (limit - this.pos > maxLength) {
        throw new PickleError(`${what} exceeds the limit of ${maxLength} bytes`, this.base + this.pos, 'limit');
      }
      if (this.eof) throw new PickleError('unexpected end of data in a text line', this.base + this.pos, 'truncated');
      this.needLength = Math.min(
        this.pos - opStart + maxLength + 1,
        Math.max(REFILL_MARGIN, 2 * (this.buf.length - opStart)),
      );
      throw NEED;
    }
    const out = this.buf.subarray(this.pos, nl);
    this.pos = nl + 1;
    return out;
  }
}
