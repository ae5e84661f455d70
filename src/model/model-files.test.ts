import { describe, expect, it } from 'vitest';
import type { ModelJson } from './format';
import { modelFilesFromMemory } from './memory-files';
import { modelFilesFromPicked } from './picked-files';

const model = {
  name: 'm',
  weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }],
} as unknown as ModelJson;
const shard = Uint8Array.from([1, 2, 3, 4]).buffer;

describe('ModelFiles adapters', () => {
  it('reads picked files by their plain names, and checks model.json as it reads it', async () => {
    const files = modelFilesFromPicked([
      new File([JSON.stringify(model)], 'model.json'),
      new File([new Uint8Array(shard)], 'group1-shard1of1.bin'),
    ]);
    expect(await files.readJson()).toEqual(model);
    expect(new Uint8Array(await files.readShard('group1-shard1of1.bin'))).toEqual(Uint8Array.from([1, 2, 3, 4]));
    expect(await files.shardSize?.('group1-shard1of1.bin')).toBe(4);
    await expect(files.readShard('group1-shard2of2.bin')).rejects.toThrow(/missing weight file group1-shard2of2\.bin/);
  });

  it('asks for model.json when the picked files lack it', () => {
    expect(() => modelFilesFromPicked([new File([''], 'group1-shard1of1.bin')])).toThrow(
      /model\.json and its \.bin shards/,
    );
  });

  it('serves a model held in memory', async () => {
    const files = modelFilesFromMemory(model, [['group1-shard1of1.bin', shard]]);
    expect(await files.readJson()).toBe(model);
    expect(await files.readShard('group1-shard1of1.bin')).toBe(shard);
    await expect(files.readShard('other.bin')).rejects.toThrow(/no shard other\.bin/);
  });
});
