/**
 * Latent-space operations, with no UI: sampling and mapping batches of w, PCA directions and layer
 * groups (edits and style mixing live in src/authoring). Talks to the engine only through its public API.
 */

export { directionsCacheKey } from './directions-cache-key';
export { classMeanW, type DirectionStore, modelDirections, weightsFingerprint } from './latents';
export {
  type LayerGroup,
  type LayerRange,
  layerRangeLabel,
  wsIndicesForGroup,
  wsIndicesForRange,
  wsResolutions,
} from './layer-groups';
export { covariance, type PrincipalComponents, principalComponents } from './pca';
export {
  DEFAULT_STEPS,
  DEFAULT_W_SAMPLES,
  type LatentSpace,
  learningRate,
  MAX_MOTION_SEARCH,
  MAX_STEPS,
  type MotionChoice,
  noiseScale,
  OFFICIAL_SCHEDULE,
  type ProjectionOptions,
  type ProjectionProgress,
  type ProjectionResult,
  type ProjectionSchedule,
  projectImage,
  psnrFromMse,
  type RgbaImage,
  synthesizeDifferentiable,
  type TargetImage,
  type WStatistics,
  wStatistics,
} from './projection';
export { breathe, mappedSamples, meanRow, type Yield } from './sampling';
