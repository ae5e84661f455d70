import type { ModelJson } from './format';
import type { ModelFiles } from './model-files';

/** A model held in memory: its model.json and its shards by path (e.g. sent back by the conversion worker). */
export function modelFilesFromMemory(model: ModelJson, shards: Iterable<[string, ArrayBuffer]>): ModelFiles {
  const byPath = new Map(shards);
  return {
    readJson: async () => model,
    readShard: async (path) => {
      const shard = byPath.get(path);
      if (!shard) throw new Error(`the model has no shard ${path}`);
      return shard;
    },
  };
}
