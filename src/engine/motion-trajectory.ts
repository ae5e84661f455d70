import * as tf from '@tensorflow/tfjs';
import { motionCodes } from './rng';
import type { MotionEncoder } from './motion-encoder';
import { MAX_CODE_INDEX } from './time-range';

/** The motion noise of one video: drawn per code from a seed, or given explicitly (as the official sampler's). */
export type MotionSource = { seed: number } | { motionZ: Float32Array; length: number };

const MAX_CACHED_CODES = 16384;

/**
 * Trajectory codes u[k] of one video, computed on demand from local windows of motion noise and cached, so a
 * frame at t = 10^6 costs the same as one at t = 10 and never materialises the codes before it.
 */
export class MotionTrajectory {
  private readonly cache = new Map<number, Float32Array>();

  constructor(
    private readonly encoder: MotionEncoder,
    private readonly source: MotionSource,
    /** One-hot class appended to every motion code, or null. */
    private readonly classVector: Float32Array | null,
  ) {
    if ('motionZ' in source && source.motionZ.length !== source.length * encoder.config.zDim) {
      throw new RangeError(`motion_z has ${source.motionZ.length} values, expected ${source.length} x ${encoder.config.zDim}`);
    }
  }

  /** Number of u codes computed so far (for tests that check nothing before t is materialised). */
  get cachedCodeCount(): number {
    return this.cache.size;
  }

  /** Rows u[k] for each k, as a [ks.length, codeDim] tensor. */
  async codes(ks: readonly number[]): Promise<tf.Tensor2D> {
    // Loop guard: indices are exact small integers (a k beyond 2^53 would never advance with k++).
    if (!ks.every((k) => Number.isSafeInteger(k) && k >= 0 && k <= MAX_CODE_INDEX)) throw new RangeError(`motion code index out of range (0..${MAX_CODE_INDEX})`);
    const missing = [...new Set(ks)].filter((k) => !this.cache.has(k)).sort((a, b) => a - b);
    for (const [first, last] of consecutiveRuns(missing, this.encoder.receptiveField)) {
      await this.computeRun(first, last);
    }
    const dim = this.encoder.config.codeDim;
    const rows = new Float32Array(ks.length * dim);
    ks.forEach((k, i) => rows.set(this.cache.get(k)!, i * dim));
    this.evictIfNeeded();
    return tf.tensor2d(rows, [ks.length, dim]);
  }

  private async computeRun(first: number, last: number): Promise<void> {
    const zDim = this.encoder.config.zDim;
    const windowLength = last - first + this.encoder.receptiveField;
    const noise = this.noiseWindow(first, windowLength);
    const u = tf.tidy(() => {
      let z: tf.Tensor2D = tf.tensor2d(noise, [windowLength, zDim]);
      if (this.classVector) {
        const c = tf.tensor2d(this.classVector, [1, this.classVector.length]);
        z = tf.concat([z, tf.tile(c, [windowLength, 1])], 1);
      }
      return this.encoder.trajectoryCodes(z);
    });
    const values = (await u.data()) as Float32Array;
    u.dispose();
    const dim = this.encoder.config.codeDim;
    for (let i = 0; i <= last - first; i++) this.cache.set(first + i, values.slice(i * dim, (i + 1) * dim));
  }

  private noiseWindow(first: number, length: number): Float32Array {
    const zDim = this.encoder.config.zDim;
    if ('seed' in this.source) return motionCodes(this.source.seed, first, length, zDim);
    if (first + length > this.source.length) {
      throw new RangeError(
        `motion_z has ${this.source.length} codes; this time needs codes ${first}..${first + length - 1} ` +
          `(each code covers ${this.encoder.config.motionZDistance} frames)`,
      );
    }
    return this.source.motionZ.subarray(first * zDim, (first + length) * zDim);
  }

  private evictIfNeeded(): void {
    if (this.cache.size <= MAX_CACHED_CODES) return;
    const excess = this.cache.size - MAX_CACHED_CODES;
    let removed = 0;
    for (const key of this.cache.keys()) {
      if (removed++ >= excess) break;
      this.cache.delete(key);
    }
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
