/** A small valid model folder (converted from a synthetic snapshot) for the folder cases to damage. */
import { convertSnapshot, MemoryByteSource, MemorySink } from '../../../src/convert';
import type { ModelJson } from '../../../src/model';
import { type SyntheticSpec, syntheticSnapshotBytes, TINY_SPEC } from '../synthetic-snapshot';
import type { FolderEntry } from './cases';

export const BASE_SPEC: SyntheticSpec = {
  ...TINY_SPEC,
  resolution: 8,
  channelMax: 4,
  discriminatorBytes: 1,
  adam: 'none',
  useNoise: true,
};

export interface BaseModel {
  json: ModelJson;
  shards: Map<string, Uint8Array>;
}

/** Converted with small shards, so the manifest has several. */
export async function baseModel(options: { fp16?: boolean; poison?: Record<string, number> } = {}): Promise<BaseModel> {
  const sink = new MemorySink();
  const { bytes } = syntheticSnapshotBytes({ ...BASE_SPEC, poisonValues: options.poison });
  await convertSnapshot(new MemoryByteSource(bytes, 'base.pkl'), sink, { shardBytes: 4096, fp16: options.fp16 });
  return { json: sink.model!, shards: new Map(sink.shards) };
}

/** The model's files as folder entries: model.json (the model's own, or `json` in its place) and its shards. */
export function folderEntries(model: BaseModel, json: unknown = model.json): FolderEntry[] {
  return [
    { name: 'model.json', content: JSON.stringify(json) },
    ...[...model.shards].map(([name, content]) => ({ name, content })),
  ];
}
