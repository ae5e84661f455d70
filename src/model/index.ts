/**
 * The model folder: `model.json` (architecture + tfjs weightsManifest) and its weight shards; where it is read
 * from (fetch, picked files, the browser cache), how it is written, and architecture presets. Works in the browser
 * and in Node; the Node-only file-system parts are in `./node`.
 */
export { float16BitsToFloat32, float16ToFloat32, float32ArrayToFloat16, float32ToFloat16Bits } from './float16';
export { modelFilesFromUrl } from './fetch-files';
export {
  MODEL_FORMAT,
  type ModelArchitecture,
  type ModelIndex,
  type ModelIndexEntry,
  type ModelJson,
  type MotionConfig,
  type SynthesisBlockConfig,
  type MappingConfig,
  type SynthesisConfig,
  type WeightEntry,
  type WeightsManifestGroup,
} from './format';
export {
  type CacheBackend,
  type CachedModelInfo,
  type CacheWriter,
  deleteCachedModel,
  getDefaultCache,
  IndexedDbBackend,
  listCachedModels,
  MemoryBackend,
  ModelCache,
  OpfsBackend,
  openCachedModel,
  saveModel,
  setDefaultCache,
} from './model-cache';
export { modelFilesFromMemory } from './memory-files';
export type { ModelFiles } from './model-files';
export { deriveModelId, isModelId, type SnapshotBytes } from './model-id';
export { DEFAULT_SHARD_BYTES, MemorySink, type ModelSink, planWeights, ShardWriter, type WeightSpec, type WeightsPlan } from './model-writer';
export { modelFilesFromPicked } from './picked-files';
export { isPresetName, type PresetName, PRESETS, presetArchitecture, weightShapes, type WeightShape } from './presets';
export { writeRandomModel } from './random-model';
export { checkArchitecture, settingName, type SettingNames } from './architecture-check';
export { checkWeightShapes, expectedWeights } from './expected-weights';
export { ModelError, quote } from './model-error';
export { checkModelJson, isShardName, MODEL_FOLDER_LIMITS, parseModelJson } from './model-json-check';
export { nonFiniteWarnings, readGroupShards } from './shard-reader';
