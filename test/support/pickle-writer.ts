/**
 * A small pickle WRITER for tests and benchmarks (protocol 2 or 4). It serialises a tree of `Py` nodes
 * with a memo (shared and cyclic objects work, as OmegaConf's `_parent` links need), streaming its output
 * through a callback, so multi-hundred-MB snapshots never sit in memory.
 *
 * Torch and OmegaConf structures built from these nodes are in pickle-torch.ts.
 */

import { OP } from '../../src/convert';

import {
  call,
  glob,
  list,
  type Py,
  PyCall,
  PyDict,
  PyFloat,
  PyGlobalRef,
  PyInt,
  PyList,
  PyNewObj,
  PyPersId,
  PyRaw,
  PySet,
  PyStreamBytes,
  PyTuple,
} from './pickle-values';

export * from './pickle-values';

const enc = new TextEncoder();

export class PickleWriter {
  private buf = new Uint8Array(1 << 20);
  private n = 0;
  private readonly memo = new Map<object, number>();
  private memoCount = 0;
  bytesWritten = 0;

  constructor(
    private readonly out: (chunk: Uint8Array) => void,
    readonly protocol: 2 | 4 = 4,
  ) {}

  /** Write a whole pickle: PROTO, the value, STOP. */
  dump(value: Py): void {
    this.byte(OP.PROTO, this.protocol);
    this.value(value);
    this.byte(OP.STOP);
    this.flush();
  }

  flush(): void {
    if (this.n > 0) this.out(this.buf.slice(0, this.n));
    this.bytesWritten += this.n;
    this.n = 0;
  }

  raw(bytes: Uint8Array): void {
    if (bytes.length > this.buf.length / 2) {
      this.flush();
      this.out(bytes);
      this.bytesWritten += bytes.length;
      return;
    }
    if (this.n + bytes.length > this.buf.length) this.flush();
    this.buf.set(bytes, this.n);
    this.n += bytes.length;
  }

  private byte(...bs: number[]): void {
    this.raw(Uint8Array.from(bs));
  }
  private u32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.raw(b);
  }
  private u64(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    this.raw(b);
  }

  private memoize(obj: object): void {
    const id = this.memoCount++;
    this.memo.set(obj, id);
    if (this.protocol >= 4) this.byte(OP.MEMOIZE);
    else if (id < 256) this.byte(OP.BINPUT, id);
    else {
      this.byte(OP.LONG_BINPUT);
      this.u32(id);
    }
  }

  private get(id: number): void {
    if (id < 256) this.byte(OP.BINGET, id);
    else {
      this.byte(OP.LONG_BINGET);
      this.u32(id);
    }
  }

  private str(s: string): void {
    const b = enc.encode(s);
    if (this.protocol >= 4 && b.length < 256) this.byte(OP.SHORT_BINUNICODE, b.length);
    else {
      this.byte(OP.BINUNICODE);
      this.u32(b.length);
    }
    this.raw(b);
  }

  private int(v: number | bigint): void {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 256) this.byte(OP.BININT1, v);
    else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 65536)
      this.byte(OP.BININT2, v & 0xff, v >> 8);
    else if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31) {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setInt32(0, v, true);
      this.byte(OP.BININT);
      this.raw(b);
    } else {
      // LONG1, little-endian two's complement
      let x = BigInt(v);
      const bytes: number[] = [];
      for (;;) {
        bytes.push(Number(x & 0xffn));
        x >>= 8n;
        const signBit = (bytes[bytes.length - 1]! & 0x80) !== 0;
        if ((x === 0n && !signBit) || (x === -1n && signBit)) break;
      }
      this.byte(OP.LONG1, bytes.length, ...bytes);
    }
  }

  private tupleItems(items: Py[]): void {
    if (items.length === 0) {
      this.byte(OP.EMPTY_TUPLE);
      return;
    }
    if (items.length <= 3) {
      for (const v of items) this.value(v);
      this.byte(OP.TUPLE1 + items.length - 1);
      return;
    }
    this.byte(OP.MARK);
    for (const v of items) this.value(v);
    this.byte(OP.TUPLE);
  }

  private setItems(entries: Array<[Py, Py]>): void {
    for (let i = 0; i < entries.length; i += 1000) {
      this.byte(OP.MARK);
      for (const [k, v] of entries.slice(i, i + 1000)) {
        this.value(k);
        this.value(v);
      }
      this.byte(OP.SETITEMS);
    }
  }

  private appends(items: Py[]): void {
    for (let i = 0; i < items.length; i += 1000) {
      this.byte(OP.MARK);
      for (const v of items.slice(i, i + 1000)) this.value(v);
      this.byte(OP.APPENDS);
    }
  }

  /** Protocol 2 writes bytes as `_codecs.encode(<latin-1 text>, 'latin1')`. */
  private latin1Bytes(bytes: Uint8Array): void {
    this.value(glob('_codecs', 'encode'));
    const utf8: number[] = [];
    for (const b of bytes) {
      if (b < 0x80) utf8.push(b);
      else utf8.push(0xc0 | (b >> 6), 0x80 | (b & 0x3f));
    }
    this.byte(OP.BINUNICODE);
    this.u32(utf8.length);
    this.raw(Uint8Array.from(utf8));
    this.str('latin1');
    this.byte(OP.TUPLE2, OP.REDUCE);
  }

  value(v: Py): void {
    if (v === null || v === undefined) return this.byte(OP.NONE);
    if (v === true) return this.byte(OP.NEWTRUE);
    if (v === false) return this.byte(OP.NEWFALSE);
    if (typeof v === 'number') {
      if (Number.isInteger(v)) return this.int(v);
      return this.value(new PyFloat(v));
    }
    if (typeof v === 'bigint') return this.int(v);
    if (typeof v === 'string') return this.str(v);
    if (v instanceof PyInt) return this.int(v.v);
    if (v instanceof PyFloat) {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v.v, false);
      this.byte(OP.BINFLOAT);
      this.raw(b);
      return;
    }
    if (v instanceof PyRaw) return this.raw(v.bytes);
    const seen = this.memo.get(v);
    if (seen !== undefined) return this.get(seen);
    if (v instanceof Uint8Array) {
      if (this.protocol < 3) {
        this.latin1Bytes(v);
        return this.memoize(v);
      }
      if (v.length < 256) this.byte(OP.SHORT_BINBYTES, v.length);
      else {
        this.byte(OP.BINBYTES);
        this.u32(v.length);
      }
      this.raw(v);
      return this.memoize(v);
    }
    if (v instanceof PyStreamBytes) {
      if (this.protocol < 3) {
        const all = new Uint8Array(v.length);
        let at = 0;
        v.produce((chunk) => {
          all.set(chunk, at);
          at += chunk.length;
        });
        this.latin1Bytes(all);
        return this.memoize(v);
      }
      if (v.length < 2 ** 32) {
        this.byte(OP.BINBYTES);
        this.u32(v.length);
      } else {
        this.byte(OP.BINBYTES8);
        this.u64(v.length);
      }
      let produced = 0;
      v.produce((chunk) => {
        produced += chunk.length;
        this.raw(chunk);
      });
      if (produced !== v.length) throw new Error(`stream produced ${produced} of ${v.length} bytes`);
      return this.memoize(v);
    }
    if (v instanceof PyTuple) {
      this.tupleItems(v.items);
      return this.memoize(v);
    }
    if (v instanceof PyList) {
      this.byte(OP.EMPTY_LIST);
      this.memoize(v);
      this.appends(v.items);
      return;
    }
    if (v instanceof PyDict) {
      this.byte(OP.EMPTY_DICT);
      this.memoize(v);
      this.setItems(v.entries);
      return;
    }
    if (v instanceof PySet) {
      if (this.protocol >= 4) {
        this.byte(OP.EMPTY_SET);
        this.memoize(v);
        if (v.items.length) {
          this.byte(OP.MARK);
          for (const x of v.items) this.value(x);
          this.byte(OP.ADDITEMS);
        }
        return;
      }
      return this.value(call(glob('builtins', 'set'), [list(...v.items)]));
    }
    if (v instanceof PyGlobalRef) {
      if (this.protocol >= 4) {
        this.str(v.module);
        this.str(v.name);
        this.byte(OP.STACK_GLOBAL);
      } else {
        this.byte(OP.GLOBAL);
        this.raw(enc.encode(`${v.module}\n${v.name}\n`));
      }
      return this.memoize(v);
    }
    if (v instanceof PyCall) {
      this.value(v.fn);
      this.tupleItems(v.args);
      this.byte(OP.REDUCE);
      this.memoize(v);
      if (v.extra.listItems) this.appends(v.extra.listItems);
      if (v.extra.dictItems) this.setItems(v.extra.dictItems);
      if (v.extra.state !== undefined) {
        this.value(v.extra.state);
        this.byte(OP.BUILD);
      }
      return;
    }
    if (v instanceof PyNewObj) {
      this.value(v.cls);
      this.tupleItems(v.args);
      this.byte(OP.NEWOBJ);
      this.memoize(v);
      if (v.extra.dictItems) this.setItems(v.extra.dictItems);
      const state = v.state ?? v.extra.state;
      if (state !== undefined) {
        this.value(state);
        this.byte(OP.BUILD);
      }
      return;
    }
    if (v instanceof PyPersId) {
      this.value(v.pid);
      this.byte(OP.BINPERSID);
      return;
    }
    throw new Error(`cannot pickle ${String(v)}`);
  }
}

/** Pickle a value into memory. */
export function pickleToBytes(value: Py, protocol: 2 | 4 = 4): Uint8Array {
  const parts: Uint8Array[] = [];
  new PickleWriter((c) => parts.push(c), protocol).dump(value);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
