export { projectImage, DEFAULT_STEPS } from './project';
export type { LatentSpace, MotionChoice, ProjectionOptions, ProjectionProgress, ProjectionResult, RgbaImage, TargetImage } from './types';
export { learningRate, noiseScale, OFFICIAL_SCHEDULE, type ProjectionSchedule } from './schedule';
export { wStatistics, DEFAULT_W_SAMPLES, type WStatistics } from './w-statistics';
export { psnrFromMse } from './loss';
export { synthesizeDifferentiable } from './synthesize';
