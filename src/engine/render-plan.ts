import type { ModelArchitecture } from '../model';

/** How much memory one render call may use for activations. */
export interface MemoryLimits {
  /** Largest single tensor (e.g. WebGPU's maxStorageBufferBindingSize). */
  maxTensorBytes: number;
  /** All activations alive at once during one render call. */
  maxPeakBytes: number;
}

/** Safe for WASM's 4 GB heap and for GPUs with the WebGPU default limits. */
export const DEFAULT_MEMORY_LIMITS: MemoryLimits = { maxTensorBytes: 128 * 2 ** 20, maxPeakBytes: 768 * 2 ** 20 };

/** What one render may use on a GPU whose largest storage binding is `bindingBytes` (WebGPU's device limit). */
export function gpuMemoryLimits(bindingBytes: number): MemoryLimits {
  return {
    maxTensorBytes: bindingBytes,
    maxPeakBytes: Math.max(DEFAULT_MEMORY_LIMITS.maxPeakBytes, Math.min(4 * bindingBytes, 2 * 2 ** 30)),
  };
}

/**
 * Tensors of the largest activation alive at the peak of an up-sampling layer: its input, the four polyphase
 * outputs, their interleaving, the FIR filter's padded input and output.
 */
const LIVE_ACTIVATIONS_AT_PEAK = 6;

/** Bytes of the largest activation tensor of one frame (float32 NHWC). */
export function largestActivationBytes(arch: ModelArchitecture): number {
  let largest = 0;
  for (const block of arch.synthesis.blocks) {
    // The up-sampling conv's output, before the FIR filter trims it, is (r + 2) x (r + 2) x out.
    const side = block.resolution + 2;
    largest = Math.max(largest, side * side * block.outChannels * 4);
  }
  return largest;
}

/**
 * How many frames one render call can hold in memory at once (at least 1). Longer batches are rendered in
 * chunks of this size, so a 1024x1024 model never asks the GPU for more than it has.
 */
export function framesPerChunk(arch: ModelArchitecture, limits: MemoryLimits = DEFAULT_MEMORY_LIMITS): number {
  const perFrame = largestActivationBytes(arch);
  const byTensor = Math.floor(limits.maxTensorBytes / perFrame);
  const byPeak = Math.floor(limits.maxPeakBytes / (perFrame * LIVE_ACTIVATIONS_AT_PEAK));
  return Math.max(1, Math.min(byTensor, byPeak));
}

/** Splits frame times into consecutive chunks of at most `size`. */
export function chunkTimes<T>(times: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < times.length; i += size) chunks.push(times.slice(i, i + size));
  return chunks;
}
