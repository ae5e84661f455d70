/**
 * The engine's tfjs-free door: what a caller needs around the generator without loading TensorFlow.js (the
 * CLI's main thread, which only hands work to render threads, starts ~0.6 s sooner without it).
 */
export type { VideoSpec } from './generator';
export { continuedMotionRows } from './motion-trajectory';
export { motionZRowsNeeded } from './motion-window';
export { frameToChw, frameToRgbBytes } from './pixels';
export { formatBytes, renderMemory, renderMemoryProblem, WASM_HEAP_BYTES } from './render-plan';
export { isSeed, SEED_MAX, SEED_MIN, seedProblem } from './seed';
export { frameTimeProblem } from './time-range';
