const PCA_CACHE_VERSION = 'pca-v1';

/** Where a model's principal directions are cached (localStorage), by model, weights fingerprint and count. */
export function directionsCacheKey(modelKey: string, fingerprint: string, k: number): string {
  return `${PCA_CACHE_VERSION}:${modelKey}:${fingerprint}:${k}`;
}
