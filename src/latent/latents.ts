import type { Generator } from '../engine';
import {
  type DirectionStore,
  directionsCacheKey,
  readCachedDirections,
  writeCachedDirections,
} from './directions-cache-key';
import { type PrincipalComponents, principalComponents } from './pca';
import { breathe, mappedSamples, meanRow } from './sampling';

const PCA_SAMPLES = 2000;
const CLASS_MEAN_SAMPLES = 1000;

export type { DirectionStore };

/** A short fingerprint of the model's weights (its tracked w_avg), so a re-converted model gets new directions. */
export async function weightsFingerprint(generator: Generator): Promise<string> {
  const values = await generator.averageW();
  let hash = 0x811c9dc5;
  for (const byte of new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

function defaultStore(): DirectionStore | null {
  return typeof localStorage === 'undefined' ? null : localStorage;
}

/** Principal directions of w over 2000 mapped samples, computed once per model and kept in `store`. */
export async function modelDirections(
  generator: Generator,
  modelKey: string,
  k: number,
  onProgress: (fraction: number) => void,
  store: DirectionStore | null = defaultStore(),
): Promise<PrincipalComponents> {
  const cacheKey = directionsCacheKey(modelKey, await weightsFingerprint(generator), k);
  const cached = readCachedDirections(store, cacheKey);
  if (cached) return { mean: new Float32Array(generator.arch.wDim), ...cached };
  const wDim = generator.arch.wDim;
  const samples = await mappedSamples(generator, PCA_SAMPLES, null, 1_000_000, (f) => onProgress(f * 0.7));
  await breathe();
  const pca = await principalComponents(samples, PCA_SAMPLES, wDim, k, 200, breathe);
  onProgress(1);
  writeCachedDirections(store, cacheKey, pca);
  return pca;
}

/** The average w of one class: the centre the official sampler truncates conditional models towards. */
export async function classMeanW(generator: Generator, classIndex: number): Promise<Float32Array> {
  const samples = await mappedSamples(generator, CLASS_MEAN_SAMPLES, classIndex, 2_000_000);
  return meanRow(samples, CLASS_MEAN_SAMPLES, generator.arch.wDim);
}
