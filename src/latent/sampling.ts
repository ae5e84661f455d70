import { contentLatent, type Generator } from '../engine';

/** Lets a long computation hand control back (e.g. to the browser's event loop) now and then. */
export type Yield = () => Promise<void>;

export const breathe: Yield = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const MAPPING_BATCH = 250;

/**
 * Untruncated w [count * wDim] for the seeds seedBase, seedBase + 1, ..., mapped in batches with a pause
 * between them. For conditional models each sample takes `classIndex`, or cycles through every class when it
 * is null.
 */
export async function mappedSamples(
  generator: Generator,
  count: number,
  classIndex: number | null,
  seedBase: number,
  onProgress?: (fraction: number) => void,
  pause: Yield = breathe,
): Promise<Float32Array> {
  const { zDim, wDim, cDim } = generator.arch;
  const out = new Float32Array(count * wDim);
  for (let start = 0; start < count; start += MAPPING_BATCH) {
    const n = Math.min(MAPPING_BATCH, count - start);
    const z = new Float32Array(n * zDim);
    for (let i = 0; i < n; i++) z.set(contentLatent(seedBase + start + i, zDim), i * zDim);
    const classes = cDim > 0 ? Int32Array.from({ length: n }, (_, i) => classIndex ?? (start + i) % cDim) : undefined;
    out.set(await generator.mapBatch(z, classes), start * wDim);
    onProgress?.((start + n) / count);
    await pause();
  }
  return out;
}

/** Mean of `count` rows of `dim` values. */
export function meanRow(samples: Float32Array, count: number, dim: number): Float32Array {
  const mean = new Float32Array(dim);
  for (let n = 0; n < count; n++) for (let j = 0; j < dim; j++) mean[j]! += samples[n * dim + j]! / count;
  return mean;
}
