/**
 * The engine's door: the StyleGAN-V generator in TensorFlow.js and what callers need around it. Code outside
 * src/engine imports from here (platform-neutral), `./browser` (tfjs backends in a page), `./node`, or
 * `./plain` (the parts that need no tfjs).
 */
export { type BenchBudget, type EngineFigures, measureEngine } from './benchmark';
export {
  Generator,
  type MotionFrame,
  type RenderOptions,
  type StageProgress,
  Video,
  type VideoSpec,
} from './generator';
export { continuedMotionRows, type MotionSource, type MotionTrajectory } from './motion-trajectory';
export { motionReceptiveField, motionZRowsNeeded } from './motion-window';
export type { NoiseMode } from './ops/modulated-conv';
export { framesToRgba, frameToChw, frameToRgbaBytes, frameToRgbBytes, toByte } from './pixels';
export {
  DEFAULT_MEMORY_LIMITS,
  formatBytes,
  framesPerChunk,
  gpuMemoryLimits,
  largestActivationBytes,
  type MemoryLimits,
  type RenderMemory,
  renderMemory,
  renderMemoryProblem,
  WASM_HEAP_BYTES,
} from './render-plan';
export { contentLatent, motionCodes } from './rng';
export { isSeed, SEED_MAX, SEED_MIN, seedProblem } from './seed';
export { type TimeAnchors, timeAnchors } from './time-encoder';
export { checkFrameTimes, frameTimeProblem, MAX_FRAME_TIME } from './time-range';
