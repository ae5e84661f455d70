import { describe, expect, it } from 'vitest';
import { legacyStorageHeader, storage, tensor } from '../../test/support/pickle-torch';
import { call, glob, pickleToBytes, tuple } from '../../test/support/pickle-writer';
import { MemoryByteSource } from './byte-source';
import { resolveKnownGlobal } from './known-globals';
import { ParseBudget } from './parse-budget';
import { LazyBytes, PAYLOAD_HEAD_BYTES } from './py-values';
import { parseLegacyStorage, TorchStorage, TorchTensor } from './torch-storage';
import { unpickle, unpickleBytes } from './unpickle';

const load = (bytes: Uint8Array) => unpickleBytes(bytes, { resolveGlobal: resolveKnownGlobal }).value;
const range = (n: number) => Float32Array.from({ length: n }, (_, i) => i);

/** A tensor pickled with a lazy payload, parsed from a source that records its reads (cleared after the parse). */
const parseCounting = async (bytes: Uint8Array, chunkSize: number) => {
  const source = new MemoryByteSource(bytes);
  const reads: Array<[number, number]> = [];
  const counting = {
    size: source.size,
    read: (o: number, n: number) => {
      reads.push([o, n]);
      return source.read(o, n);
    },
  };
  const t = (await unpickle(counting, {
    resolveGlobal: resolveKnownGlobal,
    lazyBytesThreshold: 64 * 1024,
    chunkSize,
  })) as TorchTensor;
  const readWhileParsing = reads.reduce((n, [, len]) => n + len, 0);
  reads.length = 0;
  return { t, reads, counting, readWhileParsing };
};

describe('legacy storage streams', () => {
  it('parses the header: dtype, element count and where the data starts', () => {
    const header = legacyStorageHeader('HalfStorage', 10, '4242');
    const bytes = new Uint8Array(header.length + 20);
    bytes.set(header);
    expect(parseLegacyStorage(bytes)).toEqual({ dtype: 'float16', itemSize: 2, numel: 10, dataOffset: header.length });
    // Data shorter than numel * itemSize is a truncated stream.
    expect(() => parseLegacyStorage(bytes.subarray(0, bytes.length - 1))).toThrow(/more than its payload holds/);
  });

  it('rebuilds float32, float16 and float64 tensors', async () => {
    for (const kind of ['FloatStorage', 'HalfStorage', 'DoubleStorage'] as const) {
      const t = load(pickleToBytes(tensor(storage(range(6), kind), [2, 3]))) as TorchTensor;
      expect(t).toBeInstanceOf(TorchTensor);
      expect(t.shape).toEqual([2, 3]);
      expect(Array.from(await t.toFloat32())).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it('materialises views: storage offset, transposed strides, zero-dim, shared storage', async () => {
    const store = storage(range(12));
    const [t, view, scalar, param] = load(
      pickleToBytes(
        tuple(
          tensor(store, [3, 2], { stride: [1, 3] }), // transpose of a [2, 3] matrix
          tensor(store, [2, 2], { offset: 5, stride: [4, 2] }),
          tensor(store, [], { offset: 11, stride: [] }),
          call(glob('torch._utils', '_rebuild_parameter'), [
            tensor(store, [12]),
            true,
            call(glob('collections', 'OrderedDict'), []),
          ]),
        ),
      ),
    ) as TorchTensor[];
    expect(Array.from(await t!.toFloat32())).toEqual([0, 3, 1, 4, 2, 5]);
    expect(Array.from(await view!.toFloat32())).toEqual([5, 7, 9, 11]);
    expect(scalar!.shape).toEqual([]);
    expect(Array.from(await scalar!.toFloat32())).toEqual([11]);
    expect(param!.storage).toBe(t!.storage);
    expect(Array.from(await param!.toFloat32())).toEqual(Array.from(range(12)));
  });

  it('rejects a view outside its storage', async () => {
    const t = load(pickleToBytes(tensor(storage(range(4)), [5]))) as TorchTensor;
    await expect(t.toFloat32()).rejects.toThrow(/storage holds 4/);
  });

  it('reads lazy storages from the source, only when materialised', async () => {
    const { t, counting, readWhileParsing } = await parseCounting(
      pickleToBytes(tensor(storage(range(50_000)), [250, 200])),
      4096,
    );
    expect(t.storage.payload).toBeInstanceOf(LazyBytes);
    expect(readWhileParsing).toBeLessThan(150_000); // the 200 KB payload was skipped
    const values = await t.toFloat32(counting);
    expect(values.length).toBe(50_000);
    expect(values[49_999]).toBe(49_999);
    await expect(new TorchStorage(t.storage.payload as LazyBytes).getLayout()).rejects.toThrow(
      /needs the snapshot source/,
    );
  });
});

describe("a lazy storage's header", () => {
  it('comes from the bytes the parser kept as it skipped the payload: no read of it again', async () => {
    const { t, reads, counting } = await parseCounting(pickleToBytes(tensor(storage(range(50_000)), [250, 200])), 8192);
    const payload = t.storage.payload as LazyBytes;
    expect(payload.head?.length).toBe(PAYLOAD_HEAD_BYTES);
    const layout = await t.validate(counting);
    expect(reads).toEqual([]);
    const values = await t.toFloat32(counting);
    // The one read is the elements themselves.
    expect(reads).toEqual([[payload.offset + layout.dataOffset, 200_000]]);
    expect(values[49_999]).toBe(49_999);
  });

  it('is read from the source when the window ended before it', async () => {
    const bytes = pickleToBytes(tensor(storage(range(50_000)), [250, 200]));
    const { t } = await parseCounting(bytes, 8192);
    const whole = t.storage.payload as LazyBytes;
    for (const kept of [new Uint8Array(0), whole.head!.subarray(0, 20)]) {
      const cut = new TorchStorage(new LazyBytes(whole.offset, whole.length, 'raw', kept));
      const reads: number[] = [];
      const source = new MemoryByteSource(bytes);
      const counting = {
        size: source.size,
        read: (o: number, n: number) => {
          reads.push(o);
          return source.read(o, n);
        },
      };
      expect(await cut.getLayout(counting)).toEqual(await t.storage.getLayout(counting));
      expect(reads).toContain(whole.offset);
    }
  });
});

describe('class 1: the parse budget and strided views, directly', () => {
  it('a view whose span dwarfs its values is refused before any read; dense views are charged to the budget', async () => {
    const numel = 1 << 20;
    const header = legacyStorageHeader('FloatStorage', numel);
    const payload = new Uint8Array(header.length + numel * 4);
    payload.set(header);
    const storage = new TorchStorage(payload);
    const sparse = new TorchTensor(storage, 0, [2, 2], [numel / 2, 1]);
    await expect(sparse.validate(undefined, 'synthesis.b4.conv1.bias')).rejects.toThrow(
      /synthesis\.b4\.conv1\.bias is a strided view of 4 values spread over 524,290 storage elements/,
    );
    const budget = new ParseBudget(6 * numel);
    const dense = new TorchTensor(storage, 0, [numel], [1]);
    await dense.toFloat32(undefined, budget); // 4 bytes per value charged
    await expect(dense.toFloat32(undefined, budget)).rejects.toThrow(
      /refused: the file asks for more than [\d,]+ MB of tensor data while being read/,
    );
  });
});

describe('class 1: work that must be done once per payload, and integers of a snapshot size', () => {
  it('one storage, one header parse and one latin-1 decode per payload, however many storages refer to it', async () => {
    // Protocol 2 writes bytes as _codecs.encode(str, 'latin1'); a big str stays lazy in the source.
    const header = legacyStorageHeader('FloatStorage', 300_000);
    const payload = new Uint8Array(header.length + 1_200_000);
    payload.set(header);
    const text = String.fromCharCode(...payload.subarray(0, header.length)) + '\u00e9'.repeat(1_200_000);
    const encoded = call(glob('_codecs', 'encode'), [text, 'latin1']);
    const loads = Array.from({ length: 2000 }, () => call(glob('torch.storage', '_load_from_bytes'), [encoded]));
    const bytes = pickleToBytes(tuple(...loads), 2);
    const source = new MemoryByteSource(bytes);
    let bytesRead = 0;
    const counting = {
      size: source.size,
      read: (o: number, n: number) => {
        bytesRead += n;
        return source.read(o, n);
      },
    };
    const storages = (await unpickle(counting, {
      resolveGlobal: resolveKnownGlobal,
      lazyStringThreshold: 1024 * 1024,
    })) as TorchStorage[];
    expect(new Set(storages).size).toBe(1);
    expect(storages[0]!.payload).toBeInstanceOf(LazyBytes);
    const parsed = bytesRead;
    const budget = new ParseBudget(Infinity);
    for (const s of storages) await s.getLayout(counting, budget);
    // Decoded once: about the payload's UTF-8 size read, and charged, once.
    expect(bytesRead - parsed).toBeLessThan(3 * 1_200_000);
    expect(budget.spent).toBe(2 * (storages[0]!.payload as LazyBytes).length);
  });

  it('integers longer than a snapshot needs are refused before they are decoded', () => {
    const long4 = (n: number) => Uint8Array.from([0x80, 0x02, 0x8b, n, 0, 0, 0, ...new Uint8Array(n).fill(0x7f), 0x2e]);
    expect(load(long4(10))).toBe(0x7f7f7f7f7f7f7f7f7f7fn);
    expect(() => load(long4(65))).toThrow(/a 65-byte integer exceeds the limit of 64/);
    const legacyMagic = Uint8Array.from([
      0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e,
    ]);
    expect(load(legacyMagic)).toBe(119547037146038801333356n);
  });
});

describe('protocol 0 storages', () => {
  /** What Python's pickle writes for a str in protocol 0 (UNICODE): raw-unicode-escape, with \, NUL, LF, CR, ^Z escaped. */
  const rawUnicodeEscape = (bytes: Uint8Array) => {
    const out: number[] = [];
    const special = new Set([0x5c, 0x00, 0x0a, 0x0d, 0x1a]);
    for (const b of bytes) {
      if (special.has(b)) out.push(...Array.from(`\\u00${b.toString(16).padStart(2, '0')}`, (c) => c.charCodeAt(0)));
      else out.push(b);
    }
    return Uint8Array.from(out);
  };
  const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

  it('a storage written as one long UNICODE line (bigger than any line read into memory) stays in the file and decodes', async () => {
    const count = 1_500_000; // 6 MB of float32, a line of about 9 MB
    const header = legacyStorageHeader('FloatStorage', count);
    const payload = new Uint8Array(header.length + count * 4);
    payload.set(header);
    const values = Float32Array.from({ length: count }, (_, i) => Math.sin(i) * 1000);
    payload.set(new Uint8Array(values.buffer), header.length);
    const line = rawUnicodeEscape(payload);
    expect(line.length).toBeGreaterThan(4 * 1024 * 1024);
    const pickle = new Uint8Array([
      ...ascii('ctorch.storage\n_load_from_bytes\n(c_codecs\nencode\n(V'),
      ...line,
      ...ascii('\nVlatin1\ntRtR.'),
    ]);
    const source = new MemoryByteSource(pickle);
    const storage = (await unpickle(source, {
      resolveGlobal: resolveKnownGlobal,
      lazyStringThreshold: 1024 * 1024,
    })) as TorchStorage;
    expect(storage).toBeInstanceOf(TorchStorage);
    expect((storage.payload as LazyBytes).encoding).toBe('latin1-of-raw-unicode-escape');
    const raw = await storage.readElements(0, count, source, new ParseBudget(Infinity));
    expect(new Float32Array(raw.slice().buffer)).toEqual(values);
    // Without lazy strings the same line is over the in-memory limit, as before.
    expect(() => unpickleBytes(pickle, { resolveGlobal: resolveKnownGlobal })).toThrow(/exceeds the limit/);
  });
});
