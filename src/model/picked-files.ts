import type { ModelJson } from './format';
import type { ModelFiles } from './model-files';
import { MODEL_FOLDER_LIMITS, parseModelJson } from './model-json-check';

/** A converted model folder chosen as files in the browser (model.json + its .bin shards). */
export function modelFilesFromPicked(files: readonly File[]): ModelFiles {
  const byName = new Map(files.map((f) => [f.name, f]));
  const json = byName.get('model.json');
  if (!json) throw new Error("choose a model folder's files: model.json and its .bin shards (or an official .pkl)");
  // model.json's paths are checked to be plain file names before any shard is asked for.
  const shardFile = (path: string) => {
    const shard = byName.get(path);
    if (!shard) throw new Error(`missing weight file ${path}: select it together with model.json`);
    return shard;
  };
  return {
    readJson: async () => {
      if (json.size > MODEL_FOLDER_LIMITS.jsonBytes) {
        throw new Error(
          'this model.json is far larger than a model description: choose the model.json of a converted model folder',
        );
      }
      return parseModelJson(await json.text()) as ModelJson;
    },
    shardSize: async (path) => shardFile(path).size,
    readShard: async (path) => shardFile(path).arrayBuffer(),
  };
}
