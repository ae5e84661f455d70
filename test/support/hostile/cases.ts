/**
 * Crafted inputs by class of defect (issue #11): each class module generates many cases from a few
 * parameters, so the tests exercise the defence for the class, not one example. A case is a pickle to
 * convert or a model folder to load, with what the message must say.
 */
import { OP } from '../../../src/convert';

export interface PickleCase {
  kind: 'pickle';
  name: string;
  bytes: Uint8Array;
  /** The one line the converter must answer with (CLI prefix excluded). */
  message: RegExp;
  /** Convert with --fp16. */
  fp16?: boolean;
}

export type FolderEntry =
  | { name: string; content: Uint8Array | string }
  | { name: string; symlink: string }
  | { name: string; hardlink: string }
  | { name: string; fifo: true }
  | { name: string; dir: true };

export interface FolderCase {
  kind: 'folder';
  name: string;
  entries: FolderEntry[];
  message: RegExp;
}

export type HostileCase = PickleCase | FolderCase;

const enc = new TextEncoder();

/** Raw opcodes, for pickles the writer would never produce. */
export class RawPickle {
  private readonly parts: Uint8Array[] = [];
  private memo = 0;

  constructor(protocol = 4) {
    this.op(OP.PROTO, protocol);
  }
  op(code: number, ...bytes: number[]): this {
    this.parts.push(Uint8Array.from([code, ...bytes]));
    return this;
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.parts.push(b);
    return this;
  }
  raw(b: Uint8Array | string): this {
    this.parts.push(typeof b === 'string' ? enc.encode(b) : b);
    return this;
  }
  /** BINUNICODE of `s` (any length). */
  str(s: string): this {
    const b = enc.encode(s);
    return this.op(OP.BINUNICODE).u32(b.length).raw(b);
  }
  /** MEMOIZE the top of the stack; returns its memo index. */
  memoize(): number {
    this.op(OP.MEMOIZE);
    return this.memo++;
  }
  get(index: number): this {
    return this.op(OP.LONG_BINGET).u32(index);
  }
  global(module: string, name: string): this {
    return this.str(module).str(name).op(OP.STACK_GLOBAL);
  }
  /** A list of `count` references to memo `index` (APPENDS in batches). */
  listOfRefs(index: number, count: number): this {
    this.op(OP.EMPTY_LIST);
    for (let i = 0; i < count; i += 1000) {
      this.op(OP.MARK);
      for (let j = i; j < Math.min(count, i + 1000); j++) this.get(index);
      this.op(OP.APPENDS);
    }
    return this;
  }
  stop(): Uint8Array {
    this.op(OP.STOP);
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** A small deterministic generator for picking case parameters. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
