import type { ModelJson } from './format';

/** Where a model folder's files come from: the Node file system, fetch(), picked files or the browser cache. */
export interface ModelFiles {
  readJson(): Promise<ModelJson>;
  readShard(path: string): Promise<ArrayBuffer>;
  /** A shard's size without reading it, where the source knows it (checked against the manifest first). */
  shardSize?(path: string): Promise<number>;
  /**
   * Reads a shard straight into memory the reader hands out once the shard's size is known (`place` throws
   * when that size does not fit), sparing a copy of every byte; where the source can.
   */
  readShardInto?(path: string, place: (size: number) => Uint8Array): Promise<void>;
}
