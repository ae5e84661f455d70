/**
 * Principal directions of a set of samples (rows of `samples`, each `dim` long), by power iteration with
 * deflation on the covariance matrix. Plain typed-array math: it runs in a browser or in Node alike.
 */
import type { Yield } from './sampling';

export interface PrincipalComponents {
  mean: Float32Array;
  /** Unit vectors, strongest first. */
  directions: Float32Array[];
  /** Variance along each direction. */
  variances: number[];
}

export function covariance(
  samples: Float32Array,
  count: number,
  dim: number,
): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(dim);
  for (let n = 0; n < count; n++) for (let j = 0; j < dim; j++) mean[j]! += samples[n * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j]! /= count;
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let n = 0; n < count; n++) {
    for (let j = 0; j < dim; j++) centred[j] = samples[n * dim + j]! - mean[j]!;
    for (let a = 0; a < dim; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      const row = a * dim;
      for (let b = a; b < dim; b++) cov[row + b]! += ca * centred[b]!;
    }
  }
  const scale = 1 / Math.max(1, count - 1);
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = cov[a * dim + b]! * scale;
      cov[a * dim + b] = v;
      cov[b * dim + a] = v;
    }
  }
  return { mean, cov };
}

export async function principalComponents(
  samples: Float32Array,
  count: number,
  dim: number,
  k: number,
  iterations = 200,
  pause: Yield = async () => {},
): Promise<PrincipalComponents> {
  const { mean, cov } = covariance(samples, count, dim);
  await pause();
  const directions: Float32Array[] = [];
  const variances: number[] = [];
  const v = new Float64Array(dim);
  const next = new Float64Array(dim);
  for (let c = 0; c < Math.min(k, dim); c++) {
    // Deterministic start, not orthogonal to any axis.
    for (let j = 0; j < dim; j++) v[j] = 1 + ((j * 7919 + c * 104729) % 97) / 97;
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      if (it % 10 === 9) await pause();
      for (let a = 0; a < dim; a++) {
        let sum = 0;
        const row = a * dim;
        for (let b = 0; b < dim; b++) sum += cov[row + b]! * v[b]!;
        next[a] = sum;
      }
      let norm = 0;
      for (let a = 0; a < dim; a++) norm += next[a]! * next[a]!;
      norm = Math.sqrt(norm);
      if (norm === 0) break;
      lambda = norm;
      for (let a = 0; a < dim; a++) v[a] = next[a]! / norm;
    }
    // Sign convention: largest component positive, so directions are stable across runs.
    let largest = 0;
    for (let a = 1; a < dim; a++) if (Math.abs(v[a]!) > Math.abs(v[largest]!)) largest = a;
    const sign = v[largest]! < 0 ? -1 : 1;
    directions.push(Float32Array.from(v, (x) => x * sign));
    variances.push(lambda);
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b]! -= lambda * v[a]! * v[b]!;
  }
  return { mean: Float32Array.from(mean), directions, variances };
}
