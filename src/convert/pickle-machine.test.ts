import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOTS } from '../../test/support/fixtures';
import { call, dict, float, glob, list, PyRaw, pickleToBytes, tuple } from '../../test/support/pickle-writer';
import { MemoryByteSource } from './byte-source';
import { PickleError } from './errors';
import { PersistentObject, resolveKnownGlobal } from './known-globals';
import { REFILL_MARGIN } from './pickle-input';
import type { GlobalResolver } from './pickle-machine';
import { LazyBytes, PyGlobal, PyObject } from './py-values';
import { SKIP_CHUNK, unpickle, unpickleBytes } from './unpickle';

const splitQualname = (qualname: string): [string, string] => {
  const dot = qualname.lastIndexOf('.');
  return [qualname.slice(0, dot), qualname.slice(dot + 1)];
};
const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const load = (bytes: Uint8Array) => unpickleBytes(bytes, { resolveGlobal: resolveKnownGlobal }).value;

describe('values', () => {
  it('reads protocol 0 text opcodes', () => {
    // [1, 2.5, 'abc', u'\u00e9x', 12345678901234567890L, True, None, ('t', 1)] with PUT/GET sharing
    const p = "(lp0\nI1\naF2.5\naS'a\\'bc'\np1\naVa\\u00e9x\naL12345678901234567890L\naI01\naNag1\na(S't'\nI1\ntp2\na.";
    expect(load(enc(p))).toEqual([1, 2.5, "a'bc", 'aéx', 12345678901234567890n, true, null, "a'bc", ['t', 1]]);
  });

  it('reads protocol 2 and 4 containers, ints, floats and shared references', () => {
    const shared = list(1, 2);
    for (const protocol of [2, 4] as const) {
      const v = load(
        pickleToBytes(
          dict([
            ['ints', tuple(0, 255, 256, 65535, 65536, -1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 60))],
            ['f', float(-0.125)],
            ['s', 'üñí'],
            ['a', shared],
            ['b', shared],
            [7, true],
          ]),
          protocol,
        ),
      ) as Map<unknown, unknown>;
      expect(v.get('ints')).toEqual([0, 255, 256, 65535, 65536, -1, -(2 ** 31), 2 ** 31, 2n ** 53n, -(2n ** 60n)]);
      expect(v.get('f')).toBe(-0.125);
      expect(v.get('s')).toBe('üñí');
      expect(v.get('a')).toBe(v.get('b'));
      expect(v.get(7)).toBe(true);
    }
  });

  it('builds allow-listed constructors: OrderedDict, EasyDict, numpy scalars, persistent records', () => {
    const scalar = call(glob('numpy.core.multiarray', 'scalar'), [
      call(glob('numpy', 'dtype'), ['f8', false, true], { state: tuple(3, '<', null, null, null, -1, -1, 0) }),
      new Uint8Array(new Float64Array([0.125]).buffer),
    ]);
    const v = load(
      pickleToBytes(
        tuple(
          call(glob('collections', 'OrderedDict'), [], { dictItems: [['x', 1]] }),
          call(glob('dnnlib.util', 'EasyDict'), [], { dictItems: [['y', 2]] }),
          scalar,
          call(glob('src.torch_utils.persistence', '_reconstruct_persistent_obj'), [
            dict({ class_name: 'G', module_src: 'import os; os.system("x")' }),
          ]),
        ),
      ),
    ) as unknown[];
    expect(v[0]).toEqual(new Map([['x', 1]]));
    expect(v[1]).toEqual(new Map([['y', 2]]));
    expect(v[2]).toBe(0.125);
    expect(v[3]).toBeInstanceOf(PersistentObject);
    expect((v[3] as PersistentObject).className).toBe('G');
  });
});

describe('safety', () => {
  it('turns os.system / builtins.eval / getattr calls into inert stubs and runs nothing', () => {
    const marker = '/tmp/pickle-pwned';
    // Every global the stream names goes through the allow-list; none of these may come back as a constructor.
    const asked: string[] = [];
    const constructed: string[] = [];
    const watchingResolver: GlobalResolver = (module, name) => {
      asked.push(`${module}.${name}`);
      const known = resolveKnownGlobal(module, name);
      if (!known) return undefined;
      return {
        module,
        name,
        construct: (args, kwargs) => {
          constructed.push(`${module}.${name}`);
          return known.construct(args, kwargs);
        },
      };
    };
    const v = unpickleBytes(
      pickleToBytes(
        list(
          call(glob('os', 'system'), [`touch ${marker}`]),
          call(glob('builtins', 'eval'), [`require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`]),
          call(glob('subprocess', 'Popen'), [list('sh', '-c', `touch ${marker}`)]),
          call(call(glob('builtins', 'getattr'), [glob('os', 'system'), '__call__']), [`touch ${marker}`]),
        ),
      ),
      { resolveGlobal: watchingResolver },
    ).value as PyObject[];
    expect(new Set(asked)).toEqual(new Set(['os.system', 'builtins.eval', 'subprocess.Popen', 'builtins.getattr']));
    expect(asked.filter((qualname) => resolveKnownGlobal(...splitQualname(qualname)))).toEqual([]);
    expect(constructed).toEqual([]);
    expect(v[0]).toBeInstanceOf(PyObject);
    expect(v[0]!.__class__).toBe('os.system');
    expect(v[0]!.args).toEqual([`touch ${marker}`]);
    expect(v[1]!.__class__).toBe('builtins.eval');
    expect(v[2]!.__class__).toBe('subprocess.Popen');
    expect(v[3]!.__class__).toBe('builtins.getattr.__call__');
    expect(v[3]!.args).toEqual([`touch ${marker}`]);
  });

  it('keeps unknown classes as records of their NEWOBJ args, BUILD state and items', () => {
    const bytes = pickleToBytes(
      call(glob('evil.module', 'Thing'), [1], { state: dict({ a: 2 }), dictItems: [['k', 'v']] }),
    );
    const v = load(bytes) as PyObject;
    expect(v.__class__).toBe('evil.module.Thing');
    expect(v.args).toEqual([1]);
    expect(v.dictItems).toEqual([['k', 'v']]);
    expect(v.state).toEqual(new Map([['a', 2]]));
  });

  it('refuses calling a plain value', () => {
    const bytes = pickleToBytes(new PyRaw(enc('K\x01)R')));
    expect(() => load(bytes)).toThrow(PickleError);
  });

  it('names the byte offset of an unknown opcode', () => {
    const bytes = Uint8Array.from([0x80, 0x04, 0x4b, 0x01, 0xff, 0x2e]);
    const err = (() => {
      try {
        load(bytes);
      } catch (e) {
        return e;
      }
    })() as PickleError;
    expect(err).toBeInstanceOf(PickleError);
    expect(err.code).toBe('unknown-opcode');
    expect(err.offset).toBe(4);
    expect(err.message).toContain('0xff');
  });

  it('enforces memo and nesting limits', () => {
    const put = Uint8Array.from([0x80, 0x02, 0x4e, 0x72, 0xff, 0xff, 0xff, 0x00, 0x2e]); // LONG_BINPUT 16777215
    expect(() => unpickleBytes(put, { limits: { maxMemo: 1000 } })).toThrow(/memo index/);
    const deep = new Uint8Array(2 + 200 + 1).fill(0x28);
    deep[0] = 0x80;
    deep[1] = 0x02;
    const err = (() => {
      try {
        unpickleBytes(deep, { limits: { maxMarkDepth: 100 } });
      } catch (e) {
        return e;
      }
    })() as PickleError;
    expect(err.code).toBe('limit');
    expect(err.offset).toBe(102);
  });

  it('fails a truncated snapshot with a typed error at the end of the data', async () => {
    const full = readFileSync(SNAPSHOTS.tiny);
    for (const cut of [1, 100, 12_000, full.length - 1]) {
      const source = new MemoryByteSource(full.subarray(0, cut));
      const err = await unpickle(source, { resolveGlobal: resolveKnownGlobal, lazyBytesThreshold: 1024 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PickleError);
      expect((err as PickleError).code).toBe('truncated');
      expect((err as PickleError).offset).toBeGreaterThan(0);
      expect((err as PickleError).offset).toBeLessThanOrEqual(cut);
    }
  });
});

describe('streaming', () => {
  /** A source over `bytes` that records every read as [offset, length]. */
  const recording = (bytes: Uint8Array) => {
    const src = new MemoryByteSource(bytes);
    const reads: Array<[number, number]> = [];
    return {
      reads,
      source: {
        size: src.size,
        read: (o: number, n: number) => {
          reads.push([o, n]);
          return src.read(o, n);
        },
      },
    };
  };

  it('reads little right after a skipped payload: a snapshot is mostly payloads left in the file', async () => {
    const payloads = Array.from({ length: 20 }, (_, i) => new Uint8Array(1 << 20).fill(i + 1));
    const bytes = pickleToBytes(list(...payloads.map((p, i) => list(p, `tensor ${i}`))));
    const { reads, source } = recording(bytes);
    const value = (await unpickle(source, { lazyBytesThreshold: 64 * 1024 })) as unknown[][];
    // The same structure as from memory, each payload a lazy reference to its bytes in the file.
    expect(value.map((pair) => pair[1])).toEqual(payloads.map((_, i) => `tensor ${i}`));
    for (const [i, [lazy]] of value.entries()) {
      expect(lazy).toBeInstanceOf(LazyBytes);
      const { offset, length } = lazy as LazyBytes;
      expect(length).toBe(1 << 20);
      expect(Buffer.from(bytes.buffer, bytes.byteOffset + offset, length).equals(payloads[i]!)).toBe(true);
    }
    // Each read after a skip (it starts past the end of the window before) is a small one.
    const afterSkip = reads.filter((r, i) => i > 0 && r[0] > reads[i - 1]![0] + reads[i - 1]![1]);
    expect(afterSkip.length).toBe(payloads.length);
    for (const [offset, length] of afterSkip)
      expect(length).toBe(Math.min(SKIP_CHUNK + REFILL_MARGIN, bytes.length - offset));
    const total = reads.reduce((n, [, length]) => n + length, 0);
    expect(total).toBeLessThan(payloads.length * 2 * (SKIP_CHUNK + REFILL_MARGIN) + 256 * 1024 + REFILL_MARGIN);
  });

  it('grows the reads back after a skip while the pickle goes on, up to the chunk size', async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `name ${i} ${'x'.repeat(60)}`);
    const bytes = pickleToBytes(list(new Uint8Array(1 << 20), ...names));
    const { reads, source } = recording(bytes);
    const value = (await unpickle(source, { lazyBytesThreshold: 64 * 1024 })) as unknown[];
    expect(value.slice(1)).toEqual(names);
    const skip = reads.findIndex((r, i) => i > 0 && r[0] > reads[i - 1]![0] + reads[i - 1]![1]);
    const lengths = reads.slice(skip, -1).map(([, length]) => length);
    expect(lengths.slice(0, 5)).toEqual([16, 32, 64, 128, 256].map((k) => k * 1024 + REFILL_MARGIN));
    expect(lengths.slice(5).every((n) => n === 256 * 1024 + REFILL_MARGIN)).toBe(true);
  });

  it('gives the same result with tiny read chunks, and leaves big payloads lazy', async () => {
    const bytes = readFileSync(SNAPSHOTS.tiny);
    let reads = 0;
    const src = new MemoryByteSource(bytes);
    const counting = {
      size: src.size,
      read: (o: number, n: number) => {
        reads++;
        return src.read(o, n);
      },
    };
    const lazy: LazyBytes[] = [];
    const collect = (v: unknown, seen = new Set<unknown>()): void => {
      if (typeof v !== 'object' || v === null || seen.has(v)) return;
      seen.add(v);
      if (v instanceof LazyBytes) lazy.push(v);
      else if (v instanceof Map)
        for (const [k, x] of v) {
          collect(k, seen);
          collect(x, seen);
        }
      else if (Array.isArray(v)) for (const x of v) collect(x, seen);
      else for (const x of Object.values(v)) collect(x, seen);
    };
    const a = await unpickle(counting, {
      resolveGlobal: resolveKnownGlobal,
      chunkSize: 1000,
      lazyBytesThreshold: 2000,
    });
    expect(reads).toBeGreaterThan(100);
    collect(a);
    expect(lazy.length).toBeGreaterThan(10);
    for (const l of lazy) {
      // A lazy payload points at a legacy torch.save stream (LONG1 magic number) inside the file.
      expect(Array.from(bytes.subarray(l.offset, l.offset + 3))).toEqual([0x80, 0x02, 0x8a]);
      expect(l.length).toBeGreaterThan(2000);
    }
    const b = (await unpickle(src, { resolveGlobal: resolveKnownGlobal })) as Map<string, unknown>;
    expect([...(a as Map<string, unknown>).keys()]).toEqual([...b.keys()]);
    expect(b.get('G_ema')).toBeInstanceOf(PersistentObject);
  });

  it('keeps unknown globals used as values as PyGlobal references', () => {
    const v = load(pickleToBytes(tuple(glob('typing', 'Any'))));
    expect((v as unknown[])[0]).toEqual(new PyGlobal('typing', 'Any'));
  });
});

describe('limits on crafted input', () => {
  it('refuses huge integers before decoding them', () => {
    const long4 = Uint8Array.from([0x80, 0x02, 0x8b, 0x00, 0x00, 0x10, 0x00]); // LONG4 of 1 MB
    const err = (() => {
      try {
        unpickleBytes(new Uint8Array([...long4, ...new Uint8Array(1 << 20), 0x2e]));
      } catch (e) {
        return e;
      }
    })() as PickleError;
    expect(err.code).toBe('limit');
    expect(() => unpickleBytes(enc(`I${'9'.repeat(10_000)}\n.`))).toThrow(/exceeds the limit/);
  });

  it('checks lengths against the end of the data before reading', () => {
    const frame = Uint8Array.from([0x80, 0x04, 0x95, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x4e, 0x2e]);
    const err = (() => {
      try {
        unpickleBytes(frame);
      } catch (e) {
        return e;
      }
    })() as PickleError;
    expect(err.code).toBe('truncated');
    expect(err.message).toMatch(/frame of \d+ bytes runs past/);
  });

  it('bounds copying work requested through memo references', () => {
    // A 1000-item list, then `list(memo[0])` called 2000 times: 2M copied items.
    const items = Array.from({ length: 1000 }, () => 0x4e);
    const head = [0x80, 0x02, 0x5d, 0x71, 0x00, 0x28, ...items, 0x65, 0x30];
    const calls: number[] = [];
    for (let i = 0; i < 2000; i++) calls.push(0x63, ...enc('builtins\nlist\n'), 0x68, 0x00, 0x85, 0x52, 0x30);
    const bytes = Uint8Array.from([...head, ...calls, 0x4e, 0x2e]);
    expect(() => unpickleBytes(bytes, { resolveGlobal: resolveKnownGlobal, limits: { maxWork: 100_000 } })).toThrow(
      /copied elements/,
    );
    expect(() => unpickleBytes(bytes, { resolveGlobal: resolveKnownGlobal })).not.toThrow();
  });

  it('reports calls of unknown callables to onCall', () => {
    const seen: string[] = [];
    unpickleBytes(pickleToBytes(call(glob('evil.module', 'thing'), [1])), { onCall: (q) => seen.push(q) });
    expect(seen).toEqual(['evil.module.thing']);
  });
});
