import { describe, expect, it } from 'vitest';
import { type ByteSource, MemoryByteSource } from './byte-source';
import { planWindows, ReadAheadSource } from './read-ahead';

/** A source over 0..255 repeating that counts the reads reaching it. */
function countingSource(size: number, failAt?: number) {
  const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) & 0xff);
  const memory = new MemoryByteSource(bytes, 'snapshot.pkl');
  const reads: Array<[number, number]> = [];
  const source: ByteSource = {
    size,
    name: 'snapshot.pkl',
    async read(offset, length) {
      reads.push([offset, length]);
      if (failAt !== undefined && offset <= failAt && failAt < offset + length) throw new Error('disk error');
      return (await memory.read(offset, length)).slice();
    },
  };
  return { bytes, source, reads };
}

const plan = { maxWindowBytes: 1000, maxGapBytes: 16 };

describe('planWindows', () => {
  it('joins ranges that are close, splits at the window size and keeps far ones apart', () => {
    const windows = planWindows(
      [
        { offset: 500, length: 100 },
        { offset: 0, length: 100 },
        { offset: 110, length: 100 }, // 10 bytes after the first: same window
        { offset: 300, length: 100 }, // 90 bytes after: a new window
        { offset: 610, length: 950 }, // close, but the window would be 1060 long: a window of its own
        { offset: 5000, length: 0 }, // empty: ignored
      ],
      plan,
    );
    expect(windows).toEqual([
      { offset: 0, length: 210 },
      { offset: 300, length: 100 },
      { offset: 500, length: 100 },
      { offset: 610, length: 950 },
    ]);
  });

  it('puts overlapping ranges in one window even past the window size, so every range lies in one window', () => {
    const windows = planWindows(
      [
        { offset: 0, length: 900 },
        { offset: 800, length: 900 },
      ],
      plan,
    );
    expect(windows).toEqual([{ offset: 0, length: 1700 }]);
  });

  it('gives one window per range when a range alone exceeds the window size', () => {
    expect(planWindows([{ offset: 10, length: 5000 }], plan)).toEqual([{ offset: 10, length: 5000 }]);
  });
});

describe('ReadAheadSource', () => {
  it('returns the same bytes as the source for reads inside, across and outside the windows', async () => {
    const { bytes, source } = countingSource(20_000);
    const windows = planWindows(
      Array.from({ length: 20 }, (_, i) => ({ offset: 1000 + i * 500, length: 400 })),
      plan,
    );
    const ahead = new ReadAheadSource(source, windows, plan);
    for (const [offset, length] of [
      [1000, 400],
      [1100, 50],
      [1500, 400],
      [0, 100], // before every window
      [1900, 300], // across two windows
      [10_400, 400],
      [19_990, 50], // runs past the end: fewer bytes, as the source gives
    ] as const) {
      expect(await ahead.read(offset, length)).toEqual(bytes.subarray(offset, Math.min(bytes.length, offset + length)));
    }
  });

  it('reads each window once for a sequential pass over many small tensors', async () => {
    const { source, reads } = countingSource(1_000_000);
    const ranges = Array.from({ length: 300 }, (_, i) => ({ offset: 1000 + i * 3000, length: 2990 }));
    const windows = planWindows(ranges, { maxWindowBytes: 100_000, maxGapBytes: 64 });
    const ahead = new ReadAheadSource(source, windows, { maxWindowBytes: 100_000, maxGapBytes: 64 });
    for (const range of ranges) await ahead.read(range.offset, range.length);
    expect(windows.length).toBeGreaterThan(5);
    expect(reads).toHaveLength(windows.length);
  });

  it('reports a failed window to the read that needs it, and not before', async () => {
    const { source } = countingSource(10_000, 5_500);
    const windows = planWindows(
      Array.from({ length: 10 }, (_, i) => ({ offset: i * 1000, length: 900 })),
      { maxWindowBytes: 900, maxGapBytes: 0 },
    );
    const ahead = new ReadAheadSource(source, windows, { maxWindowBytes: 900, maxGapBytes: 0 });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Window 5 (5000..5900) fails; windows 3 and 4 read it ahead without failing.
      await ahead.read(3000, 900);
      await ahead.read(4000, 900);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
      await expect(ahead.read(5000, 900)).rejects.toThrow('disk error');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
