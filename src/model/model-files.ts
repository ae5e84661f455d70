import type { ModelJson } from './format';

/** Where a model folder's files come from: the Node file system, fetch(), picked files or the browser cache. */
export interface ModelFiles {
  readJson(): Promise<ModelJson>;
  readShard(path: string): Promise<ArrayBuffer>;
  /** A shard's size without reading it, where the source knows it (checked against the manifest first). */
  shardSize?(path: string): Promise<number>;
}
