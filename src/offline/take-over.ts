/**
 * A new version calls skipWaiting() while it installs, and Chromium activates it once the previous worker has no
 * work. When it installs while that worker is answering the page's own load, Chromium asks that worker once to
 * stop as soon as it is idle, and the page's next request can undo the ask: the new version then waits for the
 * previous worker's idle timeout (5 minutes at most, and never under DevTools). So once the page has started,
 * a version that waits is asked to take over again (its skipWaiting() now renews Chromium's ask).
 */
import type { TakeOverRequest } from './messages';

/** The parts of a ServiceWorkerRegistration used here. */
export interface WaitingRegistration {
  readonly installing: ServiceWorker | null;
  readonly waiting: ServiceWorker | null;
  addEventListener(type: 'updatefound', listener: () => void): void;
}

const REQUEST: TakeOverRequest = { type: 'studio-take-over' };

/** Asks a version that waits, now or once installed, to take over after `started` resolves. */
export function takeOverWhenStarted(registration: WaitingRegistration, started: Promise<void>): void {
  const whenInstalled = (worker: ServiceWorker) => {
    if (worker.state === 'installed') return worker.postMessage(REQUEST);
    worker.addEventListener('statechange', function listen() {
      if (worker.state === 'installing') return;
      worker.removeEventListener('statechange', listen);
      if (worker.state === 'installed') worker.postMessage(REQUEST);
    });
  };
  void started.then(() => {
    if (registration.waiting) whenInstalled(registration.waiting);
    if (registration.installing) whenInstalled(registration.installing);
    registration.addEventListener('updatefound', () => {
      if (registration.installing) whenInstalled(registration.installing);
    });
  });
}
