/**
 * A pickle virtual machine (protocols 0-5) that builds inert JavaScript values and never runs code.
 *
 * Globals are resolved through a caller-supplied allow-list (`resolveGlobal`); whatever it does not know
 * becomes a `PyGlobal`, and calling or instantiating one yields an inert `PyObject` stub. Big bytes
 * payloads can be left in the source as `LazyBytes` references, so a 600 MB snapshot is walked without
 * reading its tensor data. What the stream makes the machine build is charged to limits and to a
 * `ParseBudget`, so a small file cannot make it build gigabytes.
 *
 * The machine is synchronous over a window of bytes (pickle-input.ts); the opcodes are implemented in
 * pickle-ops-*.ts, one table per family; `unpickle()` / `unpickleBytes()` (unpickle.ts) drive it.
 */
import { ConvertError, PickleError } from './errors';
import type { ParseBudget } from './parse-budget';
import { NEED, PickleInput, REFILL_MARGIN } from './pickle-input';
import { opcodeLabel } from './pickle-opcodes';
import { DATA_OPS } from './pickle-ops-data';
import { OBJECT_OPS } from './pickle-ops-objects';
import { STRUCTURE_OPS } from './pickle-ops-structure';
import { PyGlobal, PyObject } from './py-values';

export { REFILL_MARGIN } from './pickle-input';

/** How a Python load would use a callable: call it (REDUCE, OBJ, INST) or only create an instance (NEWOBJ). */
export type CallKind = 'call' | 'new';

/** What a known constructor may tell the machine about callables it was handed (never run). */
export interface CallContext {
  report(qualname: string, kind: CallKind): void;
}

/** A global the allow-list knows how to build. REDUCE, NEWOBJ, NEWOBJ_EX, OBJ and INST all call `construct`. */
export interface KnownGlobal {
  readonly module: string;
  readonly name: string;
  construct(args: unknown[], kwargs?: Map<unknown, unknown>, context?: CallContext): unknown;
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
  /**
   * Longest LONG1/LONG4 payload and numeric text line. A snapshot's integers fit in 64 bits (the legacy
   * torch magic number, the largest, takes 10 bytes), and each big integer costs time and memory to build.
   */
  maxIntBytes: number;
  /**
   * Work units for copies the machine makes on request of the stream (constructor arguments, BUILD
   * state merged into a dict): one unit per element copied. Bounds amplification through memo references.
   */
  maxWork: number;
  /** Longest module or class name of a global (GLOBAL, STACK_GLOBAL, INST). */
  maxNameLength: number;
  /** Longest protocol 0 text line (UNICODE, STRING, PERSID) that is read into memory. */
  maxTextLine: number;
  /** Longest UNICODE line left in the source (a protocol 0 storage), when lazy strings are on. */
  maxLazyLine: number;
}

export const DEFAULT_LIMITS: PickleLimits = {
  maxMemo: 20_000_000,
  maxStack: 20_000_000,
  maxMarkDepth: 10_000,
  maxIntBytes: 64,
  maxWork: 50_000_000,
  maxNameLength: 1024,
  maxTextLine: 4 * 1024 * 1024,
  maxLazyLine: 1024 * 1024 * 1024,
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
  /** Bytes and strings built (and values made by known constructors) are charged to this budget. */
  budget?: ParseBudget;
  /**
   * Called before a callable that is not on the allow-list is "called" (REDUCE, OBJ, INST: 'call') or
   * instantiated (NEWOBJ: 'new'): it only becomes an inert record, but the hook may record it or refuse.
   */
  onCall?: (qualname: string, kind: CallKind) => void;
  /** Total size of the stream, when known: a length field reaching past it fails before any read. */
  totalSize?: number;
}

export type RunResult = { done: true; value: unknown } | { done: false; from: number; length: number };

/** One opcode's implementation; returns true on STOP. */
// biome-ignore lint/suspicious/noConfusingVoidType: most handlers return nothing; STOP returns true
export type OpHandler = (m: PickleMachine, opStart: number) => boolean | void;
export type OpTable = Partial<Record<number, OpHandler>>;

const OPS: OpTable = { ...DATA_OPS, ...STRUCTURE_OPS, ...OBJECT_OPS };

/** The machine's state and the primitives the opcode tables use. */
export class PickleMachine {
  readonly input: PickleInput;
  stack: unknown[] = [];
  readonly metastack: unknown[][] = [];
  private stackTotal = 0;
  private readonly memo: unknown[] = [];
  memoCount = 0;
  protocol = 0;

  readonly resolveGlobal: GlobalResolver;
  readonly persistentLoad: (pid: unknown) => unknown;
  readonly lazyBytes: number;
  readonly lazyString: number;
  readonly limits: PickleLimits;
  private readonly budget?: ParseBudget;
  private readonly onCall?: (qualname: string, kind: CallKind) => void;
  private work = 0;

  constructor(options: PickleOptions = {}) {
    this.resolveGlobal = options.resolveGlobal ?? (() => undefined);
    this.persistentLoad = options.persistentLoad ?? ((pid) => new PyObject('__persistent_id__', [pid]));
    this.lazyBytes = options.lazyBytesThreshold ?? Infinity;
    this.lazyString = options.lazyStringThreshold ?? Infinity;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.budget = options.budget;
    this.onCall = options.onCall;
    this.input = new PickleInput(options.totalSize ?? Infinity);
  }

  /** Absolute offset of the next byte the machine will read. */
  get offset(): number {
    return this.input.offset;
  }

  /** Give the machine the bytes at absolute offset `base`; `eof` says the window reaches the end of the stream. */
  setWindow(bytes: Uint8Array, base: number, eof: boolean): void {
    this.input.setWindow(bytes, base, eof);
  }

  /** Run until STOP (done) or until more bytes are needed (`from`, `length`: what to load next). */
  run(): RunResult {
    const input = this.input;
    for (;;) {
      if (!input.eof && input.pos + REFILL_MARGIN > input.buf.length) {
        return { done: false, from: input.offset, length: REFILL_MARGIN };
      }
      const opStart = input.pos;
      try {
        const op = input.u8(opStart);
        const handler = OPS[op];
        if (!handler) {
          throw new PickleError(
            `unknown opcode ${opcodeLabel(op)} (protocol ${this.protocol})`,
            this.at(opStart),
            'unknown-opcode',
          );
        }
        if (handler(this, opStart) === true) return { done: true, value: this.pop(opStart) };
      } catch (e) {
        if (e !== NEED) throw e;
        input.pos = opStart;
        return { done: false, from: input.base + opStart, length: input.needLength };
      }
    }
  }

  /** Absolute offset of a window position. */
  at(pos: number): number {
    return this.input.base + pos;
  }

  // ---- budgets -----------------------------------------------------------------------------------

  /** Charge `units` of copying work (elements) against the limit. */
  charge(units: number, opStart: number): void {
    this.work += units;
    if (this.work > this.limits.maxWork) {
      throw new PickleError(
        `the stream asks for more than ${this.limits.maxWork} copied elements`,
        this.at(opStart),
        'limit',
      );
    }
  }

  /** Charge `units` (about bytes) of material built to the parse budget. */
  material(units: number): void {
    this.budget?.charge(units, 'strings and values built by the pickle');
  }

  // ---- stack and memo ----------------------------------------------------------------------------

  push(v: unknown): void {
    if (++this.stackTotal > this.limits.maxStack) {
      throw new PickleError(`stack exceeds ${this.limits.maxStack} items`, this.offset, 'limit');
    }
    this.stack.push(v);
  }
  pop(opStart: number): unknown {
    if (this.stack.length === 0) throw new PickleError('stack underflow', this.at(opStart));
    this.stackTotal--;
    return this.stack.pop();
  }
  top(opStart: number): unknown {
    if (this.stack.length === 0) throw new PickleError('stack underflow', this.at(opStart));
    return this.stack[this.stack.length - 1];
  }
  mark(opStart: number): void {
    if (this.metastack.length >= this.limits.maxMarkDepth) {
      throw new PickleError(`MARK nesting exceeds ${this.limits.maxMarkDepth}`, this.at(opStart), 'limit');
    }
    this.metastack.push(this.stack);
    this.stack = [];
  }
  popMark(opStart: number): unknown[] {
    const items = this.stack;
    const prev = this.metastack.pop();
    if (prev === undefined) throw new PickleError('no MARK on the stack', this.at(opStart));
    this.stack = prev;
    this.stackTotal -= items.length;
    return items;
  }
  memoPut(index: number, opStart: number): void {
    if (index < 0 || index >= this.limits.maxMemo) {
      throw new PickleError(
        `memo index ${index} exceeds the limit of ${this.limits.maxMemo}`,
        this.at(opStart),
        'limit',
      );
    }
    this.memo[index] = this.top(opStart);
  }
  memoGet(index: number, opStart: number): unknown {
    if (index < 0 || index >= this.memo.length || !(index in this.memo)) {
      throw new PickleError(`memo key ${index} not found`, this.at(opStart));
    }
    return this.memo[index];
  }

  // ---- globals, calls, state ---------------------------------------------------------------------

  global(module: string, name: string, opStart: number): unknown {
    const max = this.limits.maxNameLength;
    if (module.length > max || name.length > max) {
      throw new PickleError(`a global's name is longer than ${max} characters`, this.at(opStart), 'limit');
    }
    return this.resolveGlobal(module, name) ?? new PyGlobal(module, name);
  }

  call(
    fn: unknown,
    args: unknown[],
    kwargs: Map<unknown, unknown> | undefined,
    kind: CallKind,
    opStart: number,
  ): unknown {
    if (isKnownGlobal(fn)) {
      this.charge(1 + args.reduce<number>((n, a) => n + sizeOf(a), 0) + (kwargs?.size ?? 0), opStart);
      let value: unknown;
      try {
        value = fn.construct(args, kwargs, { report: (qualname, k) => this.onCall?.(qualname, k) });
      } catch (e) {
        if (e instanceof PickleError || e instanceof ConvertError) throw e;
        throw new PickleError(`${fn.module}.${fn.name}: ${clip((e as Error).message)}`, this.at(opStart));
      }
      this.material(sizeOf(value));
      return value;
    }
    if (fn instanceof PyGlobal) {
      this.onCall?.(fn.qualname, kind);
      return new PyObject(fn.qualname, args, kwargs);
    }
    // e.g. REDUCE over `getattr(SomeClass, 'method')`: still only a record.
    if (fn instanceof PyObject) {
      this.onCall?.(`${fn.__class__}.__call__`, 'call');
      return new PyObject(`${fn.__class__}.__call__`, args, kwargs);
    }
    throw new PickleError('call of a value that is not a global', this.at(opStart));
  }

  build(obj: unknown, state: unknown, opStart: number): void {
    if (isBuildable(obj)) obj.pyBuild(state);
    else if (obj instanceof PyObject) obj.state = state;
    else if (obj instanceof Map && state instanceof Map) {
      this.charge(state.size, opStart);
      for (const [k, v] of state) obj.set(k, v);
    }
    // Other objects (lists, sets, dicts given slot state, records) have nothing we need in their state.
    else if (typeof obj !== 'object' || obj === null)
      throw new PickleError('BUILD on a value that takes no state', this.at(opStart));
  }
}

/** Elements (or characters, bytes) in a value: what copying or building it costs. */
export function sizeOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (typeof v === 'string') return v.length;
  if (v instanceof Uint8Array) return v.length;
  return 0;
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}
