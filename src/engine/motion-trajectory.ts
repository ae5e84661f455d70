import type { MotionEncoder } from './motion-encoder';
import { motionCodes } from './rng';
import { MAX_CODE_INDEX } from './time-range';

/**
 * The motion noise of one video: drawn per code from a seed, or given explicitly (as the official sampler's).
 * Explicit rows with `continueSeed` go on past their end with that seed's rows (row k is the seed's code k),
 * as a projected video's motion file does: every t renders, t past the fitted rows with the seed's motion.
 */
export type MotionSource = { seed: number } | { motionZ: Float32Array; length: number; continueSeed?: number };

/**
 * Rows first .. first + count - 1 of explicit motion rows [length, zDim] continued by a seed's own rows
 * (row k >= length is the seed's code k): what a projected video's motion file holds, for any count.
 */
export function continuedMotionRows(
  rows: Float32Array,
  length: number,
  continueSeed: number,
  first: number,
  count: number,
  zDim: number,
): Float32Array {
  const out = new Float32Array(count * zDim);
  const given = Math.max(0, Math.min(count, length - first));
  if (given > 0) out.set(rows.subarray(first * zDim, (first + given) * zDim));
  if (given < count) out.set(motionCodes(continueSeed, first + given, count - given, zDim), given * zDim);
  return out;
}

/** Rows kept per encoder layer (4096 codes of motion cover about 45 minutes at 25 fps with 16 frames per code). */
const MAX_CACHED_ROWS = 4096;

/**
 * Trajectory codes u[k] of one video, computed on demand from local windows of motion noise, so a frame at
 * t = 10^6 costs the same as one at t = 10 and never materialises the codes before it. Every encoder layer's
 * rows are cached: the next code along the timeline costs one row per layer, not a whole receptive field.
 */
export class MotionTrajectory {
  /** layerRows[l]: output rows of encoder layer l by index; the last layer's rows are the codes u[k]. */
  private readonly layerRows: Array<Map<number, Float64Array>>;

  constructor(
    private readonly encoder: MotionEncoder,
    private readonly source: MotionSource,
    /** One-hot class appended to every motion code, or null. */
    private readonly classVector: Float32Array | null,
  ) {
    const channels = encoder.config.zDim + (classVector?.length ?? 0);
    if (channels !== encoder.inputChannels) {
      throw new RangeError(
        `motion codes with the class have ${channels} channels; the motion encoder takes ${encoder.inputChannels}`,
      );
    }
    if ('motionZ' in source && source.motionZ.length !== source.length * encoder.config.zDim) {
      throw new RangeError(
        `motion_z has ${source.motionZ.length} values, expected ${source.length} x ${encoder.config.zDim}`,
      );
    }
    this.layerRows = Array.from({ length: encoder.layerCount }, () => new Map<number, Float64Array>());
  }

  /** Whether this trajectory's codes come from `encoder` (a generator's own motion encoder). */
  usesEncoder(encoder: MotionEncoder): boolean {
    return encoder === this.encoder;
  }

  /** Number of u codes computed so far (for tests that check nothing before t is materialised). */
  get cachedCodeCount(): number {
    return this.layerRows.at(-1)!.size;
  }

  /** Rows u[k] for each k, row-major [ks.length, codeDim] in float64. */
  codes(ks: readonly number[]): Float64Array {
    // Loop guard: indices are exact small integers (a k beyond 2^53 would never advance with k++).
    if (!ks.every((k) => Number.isSafeInteger(k) && k >= 0 && k <= MAX_CODE_INDEX)) {
      throw new RangeError(`motion code index out of range (0..${MAX_CODE_INDEX})`);
    }
    const last = this.encoder.layerCount - 1;
    const cache = this.layerRows[last]!;
    const missing = [...new Set(ks)].filter((k) => !cache.has(k)).sort((a, b) => a - b);
    for (const [first, end] of consecutiveRuns(missing, this.encoder.receptiveField))
      this.computeRows(last, first, end);
    const dim = this.encoder.config.codeDim;
    const rows = new Float64Array(ks.length * dim);
    for (const [i, k] of ks.entries()) rows.set(cache.get(k)!, i * dim);
    for (const layer of this.layerRows) evictOldest(layer);
    return rows;
  }

  /** Computes and caches rows first..last of layer l from the rows of the layer below (or the noise). */
  private computeRows(l: number, first: number, last: number): void {
    const inputLength = last - first + this.encoder.config.kernelSize;
    const input = l === 0 ? this.noiseRows(first, inputLength) : this.cachedRows(l - 1, first, first + inputLength - 1);
    const output = this.encoder.applyLayer(l, input, inputLength);
    const channels = this.encoder.outputChannels(l);
    for (let k = first; k <= last; k++)
      this.layerRows[l]!.set(k, output.slice((k - first) * channels, (k - first + 1) * channels));
  }

  /** Rows first..last of layer l, contiguous, computing the ones not cached. */
  private cachedRows(l: number, first: number, last: number): Float64Array {
    const cache = this.layerRows[l]!;
    const missing: number[] = [];
    for (let k = first; k <= last; k++) if (!cache.has(k)) missing.push(k);
    for (const [a, b] of consecutiveRuns(missing, this.encoder.config.kernelSize)) this.computeRows(l, a, b);
    const channels = this.encoder.outputChannels(l);
    const rows = new Float64Array((last - first + 1) * channels);
    for (let k = first; k <= last; k++) rows.set(cache.get(k)!, (k - first) * channels);
    return rows;
  }

  /** Motion noise rows with the class appended, as the first layer takes them. */
  private noiseRows(first: number, length: number): Float64Array {
    const zDim = this.encoder.config.zDim;
    const channels = this.encoder.inputChannels;
    const noise = this.noiseWindow(first, length);
    const input = new Float64Array(length * channels);
    for (let r = 0; r < length; r++) {
      for (let i = 0; i < zDim; i++) input[r * channels + i] = noise[r * zDim + i]!;
      if (this.classVector) input.set(this.classVector, r * channels + zDim);
    }
    return input;
  }

  private noiseWindow(first: number, length: number): Float32Array {
    const zDim = this.encoder.config.zDim;
    if ('seed' in this.source) return motionCodes(this.source.seed, first, length, zDim);
    const { continueSeed } = this.source;
    if (continueSeed !== undefined)
      return continuedMotionRows(this.source.motionZ, this.source.length, continueSeed, first, length, zDim);
    if (first + length > this.source.length) {
      throw new RangeError(
        `motion_z has ${this.source.length} codes; this time needs codes ${first}..${first + length - 1} ` +
          `(each code covers ${this.encoder.config.motionZDistance} frames)`,
      );
    }
    return this.source.motionZ.subarray(first * zDim, (first + length) * zDim);
  }
}

function evictOldest(cache: Map<number, Float64Array>): void {
  let excess = cache.size - MAX_CACHED_ROWS;
  for (const key of cache.keys()) {
    if (excess-- <= 0) break;
    cache.delete(key);
  }
}

/** Groups sorted indices into runs, merging gaps shorter than a window (their noise windows overlap). */
export function consecutiveRuns(sorted: readonly number[], mergeGap: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const k of sorted) {
    const last = runs[runs.length - 1];
    if (last && k - last[1] <= mergeGap) last[1] = k;
    else runs.push([k, k]);
  }
  return runs;
}
