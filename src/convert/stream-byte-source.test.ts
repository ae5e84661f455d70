import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOTS } from '../../test/support/fixtures';
import { explainError } from './explain-error';
import { convertSnapshot, MemoryByteSource, MemorySink } from './index';
import { bufferWholeStream, StreamByteSource } from './stream-byte-source';

const tiny = new Uint8Array(readFileSync(SNAPSHOTS.tiny));

/** The bytes in chunks of `chunk`, each after a macrotask (as a download arrives); `stopAt` breaks it off. */
function trickle(bytes: Uint8Array, chunk: number, stopAt = bytes.length, fail = false): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((r) => setTimeout(r, 0));
      if (at >= stopAt) {
        if (fail) controller.error(new TypeError('network error'));
        else controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, Math.min(stopAt, at + chunk)));
      at += chunk;
    },
  });
}

describe('StreamByteSource', () => {
  it('converts a snapshot as it arrives into the same model as from memory', async () => {
    const expected = new MemorySink();
    await convertSnapshot(new MemoryByteSource(tiny, 'tiny.pkl'), expected);
    const sink = new MemorySink();
    await convertSnapshot(new StreamByteSource(trickle(tiny, 65_536), tiny.length, 'tiny.pkl'), sink);
    expect([...sink.shards.keys()]).toEqual([...expected.shards.keys()]);
    for (const [name, bytes] of expected.shards)
      expect(Buffer.from(sink.shards.get(name)!).equals(Buffer.from(bytes))).toBe(true);
  });

  it('waits for bytes not yet arrived and reads short past a stream that ended early', async () => {
    const source = new StreamByteSource(trickle(tiny, 1000, 5000), tiny.length);
    expect((await source.read(3000, 1500)).length).toBe(1500);
    expect((await source.read(4500, 2000)).length).toBe(500);
    expect((await source.read(9000, 10)).length).toBe(0);
  });

  it('a download that breaks off is a truncated file to the converter', async () => {
    const source = new StreamByteSource(trickle(tiny, 100_000, 1_500_000, true), tiny.length, 'tiny.pkl');
    const error = await convertSnapshot(source, new MemorySink()).catch((e: unknown) => e);
    expect(explainError(error, { size: tiny.length }).code).toBe('truncated');
  });

  it('a stream of unknown length is read whole', async () => {
    const source = await bufferWholeStream(trickle(tiny, 300_000), 'tiny.pkl');
    expect(source.size).toBe(tiny.length);
    expect(Buffer.from(await source.read(0, tiny.length)).equals(Buffer.from(tiny))).toBe(true);
  });
});
