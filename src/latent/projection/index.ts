export { psnrFromMse } from './loss';
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
export { DEFAULT_W_SAMPLES, type WStatistics, wStatistics } from './w-statistics';
