import { describe, expect, it } from 'vitest';
import { readGroupShards } from './shard-reader';

const group = {
  paths: ['group1-shard1of1.bin'],
  weights: [
    { name: 'a', shape: [2], dtype: 'float32' as const },
    { name: 'b', shape: [1], dtype: 'float32' as const },
  ],
};

const memory = (bytes: ArrayBuffer) => ({ readShard: async () => bytes });

describe('readGroupShards, one shard read whole', () => {
  it('gives the shard itself (no copy) and counts its NaN', async () => {
    const shard = Float32Array.from([1, Number.NaN, 3]).buffer;
    const read = await readGroupShards(group, memory(shard));
    expect(read.buffer).toBe(shard);
    expect(read.nonFinite).toEqual([{ name: 'a', count: 1 }]);
  });

  it('refuses a shard longer or shorter than the manifest says, as for several shards', async () => {
    await expect(readGroupShards(group, memory(new ArrayBuffer(16)))).rejects.toThrow(
      'the weight files hold more than that by group1-shard1of1.bin, but model.json describes 12 bytes',
    );
    await expect(readGroupShards(group, memory(new ArrayBuffer(8)))).rejects.toThrow(
      'the weight files hold 8 bytes, but model.json describes 12 bytes',
    );
  });
});
