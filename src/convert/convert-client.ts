/**
 * The page's door to in-browser conversion: run the converter in a module worker and get the model
 * back as the engine's `ModelFiles`, read from the browser cache.
 *
 *   const { model, files } = await convertInWorker(file, { onProgress, signal });
 *   const generator = await Generator.load(model, files);  // or whatever the engine offers
 *
 * Failures reject with a `ConvertError`: `code` says what kind (see `ConvertErrorCode`), `message`
 * is a complete sentence meant to be shown to the user verbatim, `title` a short headline for it.
 */
import { deleteCachedModel, type ModelFiles, type ModelJson, modelFilesFromMemory, openCachedModel } from '../model';
import type { ConvertMessage, ConvertRequest, StoreRequest } from './convert-protocol';
import { ConvertError } from './errors';
import type { ConvertProgress } from './progress';

export type { ConvertMessage, ConvertRequest, StoreRequest } from './convert-protocol';
export { CONVERT_ERROR_TITLES, ConvertError, type ConvertErrorCode } from './errors';
export type { ConvertProgress } from './progress';

/** What `convertInWorker` needs of a Worker (so tests can pass an in-process fake). */
export interface WorkerLike {
  postMessage(message: ConvertRequest | StoreRequest, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

export interface ConvertInWorkerOptions {
  onProgress?: (progress: ConvertProgress) => void;
  /** Each warning as it is found (e.g. NaN weights); they are also in the result. */
  onWarning?: (warning: string) => void;
  signal?: AbortSignal;
  fp16?: boolean;
  /** Display name of the model (default: the file name). */
  name?: string;
  /** 'cache' (default): keep the model in the browser cache; 'memory': keep it only in this page. */
  store?: 'cache' | 'memory';
  /** With 'cache': get the shards back as well, so the model loads without reading the cache again. */
  returnShards?: boolean;
  /**
   * With 'cache': resolve as soon as the model is converted (its shards in this page, `stored: 'pending'`);
   * it is written into the cache when the caller calls `store()`, e.g. once the model is on screen.
   */
  storeLater?: boolean;
  /** Worker factory (default: the module worker convert-worker.ts). */
  createWorker?: () => WorkerLike;
}

export interface ConvertedModel {
  /** The cache id (derived from the file's name, size and first megabytes). */
  id: string;
  model: ModelJson;
  files: ModelFiles;
  warnings: string[];
  /**
   * Where the weights are: the browser cache, or this page's memory ('pending': in this page's memory until
   * `store` has written them into the cache).
   */
  stored: 'cache' | 'memory' | 'pending';
  /**
   * With `stored: 'pending'`: writes the model into the browser cache (call it once), given its shards back
   * (the worker sent its own with the model and kept no copy; they are transferred); rejects with a ConvertError
   * (code 'storage' when the browser cannot keep it, 'internal' when the shards are not the model's).
   */
  store?: (shards: Array<[string, ArrayBuffer]>) => Promise<void>;
  /** With `stored: 'pending'`: the model will not be stored (its shards are gone): the worker is let go. */
  abandon?: () => void;
}

/** A snapshot as it downloads (its body, transferred to the worker): converted while it arrives. */
export interface StreamInput {
  stream: ReadableStream<Uint8Array>;
  /** The announced length; null when unknown (the worker then reads it whole first). */
  size: number | null;
  /** The file name (the model's id and default name come from it). */
  name: string;
}

/** Removes what a cancelled conversion wrote; tried again while the stopped worker may still hold a file. */
async function removePartial(id: string, tries = 3): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      await deleteCachedModel(id);
      return;
    } catch {
      await new Promise((wait) => setTimeout(wait, 250));
    }
  }
}

function newConvertWorker(): WorkerLike {
  return new Worker(new URL('./convert-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

/** A conversion worker started ahead of the next conversion, its module already loaded (~40 ms of a pick). */
let spareWorker: WorkerLike | null = null;

/**
 * Starts the worker the next `convertInWorker` (without `createWorker`) takes, so a pick waits for no worker
 * start. One at a time; a spare that fails to start is let go (the conversion then starts its own).
 */
export function prepareConvertWorker(create: () => WorkerLike = newConvertWorker): void {
  if (spareWorker || (create === newConvertWorker && typeof Worker === 'undefined')) return;
  const worker = create();
  worker.onerror = () => {
    if (spareWorker === worker) spareWorker = null;
    worker.terminate();
  };
  spareWorker = worker;
}

function defaultWorker(): WorkerLike {
  const worker = spareWorker ?? newConvertWorker();
  spareWorker = null;
  worker.onerror = null;
  return worker;
}

/** Convert a snapshot File (or download) in a worker. Rejects with `ConvertError` (code 'cancelled' when aborted). */
export function convertInWorker(
  file: Blob | StreamInput,
  options: ConvertInWorkerOptions = {},
): Promise<ConvertedModel> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new ConvertError('conversion cancelled', 'cancelled'));
  const worker = (options.createWorker ?? defaultWorker)();
  return new Promise<ConvertedModel>((resolve, reject) => {
    let id: string | undefined;
    let settled = false;
    const finish = (error?: ConvertError, value?: ConvertedModel) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
      if (error) reject(error);
      else resolve(value!);
    };
    const onAbort = () => {
      finish(new ConvertError('conversion cancelled', 'cancelled'));
      // The worker may have written part of the model into the cache: remove it.
      if (id && options.store !== 'memory') void removePartial(id);
    };
    signal?.addEventListener('abort', onAbort);
    worker.onerror = (event) =>
      finish(
        new ConvertError(
          `the conversion worker failed${event.message ? ` (${event.message})` : ''} — please report this`,
          'internal',
        ),
      );
    // After 'converted' (a storeLater job), the store the caller asks for answers here.
    let storing: { resolve: () => void; reject: (error: ConvertError) => void } | null = null;
    let storeOutcome: ConvertError | 'stored' | null = null;
    const storeEnded = (outcome: ConvertError | 'stored') => {
      storeOutcome = outcome;
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
      if (storing) {
        if (outcome === 'stored') storing.resolve();
        else storing.reject(outcome);
      }
    };
    const store = (shards: Array<[string, ArrayBuffer]>) =>
      new Promise<void>((resolveStore, rejectStore) => {
        if (storeOutcome instanceof ConvertError) {
          rejectStore(storeOutcome); // the worker failed before it was asked
          return;
        }
        if (storing || storeOutcome) {
          rejectStore(new ConvertError('the model was already stored — please report this', 'internal'));
          return;
        }
        storing = { resolve: resolveStore, reject: rejectStore };
        worker.postMessage(
          { type: 'store', shards } satisfies StoreRequest,
          shards.map(([, bytes]) => bytes),
        );
      });
    const afterConverted = (message: ConvertMessage) => {
      if (message?.type === 'done') storeEnded('stored');
      else if (message?.type === 'error') storeEnded(new ConvertError(message.message, message.code));
    };
    worker.onmessage = ({ data }) => {
      const message = data as ConvertMessage;
      switch (message?.type) {
        case 'started':
          id = message.id;
          return;
        case 'progress':
          options.onProgress?.({ phase: message.phase, bytesDone: message.bytesDone, bytesTotal: message.bytesTotal });
          return;
        case 'warning':
          options.onWarning?.(message.message);
          return;
        case 'error':
          finish(new ConvertError(message.message, message.code));
          return;
        case 'converted': {
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          worker.onmessage = ({ data: next }) => afterConverted(next as ConvertMessage);
          worker.onerror = (event) =>
            storeEnded(
              new ConvertError(
                `the conversion worker failed${event.message ? ` (${event.message})` : ''} — please report this`,
                'internal',
              ),
            );
          resolve({
            id: message.id,
            model: message.model,
            files: modelFilesFromMemory(message.model, message.shards),
            warnings: message.warnings,
            stored: 'pending',
            store,
            abandon: () => storeOutcome ?? storeEnded(new ConvertError('the model was not stored', 'cancelled')),
          });
          return;
        }
        case 'done': {
          const files =
            message.stored === 'cache' && !message.shards
              ? openCachedModel(message.id)
              : modelFilesFromMemory(message.model, message.shards ?? []);
          finish(undefined, {
            id: message.id,
            model: message.model,
            files,
            warnings: message.warnings,
            stored: message.stored,
          });
          return;
        }
      }
    };
    const request: ConvertRequest = {
      type: 'convert',
      fp16: options.fp16,
      name: options.name,
      store: options.store,
      returnShards: options.returnShards,
      storeLater: options.storeLater,
    };
    if (file instanceof Blob) {
      request.file = file;
      if (typeof File !== 'undefined' && file instanceof File) request.fileName = file.name;
      worker.postMessage(request);
    } else {
      Object.assign(request, { stream: file.stream, streamSize: file.size, fileName: file.name });
      worker.postMessage(request, [file.stream as unknown as Transferable]);
    }
  });
}
