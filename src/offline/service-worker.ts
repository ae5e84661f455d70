/**
 * The studio's service worker (built to dist/sw.js by tools/offline-build.ts, which fills in the build's file
 * list). It gives the page cross-origin isolation on hosts that send no COOP/COEP headers (so WASM keeps its
 * threads), precaches the build and the shipped models so the studio opens offline, and replaces itself when a
 * new build is published.
 */
import { withIsolationHeaders } from './isolation';
import {
  cacheKey,
  cacheName,
  HASH_HEADER,
  HASH_HEX_LENGTH,
  type OfflineManifest,
  scopeCaches,
  staleCaches,
} from './manifest';
import { isTakeOverRequest, isVersionRequest, type VersionReply } from './messages';

declare const __OFFLINE_MANIFEST__: OfflineManifest;

// The few service-worker types used here (the project's lib is the DOM's, not WebWorker's).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  readonly source: { postMessage(message: unknown): void } | null;
}
interface ServiceWorkerScope {
  readonly registration: ServiceWorkerRegistration;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

const sw = self as unknown as ServiceWorkerScope;
const manifest = __OFFLINE_MANIFEST__;
const scope = sw.registration.scope;
const current = cacheName(scope, manifest.version);
/** Downloads at once while installing. */
const PARALLEL = 4;

async function reusable(names: string[], url: string, hash: string): Promise<Response | null> {
  for (const name of [...names].reverse()) {
    const response = await (await caches.open(name)).match(url);
    if (response?.headers.get(HASH_HEADER) === hash) return response;
  }
  return null;
}

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, HASH_HEX_LENGTH);
}

/**
 * A file as the build listed it, checked against its hash: a host half-way through publishing (or a stale
 * HTTP cache) fails the install, so the old version stays, and the next load tries again.
 */
async function download(url: string, hash: string): Promise<Response> {
  let found = '';
  for (const mode of ['no-cache', 'reload'] as const) {
    const response = await fetch(new Request(url, { cache: mode }));
    if (!response.ok) throw new Error(`could not cache ${url}: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    found = await sha256(bytes);
    if (found !== hash) continue;
    const headers = new Headers(response.headers);
    headers.set(HASH_HEADER, hash);
    return new Response(bytes, { status: response.status, statusText: response.statusText, headers });
  }
  throw new Error(`${url} is not the file this version lists (hash ${found}, listed ${hash})`);
}

/** Every file of the build into this version's cache; unchanged files come from the previous version's. */
async function precache(): Promise<void> {
  const cache = await caches.open(current);
  const older = scopeCaches(await caches.keys(), scope).filter((name) => name !== current);
  const queue = [...manifest.files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const url = new URL(file.path, scope).href;
      if ((await cache.match(url))?.headers.get(HASH_HEADER) === file.hash) continue;
      await cache.put(url, (await reusable(older, url, file.hash)) ?? (await download(url, file.hash)));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

sw.addEventListener('install', (event) => {
  // A new version takes over at once: pages already open keep working from the previous version's cache.
  event.waitUntil(precache().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const stale = staleCaches(await caches.keys(), scope, manifest.version);
      await Promise.all(stale.map((name) => caches.delete(name)));
      // Controls pages opened before it was installed: the first visit reloads once into isolation.
      await sw.clients.claim();
    })(),
  );
});

/** This version's file, else the previous version's (for a page still open on it). */
async function cached(key: string): Promise<Response | undefined> {
  const older = scopeCaches(await caches.keys(), scope).filter((name) => name !== current);
  for (const name of [current, ...older.reverse()]) {
    const response = await (await caches.open(name)).match(key);
    if (response) return response;
  }
  return undefined;
}

async function respond(request: Request, key: string): Promise<Response> {
  const hit = await cached(key);
  if (hit) return withIsolationHeaders(hit);
  try {
    const response = await fetch(request);
    // A rebuilt response has no URL of its own: a redirected page must load at its final address.
    if (request.mode === 'navigate' && response.redirected) return Response.redirect(response.url, 302);
    return withIsolationHeaders(response);
  } catch (error) {
    const shell = request.mode === 'navigate' ? await cached(new URL('index.html', scope).href) : undefined;
    if (shell) return withIsolationHeaders(shell);
    throw error;
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const key = cacheKey(request.url, scope, request.mode === 'navigate');
  // Other origins (a model by link, say) go to the network untouched: CORS responses need no extra headers.
  if (key) event.respondWith(respond(request, key));
});

sw.addEventListener('message', (event) => {
  // Called again now that this version waits (the install's call came while it was installing): Chromium then
  // asks the previous worker once more to stop as soon as it is idle, and activates this one when it has.
  if (isTakeOverRequest(event.data)) void sw.skipWaiting();
  if (!isVersionRequest(event.data)) return;
  const reply: VersionReply = { type: 'studio-version', version: manifest.version };
  event.source?.postMessage(reply);
});
