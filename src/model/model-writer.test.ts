import { describe, expect, it } from 'vitest';
import { MemorySink, planWeights, ShardWriter } from './model-writer';

describe('planWeights + ShardWriter', () => {
  it('splits a stream into shards of exactly the limit, the last one shorter', async () => {
    const weights = [
      { name: 'a', shape: [3, 5] },
      { name: 'b', shape: [] },
      { name: 'c', shape: [7] },
    ];
    const plan = planWeights(weights, { shardBytes: 32 });
    expect(plan.totalBytes).toBe((15 + 1 + 7) * 4);
    expect(plan.group.paths).toEqual(['group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']);
    expect(plan.group.weights).toEqual([
      { name: 'a', shape: [3, 5], dtype: 'float32' },
      { name: 'b', shape: [], dtype: 'float32' },
      { name: 'c', shape: [7], dtype: 'float32' },
    ]);
    const sink = new MemorySink();
    const writer = new ShardWriter(sink, plan, 32);
    await writer.append(Float32Array.from({ length: 15 }, (_, i) => i));
    await writer.append(Float32Array.of(-1));
    await writer.append(Float32Array.from({ length: 7 }, (_, i) => 100 + i));
    await writer.finish();
    expect(plan.group.paths.map((p) => sink.shards.get(p)!.length)).toEqual([32, 32, 28]);
    sink.model = { weightsManifest: [plan.group] } as never;
    expect(Array.from(new Float32Array(sink.concatenated().buffer))).toEqual([
      ...Array.from({ length: 15 }, (_, i) => i),
      -1,
      ...Array.from({ length: 7 }, (_, i) => 100 + i),
    ]);
  });

  it('plans float16 entries with quantization and half the bytes', () => {
    const plan = planWeights([{ name: 'w', shape: [4, 4] }], { fp16: true });
    expect(plan.group.weights[0]).toEqual({
      name: 'w',
      shape: [4, 4],
      dtype: 'float32',
      quantization: { dtype: 'float16' },
    });
    expect(plan.totalBytes).toBe(32);
    expect(plan.group.paths).toEqual(['group1-shard1of1.bin']);
  });

  it('refuses more or fewer bytes than planned', async () => {
    const plan = planWeights([{ name: 'w', shape: [2] }]);
    const short = new ShardWriter(new MemorySink(), plan);
    await short.append(Float32Array.of(1));
    await expect(short.finish()).rejects.toThrow(/wrote 4 of 8/);
    const long = new ShardWriter(new MemorySink(), plan);
    await expect(long.append(Float32Array.of(1, 2, 3))).rejects.toThrow(/more weight bytes/);
  });
});
