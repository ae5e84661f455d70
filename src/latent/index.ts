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
  clipMotionRows,
  DEFAULT_MOTION_LEARNING_RATE,
  DEFAULT_MOTION_REGULARIZATION,
  DEFAULT_MOTION_REGULARIZATION_WEIGHT,
  DEFAULT_STEPS,
  DEFAULT_TEMPORAL_WEIGHT,
  DEFAULT_VIDEO_LEARNING_RATE,
  DEFAULT_VIDEO_PICTURE_STEPS,
  DEFAULT_VIDEO_STEPS,
  DEFAULT_W_SAMPLES,
  DifferentiableMotion,
  fitFramesPerChunk,
  type LatentSpace,
  learningRate,
  MAX_CLIP_FRAMES,
  MAX_MOTION_SEARCH,
  MAX_STEPS,
  MIN_CLIP_FRAMES,
  type MotionChoice,
  type MotionRegularization,
  motionFile,
  motionFileReach,
  motionFileRows,
  motionPriorLoss,
  noiseScale,
  OFFICIAL_SCHEDULE,
  type ProjectionOptions,
  type ProjectionProgress,
  type ProjectionResult,
  type ProjectionSchedule,
  projectImage,
  projectVideo,
  psnrFromMse,
  type RgbaImage,
  synthesizeDifferentiable,
  type TargetImage,
  type VideoProjectionBest,
  type VideoProjectionOptions,
  type VideoProjectionProgress,
  type VideoProjectionResult,
  type VideoTarget,
  videoTargetProblem,
  type WStatistics,
  wStatistics,
} from './projection';
export { breathe, mappedSamples, meanRow, type Yield } from './sampling';
