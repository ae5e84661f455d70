export { Generator, Video, type VideoSpec, type RenderOptions, type StageProgress } from './generator';
export { DEFAULT_MEMORY_LIMITS, framesPerChunk, type MemoryLimits } from './render-plan';
export type { ModelFiles } from './weights';
export type { MotionSource } from './motion-trajectory';
export type { NoiseMode } from './ops/modulated-conv';
export { contentLatent, motionCodes } from './rng';
export { modelFilesFromUrl } from './fetch-files';
