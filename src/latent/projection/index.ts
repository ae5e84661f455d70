export { psnrFromMse } from './loss';
export {
  clipMotionRows,
  type MotionRegularization,
  motionFile,
  motionFileReach,
  motionFileRows,
  motionPriorLoss,
} from './motion-codes';
export { DifferentiableMotion } from './motion-path';
export { DEFAULT_STEPS, MAX_MOTION_SEARCH, MAX_STEPS, projectImage } from './project';
export { learningRate, noiseScale, OFFICIAL_SCHEDULE, type ProjectionSchedule } from './schedule';
export { synthesizeDifferentiable } from './synthesize';
export type {
  LatentSpace,
  MotionChoice,
  ProjectionOptions,
  ProjectionProgress,
  ProjectionResult,
  RgbaImage,
  TargetImage,
} from './types';
export {
  DEFAULT_MOTION_LEARNING_RATE,
  DEFAULT_MOTION_REGULARIZATION,
  DEFAULT_MOTION_REGULARIZATION_WEIGHT,
  DEFAULT_TEMPORAL_WEIGHT,
  DEFAULT_VIDEO_LEARNING_RATE,
  DEFAULT_VIDEO_PICTURE_STEPS,
  DEFAULT_VIDEO_STEPS,
  fitFramesPerChunk,
  MAX_CLIP_FRAMES,
  MIN_CLIP_FRAMES,
  projectVideo,
  videoTargetProblem,
} from './video-project';
export type {
  VideoProjectionBest,
  VideoProjectionOptions,
  VideoProjectionProgress,
  VideoProjectionResult,
  VideoTarget,
} from './video-types';
export { DEFAULT_W_SAMPLES, type WStatistics, wStatistics } from './w-statistics';
