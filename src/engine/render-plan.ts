import { expectedWeights, type ModelArchitecture } from '../model';

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

/** tfjs-backend-wasm's heap cannot grow past this (its getHeapMax: 4 GiB less one 64 KiB page). */
export const WASM_HEAP_BYTES = 4294901760;

/**
 * A frame's render grows the WASM heap by 12-17x its largest activation (every layer's live tensors, the
 * heap's growth steps): measured on Node WASM for random-weight sky256 (17x), a 512 px model (14x) and
 * mead1024 (12x). 16 keeps the estimate above what was measured for models of 512 px and up.
 */
const ACTIVATION_MULTIPLE = 16;
/** The backend's own heap (kernels, scratch) besides weights and activations. */
const BACKEND_BASE_BYTES = 128 * 2 ** 20;
/** Node, tfjs and the thread itself, besides the backend's heap. */
const PROCESS_BASE_BYTES = 96 * 2 ** 20;

/** What rendering one frame at a time needs, estimated from the architecture alone. */
export interface RenderMemory {
  /** The weights as float32. */
  weightBytes: number;
  largestActivationBytes: number;
  /** The numeric backend's memory at the peak: weights, each video's modulated kernels, activations. */
  backendBytes: number;
  /** One render thread in all: the backend, the weights read from disk, the frame read back. */
  processBytes: number;
}

export function renderMemory(arch: ModelArchitecture): RenderMemory {
  let parameters = 0;
  for (const { shape } of expectedWeights(arch).values()) parameters += shape.reduce((a, b) => a * b, 1);
  const weightBytes = parameters * 4;
  const activation = largestActivationBytes(arch);
  const backendBytes = BACKEND_BASE_BYTES + 2 * weightBytes + ACTIVATION_MULTIPLE * activation;
  const frameBytes = arch.imgResolution * arch.imgResolution * arch.imgChannels * 4;
  return {
    weightBytes,
    largestActivationBytes: activation,
    backendBytes,
    processBytes: PROCESS_BASE_BYTES + backendBytes + weightBytes + 2 * frameBytes,
  };
}

/** Memory sizes in messages: whole megabytes below 1 GB, gigabytes with one decimal above. */
export function formatBytes(bytes: number): string {
  return bytes < 1e9 ? `${Math.ceil(bytes / 1e6)} MB` : `${(bytes / 1e9).toFixed(1)} GB`;
}

/**
 * Why one frame of this model cannot be rendered on `backend` with `availableBytes` of memory for the
 * render thread, or undefined when it fits. WASM is also bounded by its heap (WASM_HEAP_BYTES), whatever
 * the machine has.
 */
export function renderMemoryProblem(
  arch: ModelArchitecture,
  backend: 'wasm' | 'cpu',
  availableBytes: number,
): string | undefined {
  const need = renderMemory(arch);
  const figures = `weights ${formatBytes(need.weightBytes)}, largest activation ${formatBytes(need.largestActivationBytes)}`;
  const size = `${arch.imgResolution}x${arch.imgResolution}`;
  if (backend === 'wasm' && need.backendBytes > WASM_HEAP_BYTES)
    return `this ${size} model needs about ${formatBytes(need.backendBytes)} per frame on the WASM backend (${figures}), more than its ${formatBytes(WASM_HEAP_BYTES)} heap can hold`;
  if (need.processBytes > availableBytes)
    return `this ${size} model needs about ${formatBytes(need.processBytes)} of memory to render a frame (${figures}); ${formatBytes(availableBytes)} is available`;
  return undefined;
}
