import * as tf from '@tensorflow/tfjs';
import type { Generator } from '../../engine/generator';
import { contentLatent } from '../../engine/rng';
import { type PrincipalComponents, principalComponents } from '../state/pca';
import { directionsCacheKey } from './directions-cache-key';

const PCA_SAMPLES = 2000;
const CLASS_MEAN_SAMPLES = 1000;

const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Untruncated w for many seeds, in batches so the page keeps breathing. For conditional models each sample
 * takes `classIndex`, or cycles through every class when it is null.
 */
async function mappedSamples(generator: Generator, count: number, classIndex: number | null, seedBase: number, onProgress?: (f: number) => void): Promise<Float32Array> {
  const { zDim, wDim, cDim } = generator.arch;
  const out = new Float32Array(count * wDim);
  const batch = 250;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const z = new Float32Array(n * zDim);
    for (let i = 0; i < n; i++) z.set(contentLatent(seedBase + start + i, zDim), i * zDim);
    const w = tf.tidy(() => {
      const classes = Int32Array.from({ length: n }, (_, i) => classIndex ?? (start + i) % Math.max(1, cDim));
      const c = cDim > 0 ? (tf.oneHot(tf.tensor1d(classes, 'int32'), cDim).toFloat() as tf.Tensor2D) : null;
      return generator.mapping.mapToW(tf.tensor2d(z, [n, zDim]), c);
    });
    out.set((await w.data()) as Float32Array, start * wDim);
    w.dispose();
    onProgress?.((start + n) / count);
    await breathe();
  }
  return out;
}

interface CachedPca {
  directions: number[][];
  variances: number[];
}

/** A short fingerprint of the model's weights (its tracked w_avg), so a re-converted model gets new directions. */
export async function weightsFingerprint(generator: Generator): Promise<string> {
  const values = (await generator.mapping.wAvg.data()) as Float32Array;
  let hash = 0x811c9dc5;
  for (const byte of new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16);
}

/**
 * Principal directions of w over >= 2000 mapped samples, computed once per model and cached in `storage`
 * (localStorage by default; null where there is none, e.g. in a worker, whose caller caches them itself).
 */
export async function modelDirections(
  generator: Generator,
  modelKey: string,
  k: number,
  onProgress: (f: number) => void,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null = localStorage,
): Promise<PrincipalComponents> {
  const cacheKey = directionsCacheKey(modelKey, await weightsFingerprint(generator), k);
  const cached = storage?.getItem(cacheKey);
  if (cached) {
    const parsed = JSON.parse(cached) as CachedPca;
    return { mean: new Float32Array(generator.arch.wDim), directions: parsed.directions.map((d) => Float32Array.from(d)), variances: parsed.variances };
  }
  const wDim = generator.arch.wDim;
  const samples = await mappedSamples(generator, PCA_SAMPLES, null, 1_000_000, (f) => onProgress(f * 0.7));
  await breathe();
  const pca = await principalComponents(samples, PCA_SAMPLES, wDim, k, 200, breathe);
  onProgress(1);
  try {
    storage?.setItem(cacheKey, JSON.stringify({ directions: pca.directions.map((d) => Array.from(d)), variances: pca.variances } satisfies CachedPca));
  } catch {
    // Storage full or disabled: the directions are simply recomputed next time.
  }
  return pca;
}

/** The average w of one class: the centre the official sampler truncates conditional models towards. */
export async function classMeanW(generator: Generator, classIndex: number): Promise<Float32Array> {
  const { wDim } = generator.arch;
  const samples = await mappedSamples(generator, CLASS_MEAN_SAMPLES, classIndex, 2_000_000);
  const mean = new Float32Array(wDim);
  for (let n = 0; n < CLASS_MEAN_SAMPLES; n++) for (let j = 0; j < wDim; j++) mean[j]! += samples[n * wDim + j]! / CLASS_MEAN_SAMPLES;
  return mean;
}
