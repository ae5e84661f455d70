import type { ModelJson } from './format';
import type { ModelFiles } from './model-files';
import { modelFolderFiles } from './node-folder-files';

/** A converted model folder on disk (plain files only; see model/node-folder-files). */
export function modelFilesFromDirectory(directory: string): ModelFiles {
  const files = modelFolderFiles(directory);
  return {
    readJson: async () => (await files.readJson()) as ModelJson,
    readShard: (path) => files.readShard(path),
    shardSize: (path) => files.shardSize(path),
    readShardInto: (path, place) => files.readShardInto(path, place),
  };
}
