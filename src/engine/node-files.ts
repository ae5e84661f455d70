import type { ModelJson } from '../model/format';
import { modelFolderFiles } from '../model/node-folder-files';
import type { ModelFiles } from './weights';

/** A converted model folder on disk (plain files only; see model/node-folder-files). */
export function modelFilesFromDirectory(directory: string): ModelFiles {
  const files = modelFolderFiles(directory);
  return {
    readJson: async () => (await files.readJson()) as ModelJson,
    readShard: (path) => files.readShard(path),
    shardSize: (path) => files.shardSize(path),
  };
}
