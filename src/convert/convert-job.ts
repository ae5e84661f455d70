/**
 * One conversion as the worker runs it: stream the snapshot from its Blob, write the model into the
 * browser cache (or memory) and report through `post`. Free of worker globals so it runs in tests.
 */

import { type CacheWriter, deriveModelId, MemorySink, type ModelCache, type ModelSink } from '../model';
import { BlobByteSource, type ByteSource } from './byte-source';
import type { ConvertMessage, ConvertRequest } from './convert-protocol';
import { ConvertError } from './errors';
import { explainError } from './explain-error';
import { convertSnapshot } from './index';
import { bufferWholeStream, StreamByteSource } from './stream-byte-source';

export type Post = (message: ConvertMessage, transfer?: Transferable[]) => void;

/** Sink errors (quota, storage unavailable) become a 'storage' refusal instead of an internal error. */
function storageErrors(sink: ModelSink): ModelSink {
  const wrap = async (what: string, write: () => Promise<void> | void) => {
    try {
      await write();
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      const full =
        name === 'QuotaExceededError'
          ? 'the browser storage is full'
          : `writing ${what} failed (${(error as Error)?.message ?? String(error)})`;
      throw new ConvertError(
        `could not save the converted model in the browser: ${full} — delete cached models or free disk space, then try again`,
        'storage',
        undefined,
        { cause: error },
      );
    }
  };
  return {
    writeShard: (name, bytes) => wrap(name, () => sink.writeShard(name, bytes)),
    writeModelJson: (model, text) => wrap('model.json', () => sink.writeModelJson(model, text)),
  };
}

/**
 * `storeWhenAsked`: for a `storeLater` request, resolves when the page asks for the model to be written into
 * the cache (the worker's 'store' message); without it such a request is stored right after 'converted'.
 */
export async function runConvertJob(
  request: ConvertRequest,
  post: Post,
  cache?: ModelCache,
  storeWhenAsked?: Promise<Array<[string, ArrayBuffer]>>,
): Promise<void> {
  const fileName =
    request.fileName ??
    (typeof File !== 'undefined' && request.file instanceof File ? request.file.name : 'network-snapshot.pkl');
  let source: ByteSource = { size: 0, read: async () => new Uint8Array(0) };
  let writer: CacheWriter | undefined;
  try {
    source = await sourceOf(request, fileName);
    const memory = new MemorySink();
    const later = Boolean(cache && request.store !== 'memory' && request.storeLater);
    // The id is needed before the conversion only where the cache is written as it goes; otherwise it is derived
    // while the snapshot is parsed (its read and hash run off this thread). A download is read in order: first.
    const identifying = deriveModelId(source);
    identifying.catch(() => undefined);
    let id = '';
    const identified = async () => {
      if (id) return;
      id = await identifying;
      post({ type: 'started', id });
    };
    if (!later || request.stream) await identified();
    if (cache && request.store !== 'memory' && !later) writer = await cache.createWriter(id);
    let lastPercent = -1;
    let lastPhase = '';
    const kept: Array<[string, ArrayBuffer]> = [];
    const sink =
      writer && request.returnShards ? keepingShards(storageErrors(writer), kept) : storageErrors(writer ?? memory);
    const result = await convertSnapshot(source, sink, {
      // Shown from memory first: one shard, which the engine reads from in place (no joining of shards).
      ...(later ? { shardBytes: Number.MAX_SAFE_INTEGER } : {}),
      fp16: request.fp16,
      name: request.name,
      onProgress: (p) => {
        const percent = p.bytesTotal > 0 ? Math.floor((1000 * p.bytesDone) / p.bytesTotal) : 1000;
        if (percent === lastPercent && p.phase === lastPhase) return;
        lastPercent = percent;
        lastPhase = p.phase;
        post({ type: 'progress', ...p });
      },
      onWarning: (message) => post({ type: 'warning', message }),
    });
    await identified();
    if (later && cache) {
      // The page gets this worker's shards (transferred, not copied: a copy of a 600 MB snapshot's weights
      // would hold up its first image) and gives them back with the store request, once it has shown the model.
      const shards = [...memory.shards].map(([name, bytes]): [string, ArrayBuffer] => [name, wholeBuffer(bytes)]);
      const sent = shards.map(([name, bytes]): [string, number] => [name, bytes.byteLength]);
      memory.shards.clear();
      post(
        { type: 'converted', id, model: result.model, warnings: result.warnings, shards },
        shards.map(([, b]) => b),
      );
      const given = await storeWhenAsked;
      const back = checkGivenBack(sent, given ?? []);
      writer = await cache.createWriter(id);
      const store = storageErrors(writer);
      for (const [name, bytes] of back) await store.writeShard(name, bytes);
      await store.writeModelJson(result.model, memory.modelText ?? `${JSON.stringify(result.model, null, 1)}\n`);
      await writer.commit();
      post({ type: 'done', id, model: result.model, warnings: result.warnings, stored: 'cache' });
    } else if (writer) {
      await writer.commit();
      const shards = request.returnShards ? kept : undefined;
      post(
        { type: 'done', id, model: result.model, warnings: result.warnings, stored: 'cache', shards },
        shards?.map(([, b]) => b),
      );
    } else {
      // This worker is done with them: transferred, not copied.
      const shards = [...memory.shards].map(([name, bytes]): [string, ArrayBuffer] => [name, wholeBuffer(bytes)]);
      post(
        { type: 'done', id, model: result.model, warnings: result.warnings, stored: 'memory', shards },
        shards.map(([, b]) => b),
      );
    }
  } catch (error) {
    await writer?.abort().catch(() => undefined);
    const e = explainError(error, { size: source.size });
    post({ type: 'error', code: e.code, message: e.message });
  } finally {
    if (source instanceof StreamByteSource) source.cancel();
  }
}

/** The bytes as an ArrayBuffer of their own (the shard writer makes one per shard: no copy then). */
function wholeBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
}

/** The shards the page gave back for storing, checked to be the ones sent: the same paths, each of its size. */
function checkGivenBack(
  sent: Array<[string, number]>,
  given: Array<[string, ArrayBuffer]>,
): Array<[string, Uint8Array]> {
  const byPath = new Map(given);
  const wrong = sent.find(([path, size]) => byPath.get(path)?.byteLength !== size);
  if (wrong || given.length !== sent.length) {
    throw new ConvertError(
      `the page gave back other weights than the converted model's (${wrong?.[0] ?? `${given.length} shards`}) — please report this`,
      'internal',
    );
  }
  return sent.map(([path]) => [path, new Uint8Array(byPath.get(path)!)]);
}

/** Writes through to `sink` and keeps a copy of each shard, to send back with the result. */
function keepingShards(sink: ModelSink, kept: Array<[string, ArrayBuffer]>): ModelSink {
  return {
    writeShard: async (name, bytes) => {
      kept.push([name, bytes.slice().buffer]);
      await sink.writeShard(name, bytes);
    },
    writeModelJson: (model, text) => sink.writeModelJson(model, text),
  };
}

async function sourceOf(request: ConvertRequest, fileName: string): Promise<ByteSource> {
  if (request.stream) {
    const size = request.streamSize;
    return typeof size === 'number' && size >= 0
      ? new StreamByteSource(request.stream, size, fileName)
      : bufferWholeStream(request.stream, fileName);
  }
  if (!request.file) throw new ConvertError('nothing to convert was given — please report this', 'internal');
  return new BlobByteSource(request.file, fileName);
}
