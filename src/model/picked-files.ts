import type { ModelJson } from './format';
import type { ModelFiles } from './model-files';

/** A converted model folder chosen as files in the browser (model.json + its .bin shards). */
export function modelFilesFromPicked(files: readonly File[]): ModelFiles {
  const byName = new Map(files.map((f) => [f.name, f]));
  const json = byName.get('model.json');
  if (!json) throw new Error("choose a model folder's files: model.json and its .bin shards (or an official .pkl)");
  return {
    readJson: async () => JSON.parse(await json.text()) as ModelJson,
    readShard: async (path) => {
      const shard = byName.get(path.split('/').pop() ?? path);
      if (!shard) throw new Error(`missing weight file ${path}: select it together with model.json`);
      return shard.arrayBuffer();
    },
  };
}
