/**
 * The model folder: `model.json` (architecture + tfjs weightsManifest) and its weight shards; where it is read
 * from (fetch, picked files, the browser cache), how it is written, and architecture presets. Works in the browser
 * and in Node; the Node-only file-system parts are in `./node`.
 */

export { checkArchitecture, type SettingNames, settingName } from './architecture-check';
export { checkWeightShapes, expectedWeights } from './expected-weights';
export { modelFilesFromUrl } from './fetch-files';
export { float16BitsToFloat32, float16ToFloat32, float32ArrayToFloat16, float32ToFloat16Bits } from './float16';
export {
  type MappingConfig,
  MODEL_FORMAT,
  type ModelArchitecture,
  type ModelIndex,
  type ModelIndexEntry,
  type ModelJson,
  type MotionConfig,
  type SynthesisBlockConfig,
  type SynthesisConfig,
  type WeightEntry,
  type WeightsManifestGroup,
} from './format';
export { modelFilesFromMemory } from './memory-files';
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
  renameCachedModel,
  saveModel,
  setDefaultCache,
} from './model-cache';
export { ModelError, quote } from './model-error';
export type { ModelFiles } from './model-files';
export {
  deriveModelId,
  isModelId,
  MAX_MODEL_NAME,
  modelNameFor,
  modelNameProblem,
  type SnapshotBytes,
} from './model-id';
export { checkModelJson, entryBytes, isShardName, MODEL_FOLDER_LIMITS, parseModelJson } from './model-json-check';
export {
  DEFAULT_SHARD_BYTES,
  MemorySink,
  type ModelSink,
  planWeights,
  ShardWriter,
  type WeightSpec,
  type WeightsPlan,
} from './model-writer';
export { modelFilesFromPicked } from './picked-files';
export { isPresetName, PRESETS, type PresetName, presetArchitecture, type WeightShape, weightShapes } from './presets';
export { writeRandomModel } from './random-model';
export { type NonFiniteTensor, nonFiniteTensors, nonFiniteWarning, readGroupShards } from './shard-reader';
