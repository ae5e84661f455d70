import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOTS } from '../../test/support/fixtures';
import { syntheticSnapshotBytes, TINY_SPEC } from '../../test/support/synthetic-snapshot';
import { type CacheBackend, listCachedModels, MemoryBackend, ModelCache, setDefaultCache } from '../model';
import {
  CONVERT_ERROR_TITLES,
  ConvertError,
  convertInWorker,
  prepareConvertWorker,
  type WorkerLike,
} from './convert-client';
import { runConvertJob } from './convert-job';
import type { ConvertMessage, ConvertRequest, StoreRequest } from './convert-protocol';
import { convertSnapshot, MemoryByteSource, MemorySink } from './index';

const tinyBytes = new Uint8Array(readFileSync(SNAPSHOTS.tiny));

/** A Worker stand-in that runs the worker's job in this process, posting through a structured clone. */
function inProcessWorker(
  cache: ModelCache | undefined,
  delayMs = 0,
): () => WorkerLike & { terminated: boolean; storeRequests: number } {
  return () => {
    let storeAsked: (shards: Array<[string, ArrayBuffer]>) => void = () => undefined;
    const storeWhenAsked = new Promise<Array<[string, ArrayBuffer]>>((resolve) => {
      storeAsked = resolve;
    });
    const worker = {
      terminated: false,
      storeRequests: 0,
      onmessage: null as WorkerLike['onmessage'],
      onerror: null as WorkerLike['onerror'],
      postMessage(request: ConvertRequest | StoreRequest) {
        if (request.type === 'store') {
          worker.storeRequests++;
          storeAsked(structuredClone(request.shards));
          return;
        }
        // A transferred stream moves as it is; everything else is cloned as postMessage would.
        const clone = { ...structuredClone({ ...request, stream: undefined }), stream: request.stream };
        void runConvertJob(
          clone,
          async (message) => {
            if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
            if (!worker.terminated) worker.onmessage?.({ data: structuredClone(message) });
          },
          cache,
          storeWhenAsked,
        );
      },
      terminate() {
        worker.terminated = true;
      },
    };
    return worker;
  };
}

describe('convertInWorker', () => {
  afterEach(() => setDefaultCache(undefined));

  it('converts a File into the cache and returns ModelFiles the engine can read', async () => {
    const cache = new ModelCache(new MemoryBackend());
    setDefaultCache(cache);
    const progress: Array<{ phase: string; bytesDone: number; bytesTotal: number }> = [];
    const file = new File([tinyBytes], 'network-snapshot-000600.pkl');
    const result = await convertInWorker(file, {
      createWorker: inProcessWorker(cache),
      onProgress: (p) => progress.push(p),
    });

    expect(result.stored).toBe('cache');
    expect(result.model.name).toBe('network-snapshot-000600');
    expect(result.id).toMatch(/^network-snapshot-000600-[0-9a-z]+-[0-9a-f]{12}$/);
    expect(result.warnings).toEqual([]);
    expect(progress.map((p) => p.phase)).toContain('parse');
    expect(progress.at(-1)).toMatchObject({ phase: 'done' });
    const parse = progress.filter((p) => p.phase === 'parse');
    expect(parse.at(-1)!.bytesTotal).toBe(tinyBytes.length);
    expect(parse.every((p, i) => i === 0 || p.bytesDone >= parse[i - 1]!.bytesDone)).toBe(true);

    // Same weights as a direct conversion.
    const direct = new MemorySink();
    await convertSnapshot(new MemoryByteSource(tinyBytes), direct);
    expect(await result.files.readJson()).toEqual(result.model);
    for (const p of result.model.weightsManifest[0]!.paths) {
      expect(new Uint8Array(await result.files.readShard(p))).toEqual(direct.shards.get(p));
    }
    const listed = await listCachedModels();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: result.id, name: 'network-snapshot-000600', resolution: 32, cDim: 0 });
  });

  it('stores the model and, asked to, sends its shards back so nothing is read from the cache again', async () => {
    const cache = new ModelCache(new MemoryBackend());
    setDefaultCache(cache);
    const stream = new Blob([tinyBytes]).stream();
    const result = await convertInWorker(
      { stream, size: tinyBytes.length, name: 'streamed.pkl' },
      { createWorker: inProcessWorker(cache), returnShards: true },
    );
    expect(result.stored).toBe('cache');
    const stored = cache.open(result.id);
    const reads: string[] = [];
    const backend = cache.backend as MemoryBackend;
    const read = backend.read.bind(backend);
    backend.read = async (id, file) => {
      reads.push(file);
      return read(id, file);
    };
    for (const p of result.model.weightsManifest[0]!.paths)
      expect(new Uint8Array(await result.files.readShard(p))).toEqual(new Uint8Array((await read(result.id, p)) ?? []));
    expect(reads).toEqual([]);
    expect((await stored.readJson()).name).toBe('streamed');
  });

  it('with storeLater, returns the model before storing it and stores it when asked', async () => {
    const cache = new ModelCache(new MemoryBackend());
    setDefaultCache(cache);
    const make = inProcessWorker(cache);
    let worker: ReturnType<typeof make> | undefined;
    const result = await convertInWorker(new File([tinyBytes], 'network-snapshot-000600.pkl'), {
      createWorker: () => {
        worker = make();
        return worker;
      },
      returnShards: true,
      storeLater: true,
    });
    expect(result.stored).toBe('pending');
    expect(await cache.list()).toEqual([]);
    expect(worker!.storeRequests).toBe(0);
    expect(worker!.terminated).toBe(false);

    // The weights in the page are the converter's.
    const direct = new MemorySink();
    await convertSnapshot(new MemoryByteSource(tinyBytes), direct);
    const paths = result.model.weightsManifest[0]!.paths;
    for (const p of paths) expect(new Uint8Array(await result.files.readShard(p))).toEqual(direct.shards.get(p));

    // The page hands the worker's shards back (as the render worker's copies of them, in the studio).
    const shards = async () =>
      Promise.all(paths.map(async (p): Promise<[string, ArrayBuffer]> => [p, await result.files.readShard(p)]));
    await result.store!(await shards());
    expect(worker!.terminated).toBe(true);
    const listed = await cache.list();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: result.id, name: 'network-snapshot-000600', resolution: 32 });
    const stored = cache.open(result.id);
    expect(await stored.readJson()).toEqual(result.model);
    for (const p of paths) expect(new Uint8Array(await stored.readShard(p))).toEqual(direct.shards.get(p));
    await expect(result.store!(await shards())).rejects.toThrow(/already stored/);
  });

  it('with storeLater, refuses to store shards that are not the ones it sent, and stores nothing', async () => {
    const cache = new ModelCache(new MemoryBackend());
    setDefaultCache(cache);
    for (const given of [
      (paths: string[], bytes: ArrayBuffer[]) => paths.map((p, i): [string, ArrayBuffer] => [p, bytes[i]!.slice(1)]),
      (paths: string[], bytes: ArrayBuffer[]) =>
        paths.slice(1).map((p, i): [string, ArrayBuffer] => [p, bytes[i + 1]!]),
      (paths: string[], bytes: ArrayBuffer[]) => paths.map((p, i): [string, ArrayBuffer] => [`other-${p}`, bytes[i]!]),
    ]) {
      const result = await convertInWorker(new File([tinyBytes], 'a.pkl'), {
        createWorker: inProcessWorker(cache),
        storeLater: true,
      });
      const paths = result.model.weightsManifest[0]!.paths;
      const bytes = await Promise.all(paths.map((p) => result.files.readShard(p)));
      const err = (await result.store!(given(paths, bytes)).catch((e: unknown) => e)) as ConvertError;
      expect(err).toBeInstanceOf(ConvertError);
      expect(err.code).toBe('internal');
      expect(err.message).toMatch(/^the page gave back other weights than the converted model's/);
      expect(await cache.list()).toEqual([]);
    }
  });

  it('with storeLater, a full browser storage rejects the store with its message and leaves nothing', async () => {
    const backend = new MemoryBackend();
    const full: CacheBackend = Object.assign(Object.create(backend) as MemoryBackend, {
      write: async (id: string, file: string, bytes: Uint8Array) => {
        if (file === 'model.json') throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
        return backend.write(id, file, bytes);
      },
    });
    const cache = new ModelCache(full);
    const result = await convertInWorker(new File([tinyBytes], 'a.pkl'), {
      createWorker: inProcessWorker(cache),
      storeLater: true,
    });
    expect(result.stored).toBe('pending');
    const paths = result.model.weightsManifest[0]!.paths;
    const shards = await Promise.all(
      paths.map(async (p): Promise<[string, ArrayBuffer]> => [p, await result.files.readShard(p)]),
    );
    const err = (await result.store!(shards).catch((e: unknown) => e)) as ConvertError;
    expect(err).toBeInstanceOf(ConvertError);
    expect(err.code).toBe('storage');
    expect(err.message).toMatch(/^could not save the converted model in the browser: the browser storage is full/);
    expect(await backend.ids()).toEqual([]);
  });

  it('rejects with a ConvertError whose code and message can be shown verbatim', async () => {
    const cache = new ModelCache(new MemoryBackend());
    const page = new File(
      ['<!DOCTYPE html><html><title>Google Drive - Virus scan warning</title></html>'],
      'network-snapshot.pkl',
    );
    const err = await convertInWorker(page, { createWorker: inProcessWorker(cache) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConvertError);
    expect((err as ConvertError).code).toBe('web-page');
    expect((err as ConvertError).message).toMatch(
      /^this is a web page, not a checkpoint: the download probably failed/,
    );
    expect((err as ConvertError).title).toBe(CONVERT_ERROR_TITLES['web-page']);
    expect(await cache.list()).toEqual([]);

    const cut = new File([tinyBytes.subarray(0, 1_000_000)], 'network-snapshot.pkl');
    const truncated = (await convertInWorker(cut, { createWorker: inProcessWorker(cache) }).catch(
      (e: unknown) => e,
    )) as ConvertError;
    expect(truncated.code).toBe('truncated');
    expect(truncated.message).toContain('the download was probably cut short');
    expect(await cache.backend.ids()).toEqual([]); // the partial model was removed
  });

  it('reports NaN weights as warnings and still converts', async () => {
    const { bytes } = syntheticSnapshotBytes({ ...TINY_SPEC, poisonValues: { 'mapping.fc0.weight': NaN } });
    const seen: string[] = [];
    const result = await convertInWorker(new Blob([bytes.slice()]), {
      createWorker: inProcessWorker(undefined),
      store: 'memory',
      onWarning: (w) => seen.push(w),
    });
    expect(result.stored).toBe('memory');
    expect(seen).toEqual(result.warnings);
    expect(result.warnings[0]).toMatch(/^mapping\.fc0\.weight has 1 NaN or infinite value/);
    const shard = await result.files.readShard(result.model.weightsManifest[0]!.paths[0]!);
    expect(shard.byteLength).toBeGreaterThan(0);
  });

  it('cancels through an AbortSignal and leaves nothing in the cache', async () => {
    const cache = new ModelCache(new MemoryBackend());
    setDefaultCache(cache);
    const controller = new AbortController();
    const worker = inProcessWorker(cache, 5);
    const pending = convertInWorker(new File([tinyBytes], 'a.pkl'), {
      createWorker: worker,
      signal: controller.signal,
      onProgress: (p) => p.phase === 'weights' && controller.abort(),
    });
    const err = (await pending.catch((e: unknown) => e)) as ConvertError;
    expect(err.code).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 200));
    expect(await cache.list()).toEqual([]);
    const aborted = new AbortController();
    aborted.abort();
    expect(
      ((await convertInWorker(new Blob([]), { signal: aborted.signal }).catch((e: unknown) => e)) as ConvertError).code,
    ).toBe('cancelled');
  });
});

describe('a conversion worker started ahead', () => {
  afterEach(() => setDefaultCache(undefined));

  it('is the one the next conversion takes, and only that one', async () => {
    const made: Array<ReturnType<ReturnType<typeof inProcessWorker>>> = [];
    const make = inProcessWorker(undefined);
    const factory = () => {
      const worker = make();
      made.push(worker);
      return worker;
    };
    prepareConvertWorker(factory);
    prepareConvertWorker(factory); // one spare at a time
    expect(made).toHaveLength(1);
    const result = await convertInWorker(new File([tinyBytes], 'tiny.pkl'), { store: 'memory' });
    expect(result.model.name).toBe('tiny');
    expect(made).toHaveLength(1);
    expect(made[0]!.terminated).toBe(true);
    // Taken: the next conversion starts a worker of its own (there is no Worker in Node).
    expect(() => convertInWorker(new File([tinyBytes], 'tiny.pkl'), { store: 'memory' })).toThrow(/Worker/);
  });

  it('is let go when it fails to start, and not handed to a conversion', () => {
    const make = inProcessWorker(undefined);
    let spare: ReturnType<typeof make> | undefined;
    prepareConvertWorker(() => {
      spare = make();
      return spare;
    });
    spare!.onerror?.({ message: 'could not load the module' });
    expect(spare!.terminated).toBe(true);
    expect(() => convertInWorker(new File([tinyBytes], 'tiny.pkl'), { store: 'memory' })).toThrow(/Worker/);
  });
});

describe('the worker job', () => {
  it('with storeLater, says which model it converts before it hands the model over', async () => {
    const messages: ConvertMessage[] = [];
    const stored = runConvertJob(
      { type: 'convert', file: new Blob([tinyBytes]), fileName: 'tiny.pkl', storeLater: true, returnShards: true },
      (m) => messages.push(m),
      new ModelCache(new MemoryBackend()),
      new Promise(() => undefined), // never asked to store
    );
    void stored;
    await expect.poll(() => messages.some((m) => m.type === 'converted')).toBe(true);
    const started = messages.findIndex((m) => m.type === 'started');
    const converted = messages.findIndex((m) => m.type === 'converted');
    expect(started).toBeGreaterThanOrEqual(0);
    expect(started).toBeLessThan(converted);
    const [s, c] = [messages[started]!, messages[converted]!];
    if (s.type !== 'started' || c.type !== 'converted') return;
    expect(c.id).toBe(s.id);
    expect(s.id).toMatch(/^tiny-[0-9a-z]+-[0-9a-f]{12}$/);
  });

  it('posts started, progress, then done (and the shards with store: memory)', async () => {
    const messages: ConvertMessage[] = [];
    const transfers: Transferable[][] = [];
    await runConvertJob(
      { type: 'convert', file: new Blob([tinyBytes]), fileName: 'tiny.pkl', store: 'memory', fp16: true },
      (m, t) => {
        messages.push(m);
        if (t) transfers.push(t);
      },
    );
    expect(messages[0]).toMatchObject({ type: 'started' });
    const done = messages.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.model.name).toBe('tiny');
    expect(done.model.weightsManifest[0]!.weights[0]!.quantization).toEqual({ dtype: 'float16' });
    expect(done.shards!.map(([p]) => p)).toEqual(done.model.weightsManifest[0]!.paths);
    expect(transfers.at(-1)).toHaveLength(done.shards!.length);
    expect(messages.slice(1, -1).every((m) => m.type === 'progress')).toBe(true);
  });

  it('a full browser storage is a storage error, and the partial model is removed', async () => {
    const backend = new MemoryBackend();
    const full: CacheBackend = Object.assign(Object.create(backend) as MemoryBackend, {
      write: async (id: string, file: string, bytes: Uint8Array) => {
        if (file === 'model.json') throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
        return backend.write(id, file, bytes);
      },
    });
    const messages: ConvertMessage[] = [];
    const { bytes } = syntheticSnapshotBytes({ ...TINY_SPEC });
    await runConvertJob(
      { type: 'convert', file: new Blob([bytes.slice()]) },
      (m) => messages.push(m),
      new ModelCache(full),
    );
    const last = messages.at(-1)!;
    expect(last.type).toBe('error');
    if (last.type !== 'error') return;
    expect(last.code).toBe('storage');
    expect(last.message).toMatch(/^could not save the converted model in the browser: the browser storage is full/);
    expect(await backend.ids()).toEqual([]);
  });
});
