/**
 * Converted models cached in the browser: in the Origin Private File System
 * (`navigator.storage.getDirectory()`), or in IndexedDB where OPFS is missing. Each model is a folder
 * (OPFS) or a key prefix (IndexedDB) `<id>/` holding `model.json`, the weight shards and `entry.json`;
 * `entry.json` is written last, so a model interrupted half-way is never listed and is replaced on the
 * next save.
 *
 * The storage itself sits behind `CacheBackend`, so the logic runs (and is tested) in Node with fakes.
 */

import { quoteText } from '../util';
import type { ModelJson } from './format';
import type { ModelFiles } from './model-files';
import { isModelId } from './model-id';
import { parseModelJson } from './model-json-check';
import type { ModelSink } from './model-writer';

export interface CachedModelInfo {
  id: string;
  name: string;
  /** Weight bytes (all shards). */
  bytes: number;
  resolution: number;
  cDim: number;
  /** ISO time of the save. */
  savedAt: string;
}

/** Files keyed by model id and file name. */
export interface CacheBackend {
  readonly kind: 'opfs' | 'indexeddb' | 'memory';
  /** Ids that have any files. */
  ids(): Promise<string[]>;
  write(id: string, file: string, bytes: Uint8Array): Promise<void>;
  /** The file's bytes, or undefined when it does not exist. */
  read(id: string, file: string): Promise<ArrayBuffer | undefined>;
  /** Remove the model's files (no error when there are none). */
  remove(id: string): Promise<void>;
}

const ENTRY = 'entry.json';
const MODEL = 'model.json';
const FILE_NAME = /^[\w.-]{1,100}$/;

function checkId(id: string): void {
  if (!isModelId(id)) throw new Error(`invalid model id ${quoteText(String(id))}`);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A sink that writes into the cache; `commit` makes the model visible, `abort` removes what was written. */
export interface CacheWriter extends ModelSink {
  commit(info?: Partial<CachedModelInfo>): Promise<CachedModelInfo>;
  abort(): Promise<void>;
}

export class ModelCache {
  constructor(readonly backend: CacheBackend) {}

  /** Complete cached models, newest first. */
  async list(): Promise<CachedModelInfo[]> {
    const out: CachedModelInfo[] = [];
    for (const id of await this.backend.ids()) {
      const raw = await this.backend.read(id, ENTRY).catch(() => undefined);
      if (!raw) continue;
      try {
        const info = JSON.parse(decoder.decode(raw)) as CachedModelInfo;
        if (info && info.id === id) out.push(info);
      } catch {
        // A damaged entry: not listed (saving the same id again replaces it).
      }
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async has(id: string): Promise<boolean> {
    return (await this.backend.read(id, ENTRY).catch(() => undefined)) !== undefined;
  }

  /**
   * A sink that streams a model into the cache under `id` (replacing any model there): shards are
   * written as they come, so they never all sit in memory.
   */
  async createWriter(id: string): Promise<CacheWriter> {
    checkId(id);
    await this.backend.remove(id);
    const backend = this.backend;
    let model: ModelJson | undefined;
    let weightBytes = 0;
    return {
      async writeShard(name, bytes) {
        if (!FILE_NAME.test(name) || name === ENTRY || name === MODEL)
          throw new Error(`invalid shard name ${quoteText(String(name))}`);
        weightBytes += bytes.length;
        await backend.write(id, name, bytes);
      },
      async writeModelJson(m, text) {
        model = m;
        await backend.write(id, MODEL, encoder.encode(text));
      },
      async commit(extra = {}) {
        if (!model) throw new Error('commit before model.json was written');
        const info: CachedModelInfo = {
          id,
          name: model.name,
          bytes: weightBytes,
          resolution: model.architecture.imgResolution,
          cDim: model.architecture.cDim,
          savedAt: new Date().toISOString(),
          ...extra,
        };
        await backend.write(id, ENTRY, encoder.encode(JSON.stringify(info)));
        return info;
      },
      async abort() {
        await backend.remove(id);
      },
    };
  }

  /** Save a model whose shards are in memory. */
  async save(
    id: string,
    model: ModelJson,
    shards: Iterable<[string, Uint8Array]> | Map<string, Uint8Array>,
  ): Promise<CachedModelInfo> {
    const writer = await this.createWriter(id);
    try {
      for (const [name, bytes] of shards) await writer.writeShard(name, bytes);
      await writer.writeModelJson(model, `${JSON.stringify(model, null, 1)}\n`);
      return await writer.commit();
    } catch (error) {
      await writer.abort().catch(() => undefined);
      throw error;
    }
  }

  /** The engine's view of a cached model. */
  open(id: string): ModelFiles {
    checkId(id);
    const read = async (file: string) => {
      const bytes = await this.backend.read(id, file);
      if (!bytes) throw new Error(`cached model ${id} has no ${file}`);
      return bytes;
    };
    return {
      readJson: async () => parseModelJson(decoder.decode(await read(MODEL))) as ModelJson,
      readShard: (path) => {
        if (!FILE_NAME.test(path)) return Promise.reject(new Error(`invalid shard path ${quoteText(String(path))}`));
        return read(path);
      },
    };
  }

  /** Gives a cached model another display name (its entry only; the weights stay as they are). */
  async rename(id: string, name: string): Promise<CachedModelInfo> {
    checkId(id);
    const raw = await this.backend.read(id, ENTRY);
    if (!raw) throw new Error(`no cached model ${id}`);
    const info: CachedModelInfo = { ...(JSON.parse(decoder.decode(raw)) as CachedModelInfo), name };
    await this.backend.write(id, ENTRY, encoder.encode(JSON.stringify(info)));
    return info;
  }

  async delete(id: string): Promise<void> {
    checkId(id);
    await this.backend.remove(id);
  }
}

// ---- backends ------------------------------------------------------------------------------------

/** In memory (tests; and the fallback when the browser offers no storage). */
export class MemoryBackend implements CacheBackend {
  readonly kind = 'memory';
  readonly files = new Map<string, Map<string, Uint8Array>>();
  async ids(): Promise<string[]> {
    return [...this.files.keys()];
  }
  async write(id: string, file: string, bytes: Uint8Array): Promise<void> {
    let dir = this.files.get(id);
    if (!dir) {
      dir = new Map();
      this.files.set(id, dir);
    }
    dir.set(file, bytes.slice());
  }
  async read(id: string, file: string): Promise<ArrayBuffer | undefined> {
    const b = this.files.get(id)?.get(file);
    return b ? b.slice().buffer : undefined;
  }
  async remove(id: string): Promise<void> {
    this.files.delete(id);
  }
}

/** The parts of the File System Access API the OPFS backend uses (structural, so tests can fake them). */
export interface OpfsFileHandle {
  getFile(): Promise<Blob>;
  createWritable?(): Promise<{ write(data: BufferSource | Blob): Promise<void>; close(): Promise<void> }>;
  /** Dedicated workers only (Safari has no createWritable). */
  createSyncAccessHandle?(): Promise<{
    write(data: BufferSource, options?: { at?: number }): number;
    truncate(size: number): void;
    flush(): void;
    close(): void;
  }>;
}
export interface OpfsDirectoryHandle {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<OpfsDirectoryHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<OpfsFileHandle>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
  keys(): AsyncIterable<string>;
}

const isNotFound = (e: unknown) =>
  (e as { name?: string } | null)?.name === 'NotFoundError' ||
  (e as { name?: string } | null)?.name === 'TypeMismatchError';

/** Origin Private File System: `<root>/stylegan-v-models/<id>/<file>`. */
export class OpfsBackend implements CacheBackend {
  readonly kind = 'opfs';
  private dir?: Promise<OpfsDirectoryHandle>;
  constructor(
    private readonly root: () => Promise<OpfsDirectoryHandle>,
    private readonly folder = 'stylegan-v-models',
  ) {}

  private models(): Promise<OpfsDirectoryHandle> {
    this.dir ??= this.root().then((r) => r.getDirectoryHandle(this.folder, { create: true }));
    return this.dir;
  }

  async ids(): Promise<string[]> {
    const out: string[] = [];
    for await (const name of (await this.models()).keys()) if (isModelId(name)) out.push(name);
    return out;
  }

  async write(id: string, file: string, bytes: Uint8Array): Promise<void> {
    const dir = await (await this.models()).getDirectoryHandle(id, { create: true });
    const handle = await dir.getFileHandle(file, { create: true });
    // A dedicated worker (the converter's) writes in place through a sync access handle; createWritable
    // writes a swap file and copies it on close, which doubles the bytes written.
    if (handle.createSyncAccessHandle) {
      const h = await handle.createSyncAccessHandle();
      try {
        h.truncate(0);
        h.write(bytes.slice(), { at: 0 });
        h.flush();
      } finally {
        h.close();
      }
      return;
    }
    if (handle.createWritable) {
      const w = await handle.createWritable();
      await w.write(bytes.slice().buffer);
      await w.close();
      return;
    }
    throw new Error('this browser cannot write files in its private storage');
  }

  async read(id: string, file: string): Promise<ArrayBuffer | undefined> {
    try {
      const dir = await (await this.models()).getDirectoryHandle(id);
      return await (await (await dir.getFileHandle(file)).getFile()).arrayBuffer();
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await (await this.models()).removeEntry(id, { recursive: true });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** IndexedDB: one object store of file bytes keyed `<id>/<file>`. */
export class IndexedDbBackend implements CacheBackend {
  readonly kind = 'indexeddb';
  private db?: Promise<IDBDatabase>;
  constructor(
    private readonly factory: IDBFactory = indexedDB,
    private readonly name = 'stylegan-v-models',
  ) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = this.factory.open(this.name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('files');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.db;
  }

  private async run<T>(
    mode: IDBTransactionMode,
    body: (store: IDBObjectStore) => IDBRequest<T> | undefined,
  ): Promise<T | undefined> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction('files', mode);
      const req = body(tx.objectStore('files'));
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  async ids(): Promise<string[]> {
    const keys = (await this.run('readonly', (s) => s.getAllKeys())) ?? [];
    return [...new Set(keys.map((k) => String(k).split('/')[0]!))].filter(isModelId);
  }
  async write(id: string, file: string, bytes: Uint8Array): Promise<void> {
    await this.run('readwrite', (s) => s.put(bytes.slice().buffer, `${id}/${file}`));
  }
  async read(id: string, file: string): Promise<ArrayBuffer | undefined> {
    return (await this.run('readonly', (s) => s.get(`${id}/${file}`))) as ArrayBuffer | undefined;
  }
  async remove(id: string): Promise<void> {
    await this.run('readwrite', (s) => s.delete(IDBKeyRange.bound(`${id}/`, `${id}/\uffff`)));
  }
}

// ---- the browser's cache -------------------------------------------------------------------------

let defaultCache: Promise<ModelCache> | undefined;

/** The OPFS cache where the browser has one (probed), else IndexedDB, else memory. */
export function getDefaultCache(): Promise<ModelCache> {
  defaultCache ??= (async () => {
    const storage = (globalThis.navigator as Navigator | undefined)?.storage;
    if (storage && typeof storage.getDirectory === 'function') {
      try {
        const root = (await storage.getDirectory()) as unknown as OpfsDirectoryHandle;
        const backend = new OpfsBackend(async () => root);
        await backend.ids();
        return new ModelCache(backend);
      } catch {
        // e.g. private browsing: fall back
      }
    }
    if (typeof indexedDB !== 'undefined') return new ModelCache(new IndexedDbBackend(indexedDB));
    return new ModelCache(new MemoryBackend());
  })();
  return defaultCache;
}

/** Replace the default cache (tests, or a page that wants another backend). */
export function setDefaultCache(cache: ModelCache | undefined): void {
  defaultCache = cache ? Promise.resolve(cache) : undefined;
}

export async function listCachedModels(): Promise<CachedModelInfo[]> {
  return (await getDefaultCache()).list();
}

export async function saveModel(
  id: string,
  model: ModelJson,
  shards: Iterable<[string, Uint8Array]> | Map<string, Uint8Array>,
): Promise<CachedModelInfo> {
  return (await getDefaultCache()).save(id, model, shards);
}

/** The engine's files of a cached model (reads lazily; fails on use when the id is not cached). */
export function openCachedModel(id: string): ModelFiles {
  const files = getDefaultCache().then((c) => c.open(id));
  return {
    readJson: async () => (await files).readJson(),
    readShard: async (path) => (await files).readShard(path),
  };
}

export async function renameCachedModel(id: string, name: string): Promise<CachedModelInfo> {
  return (await getDefaultCache()).rename(id, name);
}

export async function deleteCachedModel(id: string): Promise<void> {
  return (await getDefaultCache()).delete(id);
}
