import * as tf from '@tensorflow/tfjs';
import { contentLatent, type Generator } from '../../engine';

/** Where projection starts and how far its noise reaches: the mean of many mapped ws and their spread. */
export interface WStatistics {
  /** Mean w [wDim]: the projection's starting point. */
  mean: Float32Array;
  /** sqrt(E ||w - mean||^2): the official scale of the noise added to w. */
  std: number;
  samples: number;
}

export const DEFAULT_W_SAMPLES = 10_000;
const CHUNK = 1000;

/** Plain numbers, no tensors; weakly keyed, so an entry goes with its generator. */
const cache = new WeakMap<Generator, Map<string, Promise<WStatistics>>>();

/**
 * Maps `samples` z (content seeds 0..samples-1, so the figures are reproducible) and returns their mean and
 * spread, as the official projector does with 10,000 samples. Cached per generator, class and sample count.
 */
export function wStatistics(
  generator: Generator,
  { samples = DEFAULT_W_SAMPLES, classIndex }: { samples?: number; classIndex?: number } = {},
): Promise<WStatistics> {
  let perGenerator = cache.get(generator);
  if (!perGenerator) {
    perGenerator = new Map();
    cache.set(generator, perGenerator);
  }
  const key = `${samples}:${classIndex ?? ''}`;
  let stats = perGenerator.get(key);
  if (!stats) {
    stats = computeWStatistics(generator, samples, classIndex);
    perGenerator.set(key, stats);
    stats.catch(() => perGenerator.delete(key));
  }
  return stats;
}

async function computeWStatistics(
  generator: Generator,
  samples: number,
  classIndex: number | undefined,
): Promise<WStatistics> {
  if (!Number.isInteger(samples) || samples < 2)
    throw new RangeError(`w statistics need at least 2 samples, got ${samples}`);
  const { zDim, wDim, cDim } = generator.arch;
  if (cDim > 0 && classIndex === undefined)
    throw new RangeError(`this model is class-conditional (${cDim} classes): choose a class`);
  const c = cDim > 0 ? generator.classVector(classIndex!) : null;
  // Two passes (mean, then spread) in float64 on the CPU: the spread is a small difference of large sums.
  const sum = new Float64Array(wDim);
  const chunks: Float32Array[] = [];
  for (let first = 0; first < samples; first += CHUNK) {
    const count = Math.min(CHUNK, samples - first);
    const z = new Float32Array(count * zDim);
    for (let i = 0; i < count; i++) z.set(contentLatent(first + i, zDim), i * zDim);
    const w = tf.tidy(() =>
      generator.mapping.mapToW(
        tf.tensor2d(z, [count, zDim]),
        c ? tf.tile(tf.tensor2d(c, [1, cDim]), [count, 1]) : null,
      ),
    );
    const values = (await w.data()) as Float32Array;
    w.dispose();
    for (let i = 0; i < values.length; i++) sum[i % wDim]! += values[i]!;
    chunks.push(values);
  }
  const mean = new Float32Array(wDim);
  for (let j = 0; j < wDim; j++) mean[j] = sum[j]! / samples;
  let squares = 0;
  for (const values of chunks) {
    for (let i = 0; i < values.length; i++) squares += (values[i]! - mean[i % wDim]!) ** 2;
  }
  return { mean, std: Math.sqrt(squares / samples), samples };
}
