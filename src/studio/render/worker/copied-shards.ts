import type { WorkerMessage } from '../shared/protocol';

/**
 * The reply to 'copyShards': copies of the shards the model `modelKey` was loaded from (the engine keeps views of
 * the originals), transferred; a failure when the model loaded now is another one.
 */
export function copiedShards(
  requestId: number,
  modelKey: string,
  loaded: { modelKey: string; shards: Record<string, ArrayBuffer> } | null,
): [WorkerMessage, Transferable[]] {
  if (loaded?.modelKey !== modelKey) {
    return [{ type: 'failed', requestId, message: 'another model was loaded since: its weights are gone' }, []];
  }
  const shards = Object.entries(loaded.shards).map(([path, bytes]): [string, ArrayBuffer] => [path, bytes.slice(0)]);
  return [{ type: 'shards', requestId, shards }, shards.map(([, bytes]) => bytes)];
}
