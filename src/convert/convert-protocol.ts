/** Messages between the page (convert-client) and the conversion worker (convert-worker). */
import type { ModelJson } from '../model';
import type { ConvertErrorCode } from './errors';
import type { ConvertProgress } from './progress';

/** Page -> worker. */
export interface ConvertRequest {
  type: 'convert';
  /** The snapshot: a File/Blob, or a download as it arrives (the stream is transferred). */
  file?: Blob;
  stream?: ReadableStream<Uint8Array>;
  /** The stream's length when the server announced it; null: read it whole before converting. */
  streamSize?: number | null;
  /** File name (defaults to `file.name` for a File). */
  fileName?: string;
  /** Display name of the model. */
  name?: string;
  fp16?: boolean;
  /** 'cache': write into the browser's model cache (default); 'memory': send the shards back. */
  store?: 'cache' | 'memory';
  /** With 'cache': send the shards back too, so the page loads the model without reading the cache again. */
  returnShards?: boolean;
  /**
   * With 'cache': send the model back first ('converted', with its shards) and write it into the cache only
   * when a `StoreRequest` comes (after the page has shown it: storing costs about as much as converting).
   */
  storeLater?: boolean;
}

/**
 * Page -> worker, after 'converted' (a `storeLater` job): write the model into the cache now. The worker sent
 * its shards away with 'converted' (transferred, no copy): they come back here, transferred too.
 */
export interface StoreRequest {
  type: 'store';
  shards: Array<[string, ArrayBuffer]>;
}

/** Worker -> page. */
export type ConvertMessage =
  | { type: 'started'; id: string }
  | ({ type: 'progress' } & ConvertProgress)
  | { type: 'warning'; message: string }
  /** A `storeLater` job's model, not stored yet (its shards transferred); 'done' or 'error' follows the store. */
  | { type: 'converted'; id: string; model: ModelJson; warnings: string[]; shards: Array<[string, ArrayBuffer]> }
  | {
      type: 'done';
      id: string;
      model: ModelJson;
      warnings: string[];
      stored: 'cache' | 'memory';
      /** With `stored: 'memory'` (or `returnShards`): the shards (transferred). */
      shards?: Array<[string, ArrayBuffer]>;
    }
  | { type: 'error'; code: ConvertErrorCode; message: string };

export function isConvertMessage(v: unknown): v is ConvertMessage {
  const t = (v as { type?: unknown } | null)?.type;
  return t === 'started' || t === 'progress' || t === 'warning' || t === 'converted' || t === 'done' || t === 'error';
}
