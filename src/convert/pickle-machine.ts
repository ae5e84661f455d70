/**
 * A pickle virtual machine (protocols 0-5) that builds inert JavaScript values and never runs code.
 *
 * Globals are resolved through a caller-supplied allow-list (`resolveGlobal`); whatever it does not know
 * becomes a `PyGlobal`, and calling or instantiating one yields an inert `PyObject` stub. Big bytes
 * payloads can be left in the source as `LazyBytes` references, so a 600 MB snapshot is walked without
 * reading its tensor data.
 *
 * The machine is synchronous over a window of bytes. `unpickle()` drives it from an async `ByteSource`,
 * handing it a new window whenever it reports that it needs more data; `unpickleBytes()` runs it on a
 * buffer already in memory.
 */
import type { ByteSource } from './byte-source';
import { ConvertError, PickleError } from './errors';
import { LazyBytes, LazyString, PyGlobal, PyObject } from './py-values';

/** A global the allow-list knows how to build. REDUCE, NEWOBJ, NEWOBJ_EX, OBJ and INST all call `construct`. */
export interface KnownGlobal {
  readonly module: string;
  readonly name: string;
  construct(args: unknown[], kwargs?: Map<unknown, unknown>): unknown;
}

export function isKnownGlobal(v: unknown): v is KnownGlobal {
  return typeof v === 'object' && v !== null && typeof (v as KnownGlobal).construct === 'function';
}

/** Objects that take BUILD (`__setstate__`) themselves. */
export interface PyBuildable {
  pyBuild(state: unknown): void;
}

function isBuildable(v: unknown): v is PyBuildable {
  return typeof v === 'object' && v !== null && typeof (v as PyBuildable).pyBuild === 'function';
}

export type GlobalResolver = (module: string, name: string) => KnownGlobal | undefined;

export interface PickleLimits {
  /** Highest memo index accepted (PUT/MEMOIZE). */
  maxMemo: number;
  /** Most items on the stack (all MARK levels together). */
  maxStack: number;
  /** Deepest MARK nesting. */
  maxMarkDepth: number;
  /** Longest LONG1/LONG4 payload and numeric text line (decoding big integers is quadratic). */
  maxIntBytes: number;
  /**
   * Work units for copies the machine makes on request of the stream (constructor arguments, BUILD
   * state merged into a dict): one unit per element copied. Bounds amplification through memo references.
   */
  maxWork: number;
}

export const DEFAULT_LIMITS: PickleLimits = {
  maxMemo: 20_000_000,
  maxStack: 20_000_000,
  maxMarkDepth: 10_000,
  maxIntBytes: 4096,
  maxWork: 50_000_000,
};

export interface PickleOptions {
  /** Allow-list of constructors; anything else becomes a `PyGlobal` stub. */
  resolveGlobal?: GlobalResolver;
  /** PERSID/BINPERSID hook; by default the id is kept in an inert `PyObject('__persistent_id__')`. */
  persistentLoad?: (pid: unknown) => unknown;
  /** BINBYTES payloads longer than this stay in the source as `LazyBytes`. Default: never. */
  lazyBytesThreshold?: number;
  /** BINUNICODE payloads longer than this stay in the source as `LazyString`. Default: never. */
  lazyStringThreshold?: number;
  limits?: Partial<PickleLimits>;
  /**
   * Called before a callable that is not on the allow-list is "called" (REDUCE, NEWOBJ, OBJ, INST): it
   * only becomes an inert record, but the hook may record it or refuse by throwing.
   */
  onCall?: (qualname: string) => void;
  /** Total size of the stream, when known: a length field reaching past it fails before any read. */
  totalSize?: number;
}

/**
 * The machine asks for a refill when fewer than this many bytes are left, so fixed-size ops never run
 * short; an op with a longer payload or text line that runs short asks for exactly what it needs.
 */
export const REFILL_MARGIN = 1024;
const MARGIN = REFILL_MARGIN;
const NEED = Symbol('need-data');

export type RunResult = { done: true; value: unknown } | { done: false; from: number; length: number };

const EMPTY = new Uint8Array(0);
const utf8 = new TextDecoder('utf-8');

export class PickleMachine {
  private buf: Uint8Array = EMPTY;
  private view: DataView<ArrayBufferLike> = new DataView(EMPTY.buffer);
  /** Absolute offset of buf[0] in the source. */
  private base = 0;
  private pos = 0;
  private eof = false;
  private needLength = 0;

  private stack: unknown[] = [];
  private readonly metastack: unknown[][] = [];
  private stackTotal = 0;
  private readonly memo: unknown[] = [];
  private memoCount = 0;
  private protocol = 0;

  private readonly resolveGlobal: GlobalResolver;
  private readonly persistentLoad: (pid: unknown) => unknown;
  private readonly lazyBytes: number;
  private readonly lazyString: number;
  private readonly limits: PickleLimits;
  private readonly onCall?: (qualname: string) => void;
  private readonly totalSize: number;
  private work = 0;

  constructor(options: PickleOptions = {}) {
    this.resolveGlobal = options.resolveGlobal ?? (() => undefined);
    this.persistentLoad = options.persistentLoad ?? ((pid) => new PyObject('__persistent_id__', [pid]));
    this.lazyBytes = options.lazyBytesThreshold ?? Infinity;
    this.lazyString = options.lazyStringThreshold ?? Infinity;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.onCall = options.onCall;
    this.totalSize = options.totalSize ?? Infinity;
  }

  /** Absolute offset of the next byte the machine will read. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Give the machine the bytes at absolute offset `base`; `eof` says the window reaches the end of the stream. */
  setWindow(bytes: Uint8Array, base: number, eof: boolean): void {
    this.buf = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.base = base;
    this.pos = 0;
    this.eof = eof;
  }

  /** Run until STOP (done) or until more bytes are needed (`from`, `length`: what to load next). */
  run(): RunResult {
    for (;;) {
      if (!this.eof && this.pos + MARGIN > this.buf.length) {
        return { done: false, from: this.base + this.pos, length: MARGIN };
      }
      const opStart = this.pos;
      try {
        if (this.step()) {
          return { done: true, value: this.pop(opStart) };
        }
      } catch (e) {
        if (e !== NEED) throw e;
        this.pos = opStart;
        return { done: false, from: this.base + opStart, length: this.needLength };
      }
    }
  }

  // ---- byte access -------------------------------------------------------------------------------

  /** Ensure `n` bytes are available at pos; otherwise ask for more (or fail at the end of the stream). */
  private ensure(n: number, opStart: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.eof || this.base + this.pos + n > this.totalSize) {
      throw new PickleError(
        `unexpected end of data: needed ${n} bytes, ${Math.max(0, (this.eof ? this.base + this.buf.length : this.totalSize) - this.base - this.pos)} left`,
        this.base + this.pos,
        'truncated',
      );
    }
    this.needLength = this.pos - opStart + n;
    throw NEED;
  }

  private u8(opStart: number): number {
    this.ensure(1, opStart);
    return this.buf[this.pos++]!;
  }
  private u16(opStart: number): number {
    this.ensure(2, opStart);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  private u32(opStart: number): number {
    this.ensure(4, opStart);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  private i32(opStart: number): number {
    this.ensure(4, opStart);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  private u64(opStart: number): number {
    this.ensure(8, opStart);
    const v = this.view.getBigUint64(this.pos, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new PickleError(`length ${v} is too large`, this.base + this.pos, 'limit');
    }
    this.pos += 8;
    return Number(v);
  }
  private bytes(n: number, opStart: number): Uint8Array {
    this.ensure(n, opStart);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** A text line without its '\n' (protocol 0 ops). */
  private line(opStart: number): Uint8Array {
    const nl = this.buf.indexOf(10, this.pos);
    if (nl < 0) {
      if (this.eof) throw new PickleError('unexpected end of data in a text line', this.base + this.pos, 'truncated');
      this.needLength = Math.max(MARGIN, 2 * (this.buf.length - opStart));
      throw NEED;
    }
    const out = this.buf.subarray(this.pos, nl);
    this.pos = nl + 1;
    return out;
  }

  /** A text line holding a number (INT, LONG, FLOAT, PUT, GET), length-limited. */
  private numericLine(opStart: number): string {
    const b = this.line(opStart);
    if (b.length > this.limits.maxIntBytes) {
      throw new PickleError(`a ${b.length}-character number exceeds the limit of ${this.limits.maxIntBytes}`, this.base + opStart, 'limit');
    }
    return latin1(b).trim();
  }

  /** Charge `units` of copying work against the budget. */
  private charge(units: number, opStart: number): void {
    this.work += units;
    if (this.work > this.limits.maxWork) {
      throw new PickleError(`the stream asks for more than ${this.limits.maxWork} copied elements`, this.base + opStart, 'limit');
    }
  }

  // ---- stack -------------------------------------------------------------------------------------

  private push(v: unknown): void {
    if (++this.stackTotal > this.limits.maxStack) {
      throw new PickleError(`stack exceeds ${this.limits.maxStack} items`, this.offset, 'limit');
    }
    this.stack.push(v);
  }
  private pop(opStart: number): unknown {
    if (this.stack.length === 0) throw new PickleError('stack underflow', this.base + opStart);
    this.stackTotal--;
    return this.stack.pop();
  }
  private top(opStart: number): unknown {
    if (this.stack.length === 0) throw new PickleError('stack underflow', this.base + opStart);
    return this.stack[this.stack.length - 1];
  }
  private popMark(opStart: number): unknown[] {
    const items = this.stack;
    const prev = this.metastack.pop();
    if (prev === undefined) throw new PickleError('no MARK on the stack', this.base + opStart);
    this.stack = prev;
    this.stackTotal -= items.length;
    return items;
  }
  private memoPut(index: number, opStart: number): void {
    if (index < 0 || index >= this.limits.maxMemo) {
      throw new PickleError(`memo index ${index} exceeds the limit of ${this.limits.maxMemo}`, this.base + opStart, 'limit');
    }
    this.memo[index] = this.top(opStart);
  }
  private memoGet(index: number, opStart: number): unknown {
    if (index < 0 || index >= this.memo.length || !(index in this.memo)) {
      throw new PickleError(`memo key ${index} not found`, this.base + opStart);
    }
    return this.memo[index];
  }

  // ---- the opcodes -------------------------------------------------------------------------------

  /** Execute one opcode; true on STOP. */
  private step(): boolean {
    const opStart = this.pos;
    const op = this.u8(opStart);
    switch (op) {
      case 0x80: {
        // PROTO
        const p = this.u8(opStart);
        if (p > 5) throw new PickleError(`unsupported pickle protocol ${p}`, this.base + opStart, 'unsupported');
        this.protocol = p;
        return false;
      }
      case 0x95: {
        // FRAME: frames only group ops for buffering; a frame reaching past the end means a cut file.
        const n = this.u64(opStart);
        if (this.offset + n > this.totalSize || (this.eof && this.pos + n > this.buf.length)) {
          throw new PickleError(`a frame of ${n} bytes runs past the end of the data`, this.base + opStart, 'truncated');
        }
        return false;
      }
      case 0x2e: // STOP '.'
        return true;
      case 0x28: // MARK '('
        if (this.metastack.length >= this.limits.maxMarkDepth) {
          throw new PickleError(`MARK nesting exceeds ${this.limits.maxMarkDepth}`, this.base + opStart, 'limit');
        }
        this.metastack.push(this.stack);
        this.stack = [];
        return false;
      case 0x30: // POP '0'
        if (this.stack.length === 0) this.popMark(opStart);
        else this.pop(opStart);
        return false;
      case 0x31: // POP_MARK '1'
        this.popMark(opStart);
        return false;
      case 0x32: // DUP '2'
        this.push(this.top(opStart));
        return false;

      // -- numbers
      case 0x4e: // NONE 'N'
        this.push(null);
        return false;
      case 0x88: // NEWTRUE
        this.push(true);
        return false;
      case 0x89: // NEWFALSE
        this.push(false);
        return false;
      case 0x4b: // BININT1 'K'
        this.push(this.u8(opStart));
        return false;
      case 0x4d: // BININT2 'M'
        this.push(this.u16(opStart));
        return false;
      case 0x4a: // BININT 'J'
        this.push(this.i32(opStart));
        return false;
      case 0x8a: {
        // LONG1
        const n = this.u8(opStart);
        this.push(decodeLong(this.bytes(n, opStart), this.limits.maxIntBytes, this.base + opStart));
        return false;
      }
      case 0x8b: {
        // LONG4
        const n = this.i32(opStart);
        if (n < 0) throw new PickleError('negative LONG4 length', this.base + opStart);
        if (n > this.limits.maxIntBytes) throw new PickleError(`a ${n}-byte integer exceeds the limit of ${this.limits.maxIntBytes}`, this.base + opStart, 'limit');
        this.push(decodeLong(this.bytes(n, opStart), this.limits.maxIntBytes, this.base + opStart));
        return false;
      }
      case 0x49: {
        // INT 'I' (text; I01/I00 are True/False)
        const s = this.numericLine(opStart);
        if (s === '01') this.push(true);
        else if (s === '00') this.push(false);
        else this.push(parseIntText(s, this.base + opStart));
        return false;
      }
      case 0x4c: {
        // LONG 'L' (text, optional trailing L)
        const s = this.numericLine(opStart).replace(/L$/, '');
        this.push(parseIntText(s, this.base + opStart));
        return false;
      }
      case 0x46: {
        // FLOAT 'F' (text)
        const s = this.numericLine(opStart);
        const v = Number(s.replace(/^(-?)inf$/i, '$1Infinity').replace(/^nan$/i, 'NaN'));
        if (Number.isNaN(v) && !/nan/i.test(s)) throw new PickleError(`bad FLOAT ${JSON.stringify(s)}`, this.base + opStart);
        this.push(v);
        return false;
      }
      case 0x47: {
        // BINFLOAT 'G' (big-endian double)
        this.ensure(8, opStart);
        this.push(this.view.getFloat64(this.pos, false));
        this.pos += 8;
        return false;
      }

      // -- strings and bytes
      case 0x8c: {
        // SHORT_BINUNICODE
        const n = this.u8(opStart);
        this.push(decodeUtf8(this.bytes(n, opStart)));
        return false;
      }
      case 0x58: // BINUNICODE 'X'
        this.pushUnicode(this.u32(opStart), opStart);
        return false;
      case 0x8d: // BINUNICODE8
        this.pushUnicode(this.u64(opStart), opStart);
        return false;
      case 0x56: // UNICODE 'V' (raw-unicode-escape line)
        this.push(decodeRawUnicodeEscape(this.line(opStart)));
        return false;
      case 0x43: {
        // SHORT_BINBYTES 'C'
        const n = this.u8(opStart);
        this.push(this.bytes(n, opStart).slice());
        return false;
      }
      case 0x42: // BINBYTES 'B'
        this.pushBytes(this.u32(opStart), opStart);
        return false;
      case 0x8e: // BINBYTES8
        this.pushBytes(this.u64(opStart), opStart);
        return false;
      case 0x96: // BYTEARRAY8
        this.pushBytes(this.u64(opStart), opStart);
        return false;
      case 0x55: {
        // SHORT_BINSTRING 'U' (Python 2 str, decoded as latin-1)
        const n = this.u8(opStart);
        this.push(latin1(this.bytes(n, opStart)));
        return false;
      }
      case 0x54: {
        // BINSTRING 'T'
        const n = this.i32(opStart);
        if (n < 0) throw new PickleError('negative BINSTRING length', this.base + opStart);
        this.push(latin1(this.bytes(n, opStart)));
        return false;
      }
      case 0x53: // STRING 'S' (quoted Python 2 literal)
        this.push(decodeQuotedString(latin1(this.line(opStart)), this.base + opStart));
        return false;
      case 0x97: // NEXT_BUFFER
        throw new PickleError('out-of-band buffers (NEXT_BUFFER) are not supported', this.base + opStart, 'unsupported');
      case 0x98: // READONLY_BUFFER
        this.top(opStart);
        return false;

      // -- containers
      case 0x29: // EMPTY_TUPLE ')'
        this.push([]);
        return false;
      case 0x85: // TUPLE1
        this.push([this.pop(opStart)]);
        return false;
      case 0x86: {
        // TUPLE2
        const b = this.pop(opStart);
        const a = this.pop(opStart);
        this.push([a, b]);
        return false;
      }
      case 0x87: {
        // TUPLE3
        const c = this.pop(opStart);
        const b = this.pop(opStart);
        const a = this.pop(opStart);
        this.push([a, b, c]);
        return false;
      }
      case 0x74: // TUPLE 't'
        this.push(this.popMark(opStart));
        return false;
      case 0x5d: // EMPTY_LIST ']'
        this.push([]);
        return false;
      case 0x6c: // LIST 'l'
        this.push(this.popMark(opStart));
        return false;
      case 0x7d: // EMPTY_DICT '}'
        this.push(new Map());
        return false;
      case 0x64: {
        // DICT 'd'
        const items = this.popMark(opStart);
        const d = new Map<unknown, unknown>();
        for (let i = 0; i + 1 < items.length; i += 2) d.set(items[i], items[i + 1]);
        this.push(d);
        return false;
      }
      case 0x8f: // EMPTY_SET
        this.push(new Set());
        return false;
      case 0x91: // FROZENSET
        this.push(new Set(this.popMark(opStart)));
        return false;
      case 0x90: {
        // ADDITEMS
        const items = this.popMark(opStart);
        const target = this.top(opStart);
        if (target instanceof Set) for (const v of items) target.add(v);
        else if (target instanceof PyObject) target.items.push(...items);
        else throw new PickleError('ADDITEMS on a non-set', this.base + opStart);
        return false;
      }
      case 0x61: {
        // APPEND 'a'
        const v = this.pop(opStart);
        this.appendTo(this.top(opStart), [v], opStart);
        return false;
      }
      case 0x65: {
        // APPENDS 'e'
        const items = this.popMark(opStart);
        this.appendTo(this.top(opStart), items, opStart);
        return false;
      }
      case 0x73: {
        // SETITEM 's'
        const v = this.pop(opStart);
        const k = this.pop(opStart);
        this.setItems(this.top(opStart), [k, v], opStart);
        return false;
      }
      case 0x75: {
        // SETITEMS 'u'
        const items = this.popMark(opStart);
        this.setItems(this.top(opStart), items, opStart);
        return false;
      }

      // -- memo
      case 0x94: // MEMOIZE
        this.memoPut(this.memoCount++, opStart);
        return false;
      case 0x71: // BINPUT 'q'
        this.memoPut(this.u8(opStart), opStart);
        return false;
      case 0x72: // LONG_BINPUT 'r'
        this.memoPut(this.u32(opStart), opStart);
        return false;
      case 0x70: // PUT 'p'
        this.memoPut(parseIndex(this.numericLine(opStart), this.base + opStart), opStart);
        return false;
      case 0x68: // BINGET 'h'
        this.push(this.memoGet(this.u8(opStart), opStart));
        return false;
      case 0x6a: // LONG_BINGET 'j'
        this.push(this.memoGet(this.u32(opStart), opStart));
        return false;
      case 0x67: // GET 'g'
        this.push(this.memoGet(parseIndex(this.numericLine(opStart), this.base + opStart), opStart));
        return false;

      // -- globals and objects
      case 0x63: {
        // GLOBAL 'c'
        const module = decodeUtf8(this.line(opStart));
        const name = decodeUtf8(this.line(opStart));
        this.push(this.global(module, name));
        return false;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.pop(opStart);
        const module = this.pop(opStart);
        if (typeof module !== 'string' || typeof name !== 'string') {
          throw new PickleError('STACK_GLOBAL needs two strings', this.base + opStart);
        }
        this.push(this.global(module, name));
        return false;
      }
      case 0x82: // EXT1
        this.push(new PyGlobal('copyreg.extension', String(this.u8(opStart))));
        return false;
      case 0x83: // EXT2
        this.push(new PyGlobal('copyreg.extension', String(this.u16(opStart))));
        return false;
      case 0x84: // EXT4
        this.push(new PyGlobal('copyreg.extension', String(this.i32(opStart))));
        return false;
      case 0x52: {
        // REDUCE 'R'
        const args = this.pop(opStart);
        const fn = this.pop(opStart);
        this.push(this.call(fn, asArgs(args, this.base + opStart), undefined, opStart));
        return false;
      }
      case 0x81: {
        // NEWOBJ
        const args = this.pop(opStart);
        const cls = this.pop(opStart);
        this.push(this.call(cls, asArgs(args, this.base + opStart), undefined, opStart));
        return false;
      }
      case 0x92: {
        // NEWOBJ_EX
        const kwargs = this.pop(opStart);
        const args = this.pop(opStart);
        const cls = this.pop(opStart);
        this.push(this.call(cls, asArgs(args, this.base + opStart), kwargs instanceof Map ? kwargs : undefined, opStart));
        return false;
      }
      case 0x6f: {
        // OBJ 'o'
        const items = this.popMark(opStart);
        if (items.length === 0) throw new PickleError('OBJ without a class', this.base + opStart);
        this.push(this.call(items[0], items.slice(1), undefined, opStart));
        return false;
      }
      case 0x69: {
        // INST 'i'
        const module = decodeUtf8(this.line(opStart));
        const name = decodeUtf8(this.line(opStart));
        const args = this.popMark(opStart);
        this.push(this.call(this.global(module, name), args, undefined, opStart));
        return false;
      }
      case 0x62: {
        // BUILD 'b'
        const state = this.pop(opStart);
        this.build(this.top(opStart), state, opStart);
        return false;
      }
      case 0x51: // BINPERSID 'Q'
        this.push(this.persistentLoad(this.pop(opStart)));
        return false;
      case 0x50: // PERSID 'P'
        this.push(this.persistentLoad(latin1(this.line(opStart))));
        return false;
      default:
        throw new PickleError(
          `unknown opcode 0x${op.toString(16).padStart(2, '0')} (protocol ${this.protocol})`,
          this.base + opStart,
          'unknown-opcode',
        );
    }
  }

  private pushBytes(n: number, opStart: number): void {
    if (n > this.lazyBytes) {
      // Leave the payload in the source; skip over it (the next window starts after it).
      const start = this.base + this.pos;
      if ((this.eof && this.pos + n > this.buf.length) || this.base + this.pos + n > this.totalSize) this.ensure(n, opStart);
      this.pos += n;
      this.push(new LazyBytes(start, n));
      return;
    }
    this.push(this.bytes(n, opStart).slice());
  }

  private pushUnicode(n: number, opStart: number): void {
    if (n > this.lazyString) {
      const start = this.base + this.pos;
      if ((this.eof && this.pos + n > this.buf.length) || this.base + this.pos + n > this.totalSize) this.ensure(n, opStart);
      this.pos += n;
      this.push(new LazyString(start, n));
      return;
    }
    this.push(decodeUtf8(this.bytes(n, opStart)));
  }

  private global(module: string, name: string): unknown {
    return this.resolveGlobal(module, name) ?? new PyGlobal(module, name);
  }

  private call(fn: unknown, args: unknown[], kwargs: Map<unknown, unknown> | undefined, opStart: number): unknown {
    if (isKnownGlobal(fn)) {
      this.charge(1 + args.reduce<number>((n, a) => n + sizeOf(a), 0) + (kwargs?.size ?? 0), opStart);
      try {
        return fn.construct(args, kwargs);
      } catch (e) {
        if (e instanceof PickleError || e instanceof ConvertError) throw e;
        throw new PickleError(`${fn.module}.${fn.name}: ${(e as Error).message}`, this.base + opStart);
      }
    }
    if (fn instanceof PyGlobal) {
      this.onCall?.(fn.qualname);
      return new PyObject(fn.qualname, args, kwargs);
    }
    // e.g. REDUCE over `getattr(SomeClass, 'method')`: still only a record.
    if (fn instanceof PyObject) {
      this.onCall?.(`${fn.__class__}.__call__`);
      return new PyObject(`${fn.__class__}.__call__`, args, kwargs);
    }
    throw new PickleError('call of a value that is not a global', this.base + opStart);
  }

  private build(obj: unknown, state: unknown, opStart: number): void {
    if (isBuildable(obj)) obj.pyBuild(state);
    else if (obj instanceof PyObject) obj.state = state;
    else if (obj instanceof Map && state instanceof Map) {
      this.charge(state.size, opStart);
      for (const [k, v] of state) obj.set(k, v);
    }
    // Other objects (lists, sets, dicts given slot state, records) have nothing we need in their state.
    else if (typeof obj !== 'object' || obj === null) throw new PickleError('BUILD on a value that takes no state', this.base + opStart);
  }

  private appendTo(target: unknown, items: unknown[], opStart: number): void {
    if (Array.isArray(target)) for (const v of items) target.push(v);
    else if (target instanceof PyObject) target.items.push(...items);
    else if (target instanceof Set) for (const v of items) target.add(v);
    else throw new PickleError('APPEND to a non-list', this.base + opStart);
  }

  private setItems(target: unknown, items: unknown[], opStart: number): void {
    if (items.length % 2 !== 0) throw new PickleError('odd number of items for SETITEMS', this.base + opStart);
    if (target instanceof Map) for (let i = 0; i < items.length; i += 2) target.set(items[i], items[i + 1]);
    else if (target instanceof PyObject) for (let i = 0; i < items.length; i += 2) target.dictItems.push([items[i], items[i + 1]]);
    else throw new PickleError('SETITEM on a non-dict', this.base + opStart);
  }
}

// ---- decoding helpers ----------------------------------------------------------------------------

function asArgs(v: unknown, offset: number): unknown[] {
  if (Array.isArray(v)) return v;
  throw new PickleError('call arguments are not a tuple', offset);
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

function decodeUtf8(b: Uint8Array): string {
  if (b.length < 64) {
    // Short ASCII names and keys: cheaper than TextDecoder.
    let s = '';
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c >= 0x80) return utf8.decode(b);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b);
}

/** Elements a constructor may copy out of an argument. */
function sizeOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (typeof v === 'string') return v.length;
  if (v instanceof Uint8Array) return v.length;
  return 0;
}

function decodeLong(b: Uint8Array, maxBytes = Infinity, offset = 0): number | bigint {
  if (b.length > maxBytes) throw new PickleError(`a ${b.length}-byte integer exceeds the limit of ${maxBytes}`, offset, 'limit');
  if (b.length === 0) return 0;
  if (b.length <= 6) {
    let v = 0;
    for (let i = b.length - 1; i >= 0; i--) v = v * 256 + b[i]!;
    if (b[b.length - 1]! & 0x80) v -= 2 ** (8 * b.length);
    return v;
  }
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function parseIntText(s: string, offset: number): number | bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new PickleError(`bad integer ${JSON.stringify(s)}`, offset);
  const v = BigInt(s);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function parseIndex(line: string, offset: number): number {
  const v = parseIntText(line, offset);
  if (typeof v !== 'number') throw new PickleError('memo index too large', offset, 'limit');
  return v;
}

function decodeRawUnicodeEscape(b: Uint8Array): string {
  const s = latin1(b);
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4?: string, u8?: string) =>
    String.fromCodePoint(parseInt((u4 ?? u8)!, 16)),
  );
}

function decodeQuotedString(s: string, offset: number): string {
  const q = s[0];
  if ((q !== "'" && q !== '"') || s[s.length - 1] !== q || s.length < 2) {
    throw new PickleError('STRING is not quoted', offset);
  }
  const body = s.slice(1, -1);
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return simple[e] ?? `\\${e}`;
  });
}

// ---- drivers -------------------------------------------------------------------------------------

export interface UnpickleOptions extends PickleOptions {
  /** Absolute offset where the pickle starts (default 0). */
  start?: number;
  /** Bytes read per refill (default 256 KB). */
  chunkSize?: number;
  /** Called after each refill with the absolute offset reached. */
  onProgress?: (offset: number) => void;
}

/** Unpickle one pickle from a random-access source, reading it chunk by chunk. */
export async function unpickle(source: ByteSource, options: UnpickleOptions = {}): Promise<unknown> {
  const vm = new PickleMachine({ ...options, totalSize: source.size });
  const chunk = options.chunkSize ?? 256 * 1024;
  let from = options.start ?? 0;
  let length = 0;
  for (;;) {
    if (from > source.size) {
      throw new PickleError('unexpected end of data: a payload runs past the end of the file', source.size, 'truncated');
    }
    const len = Math.min(Math.max(length, chunk + MARGIN), source.size - from);
    const bytes = len > 0 ? await source.read(from, len) : EMPTY;
    vm.setWindow(bytes, from, from + len >= source.size);
    options.onProgress?.(from + len);
    const r = vm.run();
    if (r.done) return r.value;
    from = r.from;
    length = r.length;
  }
}

/** Unpickle one pickle from bytes in memory; `base` is the absolute offset of `bytes[0]` (for errors). */
export function unpickleBytes(bytes: Uint8Array, options: PickleOptions & { base?: number } = {}): { value: unknown; end: number } {
  const base = options.base ?? 0;
  const vm = new PickleMachine({ ...options, totalSize: base + bytes.length });
  vm.setWindow(bytes, base, true);
  const r = vm.run();
  if (!r.done) throw new PickleError('unexpected end of data', base + bytes.length, 'truncated');
  return { value: r.value, end: vm.offset - base };
}
