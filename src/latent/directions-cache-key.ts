const PCA_CACHE_VERSION = 'pca-v1';

/**
 * Where a model's principal directions are cached (localStorage), by model, weights fingerprint and count, and
 * the one codec of a cached entry. A door of its own: it loads no tfjs, so the page (which never runs tfjs)
 * reads and writes the same entries the latent package does.
 */
export function directionsCacheKey(modelKey: string, fingerprint: string, k: number): string {
  return `${PCA_CACHE_VERSION}:${modelKey}:${fingerprint}:${k}`;
}

/** Where computed directions are kept between visits (the browser's localStorage by default). */
export interface DirectionStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface CachedDirections {
  directions: Float32Array[];
  /** Variance along each direction (its sigma squared). */
  variances: number[];
}

/** The cached entry under `key`, or null (none, or unreadable). */
export function readCachedDirections(store: DirectionStore | null, key: string): CachedDirections | null {
  const text = store?.getItem(key);
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as { directions: number[][]; variances: number[] };
    return { directions: parsed.directions.map((d) => Float32Array.from(d)), variances: parsed.variances };
  } catch {
    return null;
  }
}

/** Keeps an entry; a full or disabled store just means the directions are computed again next time. */
export function writeCachedDirections(store: DirectionStore | null, key: string, entry: CachedDirections): void {
  try {
    store?.setItem(
      key,
      JSON.stringify({ directions: entry.directions.map((d) => Array.from(d)), variances: entry.variances }),
    );
  } catch {
    // Storage full or disabled.
  }
}
