/**
 * The page's side of the service worker (src/offline/service-worker.ts): register it, reload once into
 * cross-origin isolation on a host that sends no COOP/COEP headers, and say when a new version arrives.
 */
import { isVersionReply, type VersionReply, type VersionRequest } from './messages';
import { describeUpdate, UPDATE_READY } from './notices';
import { takeOverWhenStarted } from './take-over';

/** Next to index.html, so its scope is the folder the studio is published in (any sub-path). */
const SCRIPT = './sw.js';
/** Set before the one isolation reload: a page that is still not isolated after it does not reload again. */
const RELOAD_FLAG = 'stylegan-v-studio.isolation-reload';
const VERSION_KEY = 'stylegan-v-studio.version';
/** How long the first visit waits for the worker to install (it downloads the build and the shipped models). */
const INSTALL_TIMEOUT_MS = 120_000;

let markStarted: () => void = () => undefined;
const started = new Promise<void>((resolve) => {
  markStarted = resolve;
});

/** The studio has started (its model loaded): a new version that waits behind the one that served it may take over. */
export function studioStarted(): void {
  markStarted();
}

export interface OfflineHooks {
  /** A line for the person (update ready, updated, no isolation, no offline use). */
  notify(message: string): void;
  /** The first visit waits for the worker before its one reload. */
  preparing(label: string): void;
}

/**
 * Starts the service worker. Resolves true when the page should start, false when it is reloading (the
 * first visit on a host without isolation headers). Does nothing on the dev server, which sends the headers.
 */
export async function startOffline(hooks: OfflineHooks): Promise<boolean> {
  try {
    return await start(hooks);
  } catch (error) {
    // Storage denied (cookies blocked), say: the studio runs as on any host, online and maybe without threads.
    hooks.notify(`The studio cannot work offline in this browser: ${error instanceof Error ? error.message : error}`);
    return true;
  }
}

async function start(hooks: OfflineHooks): Promise<boolean> {
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  // import.meta.hot exists on the dev server only (import.meta.env.DEV is also true in a build made under
  // NODE_ENV=test, as the browser tests' is).
  if (import.meta.hot || !container || !window.isSecureContext) return true;
  const controller = container.controller;
  container.addEventListener('controllerchange', () => {
    // On a controlled page a new controller is a new version (the first one is the first install).
    if (controller) hooks.notify(UPDATE_READY);
  });
  const registration = await container.register(SCRIPT, { updateViaCache: 'none' });
  if (controller) takeOverWhenStarted(registration, started);
  if (controller) void announceVersion(controller, hooks.notify).catch(() => undefined);
  if (window.crossOriginIsolated) {
    sessionStorage.removeItem(RELOAD_FLAG);
    return true;
  }
  if (sessionStorage.getItem(RELOAD_FLAG)) {
    hooks.notify('This browser gave the page no cross-origin isolation: WASM runs without threads (about half speed)');
    return true;
  }
  hooks.preparing('Setting up the studio for this browser (once: threads and offline use)');
  if (!(await controlled(container, registration))) {
    hooks.notify(
      'The studio could not be set up for offline use (it tries again on the next load): WASM runs without threads',
    );
    return true;
  }
  sessionStorage.setItem(RELOAD_FLAG, '1');
  location.reload();
  return false;
}

/** Waits until a worker can serve this page: it controls it, or it is active (a hard reload bypassed it). */
function controlled(container: ServiceWorkerContainer, registration: ServiceWorkerRegistration): Promise<boolean> {
  if (container.controller || registration.active) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), INSTALL_TIMEOUT_MS);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok);
    };
    container.addEventListener('controllerchange', () => done(true), { once: true });
    const installing = registration.installing ?? registration.waiting;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'activated') done(true);
      if (installing.state === 'redundant') done(false);
    });
  });
}

/** Asks the controlling worker for its version; a version other than last time's is an update, said once. */
async function announceVersion(worker: ServiceWorker, notify: (message: string) => void): Promise<void> {
  const reply = await new Promise<VersionReply | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 5000);
    navigator.serviceWorker.addEventListener('message', function listen(event: MessageEvent) {
      if (!isVersionReply(event.data)) return;
      navigator.serviceWorker.removeEventListener('message', listen);
      clearTimeout(timer);
      resolve(event.data);
    });
    worker.postMessage({ type: 'studio-version?' } satisfies VersionRequest);
  });
  if (!reply) return;
  const message = describeUpdate(localStorage.getItem(VERSION_KEY), reply);
  localStorage.setItem(VERSION_KEY, reply.version);
  if (message) notify(message);
}
