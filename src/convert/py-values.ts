/**
 * JavaScript stand-ins for the Python values a pickle can describe. Nothing here runs code:
 * unknown classes become inert `PyObject` records that only keep what the stream gave them.
 *
 * Mapping: None -> null, bool -> boolean, int -> number (bigint beyond 2^53), float -> number,
 * str -> string, bytes -> Uint8Array (or `LazyBytes` for big payloads left in the source),
 * tuple/list -> array, dict -> Map, set/frozenset -> Set.
 */

/** A reference to a global (`module.name`) that is not on the allow-list: a class or function we never call. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualname(): string {
    return `${this.module}.${this.name}`;
  }
}

/** An inert instance of a class we do not implement: it records what the pickle gave it. */
export class PyObject {
  state: unknown = undefined;
  readonly items: unknown[] = [];
  readonly dictItems: Array<[unknown, unknown]> = [];
  constructor(
    readonly __class__: string,
    readonly args: unknown[] = [],
    readonly kwargs?: Map<unknown, unknown>,
  ) {}
}

/** A big bytes payload left in the source: `length` bytes at absolute `offset`. Read only when needed. */
export class LazyBytes {
  constructor(
    readonly offset: number,
    readonly length: number,
    /**
     * 'raw': the bytes themselves; 'latin1-of-utf8': protocol 2's `_codecs.encode(str, 'latin1')` of a UTF-8
     * str; 'latin1-of-raw-unicode-escape': protocol 0's, of a UNICODE text line.
     */
    readonly encoding: 'raw' | 'latin1-of-utf8' | 'latin1-of-raw-unicode-escape' = 'raw',
    /**
     * The payload's first bytes (at most `PAYLOAD_HEAD_BYTES`), when the parser's window held them as it
     * skipped the payload: a storage's header is read from them instead of from the source again.
     */
    readonly head?: Uint8Array,
  ) {}
}

/** How many of a skipped payload's first bytes the parser keeps (a legacy storage's header pickles fit). */
export const PAYLOAD_HEAD_BYTES = 4096;

export type PyDict = Map<unknown, unknown>;

export function isDict(v: unknown): v is PyDict {
  return v instanceof Map;
}

/** `d[key]` for a dict-like value (Map, or the state of an inert object), else undefined. */
export function getItem(d: unknown, key: string): unknown {
  if (d instanceof Map) return d.get(key);
  return undefined;
}

/** Attribute lookup on a module/object state dict. */
export function getAttr(state: unknown, key: string): unknown {
  return getItem(state, key);
}

export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A big str payload left in the source: `length` bytes at `offset`, UTF-8 or (protocol 0) raw-unicode-escape. */
export class LazyString {
  constructor(
    readonly offset: number,
    readonly length: number,
    readonly encoding: 'utf8' | 'raw-unicode-escape' = 'utf8',
  ) {}
}
