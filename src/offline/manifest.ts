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

export const CACHE_PREFIX = 'stylegan-v-studio ';
/** Header a cached file carries: its hash, so the next version can reuse an unchanged file. */
export const HASH_HEADER = 'X-Studio-Content-Hash';
/** Hex digits of SHA-256 the build writes for a file (`OfflineFile.hash`). */
export const HASH_HEX_LENGTH = 16;

/**
 * The cache of one version of the studio published at `scope`. Caches belong to the origin, not to a scope:
 * copies of the studio in two folders of one host (two repositories' GitHub Pages) each keep their own.
 */
export function cacheName(scope: string, version: string): string {
  return `${CACHE_PREFIX}${scope} ${version}`;
}

/** Every cache of the studio at `scope`, in the order given (creation order for `caches.keys()`). */
export function scopeCaches(names: readonly string[], scope: string): string[] {
  const prefix = `${CACHE_PREFIX}${scope} `;
  return names.filter((name) => name.startsWith(prefix) && !name.slice(prefix.length).includes(' '));
}

/**
 * Caches to delete when `version` activates, given every cache name in creation order: other versions of the
 * studio at this scope except the newest earlier one (a page still open on it may load a lazy chunk or worker
 * from it). Other apps' caches and the studio's at other scopes are left alone.
 */
export function staleCaches(names: readonly string[], scope: string, version: string): string[] {
  const older = scopeCaches(names, scope).filter((name) => name !== cacheName(scope, version));
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
