/**
 * What the service worker caches and under which names: the build's file list (every file of dist/ with its
 * content hash, so a new version downloads only what changed), one cache per version, request URL to cache key.
 */

export interface OfflineFile {
  /** Relative to the folder the studio is published in (the service worker's scope), e.g. `assets/x.js`. */
  path: string;
  /** SHA-256 of the file's bytes (hex, shortened). */
  hash: string;
  bytes: number;
}

export interface OfflineManifest {
  /** Digest of every path and hash: a new build with any change gets a new version, an identical one keeps it. */
  version: string;
  files: OfflineFile[];
}

export const CACHE_PREFIX = 'stylegan-v-studio-';
/** Header a cached file carries: its hash, so the next version can reuse an unchanged file. */
export const HASH_HEADER = 'X-Studio-Content-Hash';

export function cacheName(version: string): string {
  return `${CACHE_PREFIX}${version}`;
}

/**
 * Caches to delete when `version` activates, given every cache name in creation order: other versions of the
 * studio except the newest earlier one (a page still open on it may load a lazy chunk or worker from it).
 * Caches of other apps on the origin are left alone.
 */
export function staleCaches(names: readonly string[], version: string): string[] {
  const older = names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== cacheName(version));
  return older.slice(0, -1);
}

/**
 * The cache key of a request, or null when the service worker leaves it to the browser (another origin, or
 * outside the scope). A page navigation drops its query (`?backend=wasm`) and a folder URL means its
 * index.html; the fragment never counts.
 */
export function cacheKey(requestUrl: string, scope: string, navigation: boolean): string | null {
  const url = new URL(requestUrl);
  url.hash = '';
  if (!url.href.startsWith(scope)) return null;
  if (navigation) {
    url.search = '';
    if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  }
  return url.href;
}

/** Files of a build that the service worker does not precache: itself and the benchmark page. */
export function isPrecached(path: string): boolean {
  return path !== 'sw.js' && path !== 'bench.html' && !/^assets\/bench-[^/]*$/.test(path);
}
