/**
 * Web Worker entry for in-browser conversion (a module worker):
 *   new Worker(new URL('./convert-worker.ts', import.meta.url), { type: 'module' })
 * Receives a `ConvertRequest` with the File, streams it (never loaded whole), writes the model into the
 * browser cache and posts `ConvertMessage`s; a `storeLater` job writes it when a `StoreRequest` comes. Use it
 * through `convertInWorker` (convert-client.ts).
 */

import { getDefaultCache } from '../model';
import { runConvertJob } from './convert-job';
import type { ConvertMessage, ConvertRequest, StoreRequest } from './convert-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ConvertRequest | StoreRequest>) => void) | null;
  postMessage(message: ConvertMessage, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

let storeAsked: (shards: Array<[string, ArrayBuffer]>) => void = () => undefined;
const storeWhenAsked = new Promise<Array<[string, ArrayBuffer]>>((resolve) => {
  storeAsked = resolve;
});

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type === 'store') storeAsked(request.shards);
  if (request?.type !== 'convert') return;
  void (async () => {
    const cache = request.store === 'memory' ? undefined : await getDefaultCache().catch(() => undefined);
    // A memory cache inside the worker would vanish with it: send the shards to the page instead.
    const usable = cache && cache.backend.kind !== 'memory' ? cache : undefined;
    await runConvertJob(
      request,
      (message, transfer) => scope.postMessage(message, transfer ?? []),
      usable,
      storeWhenAsked,
    );
  })();
};
