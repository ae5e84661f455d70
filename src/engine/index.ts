export { Generator, Video, type VideoSpec, type RenderOptions } from './generator';
export { DEFAULT_MEMORY_LIMITS, framesPerChunk, type MemoryLimits } from './render-plan';
export type { ModelFiles } from '../model';
export type { MotionSource } from './motion-trajectory';
export type { NoiseMode } from './ops/modulated-conv';
export { contentLatent, motionCodes } from './rng';
