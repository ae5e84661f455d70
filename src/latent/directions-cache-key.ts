const PCA_CACHE_VERSION = 'pca-v1';

/**
 * Where a model's principal directions are cached (localStorage), by model, weights fingerprint and count. A door
 * of its own: it loads no tfjs, so the page (which never runs tfjs) can look the directions up.
 */
export function directionsCacheKey(modelKey: string, fingerprint: string, k: number): string {
  return `${PCA_CACHE_VERSION}:${modelKey}:${fingerprint}:${k}`;
}
