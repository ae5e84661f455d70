/**
 * The page's door to in-browser conversion: run the converter in a module worker and get the model
 * back as the engine's `ModelFiles`, read from the browser cache.
 *
 *   const { model, files } = await convertInWorker(file, { onProgress, signal });
 *   const generator = await Generator.load(model, files);  // or whatever the engine offers
 *
 * Failures reject with a `ConvertFailure`: `code` says what kind (see `ConvertErrorCode`), `message`
 * is a complete sentence meant to be shown to the user verbatim, `title` a short headline for it.
 */
import type { ModelFiles } from '../engine/weights.js';
import type { ModelJson } from '../model/format.js';
import type { ConvertMessage, ConvertRequest } from './convert-protocol.js';
import type { ConvertErrorCode } from './errors.js';
import { deleteCachedModel, openCachedModel } from './model-cache.js';

export type { ConvertErrorCode } from './errors.js';
export type { ConvertMessage, ConvertRequest } from './convert-protocol.js';
export type { CachedModelInfo } from './model-cache.js';
export { listCachedModels, openCachedModel, deleteCachedModel } from './model-cache.js';

/** A short headline per error code (the message carries the details). */
export const CONVERT_ERROR_TITLES: Record<ConvertErrorCode, string> = {
  'empty-file': 'The file is empty',
  'web-page': 'This is a web page, not a checkpoint',
  'text-file': 'This is a text file, not a checkpoint',
  'not-a-pickle': 'This is not a checkpoint file',
  'torch-save': 'This is a PyTorch state file, not a training snapshot',
  'unsupported-format': 'Unsupported file format',
  unreadable: 'The file cannot be read',
  'fp16-range': 'Weights too large for float16',
  truncated: 'The file is incomplete',
  corrupt: 'The file is corrupted',
  'too-complex': 'The file was refused (safety limit)',
  'code-execution': 'Refused: the file tries to run code',
  'tensorflow-stylegan': 'A TensorFlow StyleGAN checkpoint',
  'image-generator': 'An image generator, not a video generator',
  'missing-generator': 'No generator in this file',
  'unsupported-architecture': 'Unsupported model architecture',
  'bad-tensor': 'Damaged weights',
  'bad-storage': 'Damaged weights',
  'bad-config': 'Damaged model configuration',
  storage: 'Could not save the model in the browser',
  cancelled: 'Conversion cancelled',
  internal: 'Conversion failed',
};

/** A failed conversion: show `message` verbatim. */
export class ConvertFailure extends Error {
  override readonly name = 'ConvertFailure';
  constructor(
    readonly code: ConvertErrorCode,
    message: string,
  ) {
    super(message);
  }
  get title(): string {
    return CONVERT_ERROR_TITLES[this.code] ?? 'Conversion failed';
  }
}

export interface ConvertProgressEvent {
  phase: 'parse' | 'weights' | 'done';
  bytesDone: number;
  bytesTotal: number;
}

/** What `convertInWorker` needs of a Worker (so tests can pass an in-process fake). */
export interface WorkerLike {
  postMessage(message: ConvertRequest): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

export interface ConvertInWorkerOptions {
  onProgress?: (progress: ConvertProgressEvent) => void;
  /** Each warning as it is found (e.g. NaN weights); they are also in the result. */
  onWarning?: (warning: string) => void;
  signal?: AbortSignal;
  fp16?: boolean;
  /** Display name of the model (default: the file name). */
  name?: string;
  /** 'cache' (default): keep the model in the browser cache; 'memory': keep it only in this page. */
  store?: 'cache' | 'memory';
  /** Worker factory (default: the module worker convert-worker.ts). */
  createWorker?: () => WorkerLike;
}

export interface ConvertedModel {
  /** The cache id (derived from the file's name, size and first megabytes). */
  id: string;
  model: ModelJson;
  files: ModelFiles;
  warnings: string[];
  /** Where the weights are: the browser cache, or this page's memory. */
  stored: 'cache' | 'memory';
}

function defaultWorker(): WorkerLike {
  return new Worker(new URL('./convert-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

/** Files held in memory (when the worker could not use the cache). */
export function memoryModelFiles(model: ModelJson, shards: Iterable<[string, ArrayBuffer]>): ModelFiles {
  const map = new Map(shards);
  return {
    readJson: async () => model,
    readShard: async (path) => {
      const b = map.get(path);
      if (!b) throw new Error(`converted model has no shard ${path}`);
      return b;
    },
  };
}

/** Convert a snapshot File in a worker. Rejects with `ConvertFailure` (code 'cancelled' when aborted). */
export function convertInWorker(file: Blob, options: ConvertInWorkerOptions = {}): Promise<ConvertedModel> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new ConvertFailure('cancelled', 'conversion cancelled'));
  const worker = (options.createWorker ?? defaultWorker)();
  return new Promise<ConvertedModel>((resolve, reject) => {
    let id: string | undefined;
    let settled = false;
    const finish = (error?: ConvertFailure, value?: ConvertedModel) => {
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
      finish(new ConvertFailure('cancelled', 'conversion cancelled'));
      // The worker may have written part of the model into the cache: remove it.
      if (id && options.store !== 'memory') void deleteCachedModel(id).catch(() => undefined);
    };
    signal?.addEventListener('abort', onAbort);
    worker.onerror = (event) =>
      finish(new ConvertFailure('internal', `the conversion worker failed${event.message ? ` (${event.message})` : ''} — please report this`));
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
          finish(new ConvertFailure(message.code, message.message));
          return;
        case 'done': {
          const files = message.stored === 'cache' ? openCachedModel(message.id) : memoryModelFiles(message.model, message.shards ?? []);
          finish(undefined, { id: message.id, model: message.model, files, warnings: message.warnings, stored: message.stored });
          return;
        }
      }
    };
    const request: ConvertRequest = {
      type: 'convert',
      file,
      fp16: options.fp16,
      name: options.name,
      store: options.store,
    };
    if (typeof File !== 'undefined' && file instanceof File) request.fileName = file.name;
    worker.postMessage(request);
  });
}
