import { describe, expect, it } from 'vitest';
import type { ModelJson } from './format';
import {
  type CacheBackend,
  MemoryBackend,
  ModelCache,
  OpfsBackend,
  type OpfsDirectoryHandle,
  type OpfsFileHandle,
} from './model-cache';
import { deriveModelId, fallbackHash, isModelId, type SnapshotBytes, slugify } from './model-id';

/** A snapshot file's bytes in memory, as deriveModelId reads them. */
const snapshotBytes = (bytes: Uint8Array, name: string): SnapshotBytes => ({
  size: bytes.length,
  name,
  read: async (offset, length) => bytes.subarray(offset, offset + length),
});

const model = (name: string, resolution = 64): ModelJson => ({
  format: 'stylegan-v-studio/model@1',
  name,
  architecture: { imgResolution: resolution, cDim: 0 } as ModelJson['architecture'],
  weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: [] }],
});

/** An in-memory Origin Private File System (the parts the backend uses), with DOMException-like errors. */
class FakeDir implements OpfsDirectoryHandle {
  readonly dirs = new Map<string, FakeDir>();
  readonly files = new Map<string, Uint8Array>();
  constructor(private readonly syncOnly = false) {}
  private notFound(name: string): Error {
    return Object.assign(new Error(`${name} not found`), { name: 'NotFoundError' });
  }
  async getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<OpfsDirectoryHandle> {
    let d = this.dirs.get(name);
    if (!d) {
      if (!options?.create) throw this.notFound(name);
      d = new FakeDir(this.syncOnly);
      this.dirs.set(name, d);
    }
    return d;
  }
  async getFileHandle(name: string, options?: { create?: boolean }): Promise<OpfsFileHandle> {
    if (!this.files.has(name)) {
      if (!options?.create) throw this.notFound(name);
      this.files.set(name, new Uint8Array(0));
    }
    const files = this.files;
    const handle: OpfsFileHandle = { getFile: async () => new Blob([files.get(name)!.slice()]) };
    if (this.syncOnly) {
      handle.createSyncAccessHandle = async () => ({
        write: (data, opts) => {
          const bytes = new Uint8Array(data instanceof ArrayBuffer ? data : (data as Uint8Array).slice().buffer);
          const old = files.get(name)!;
          const out = new Uint8Array(Math.max(old.length, (opts?.at ?? 0) + bytes.length));
          out.set(old);
          out.set(bytes, opts?.at ?? 0);
          files.set(name, out);
          return bytes.length;
        },
        truncate: (n) => files.set(name, files.get(name)!.slice(0, n)),
        flush: () => undefined,
        close: () => undefined,
      });
    } else {
      handle.createWritable = async () => {
        const parts: Uint8Array[] = [];
        return {
          write: async (data) =>
            void parts.push(new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : (data as ArrayBuffer))),
          close: async () =>
            void files.set(name, new Uint8Array(await new Blob(parts.map((p) => p.slice())).arrayBuffer())),
        };
      };
    }
    return handle;
  }
  async removeEntry(name: string): Promise<void> {
    if (!this.dirs.delete(name) && !this.files.delete(name)) throw this.notFound(name);
  }
  async *keys(): AsyncIterable<string> {
    yield* this.dirs.keys();
    yield* this.files.keys();
  }
}

const backends: Array<[string, () => CacheBackend]> = [
  ['memory', () => new MemoryBackend()],
  [
    'OPFS (createWritable)',
    () => {
      const root = new FakeDir();
      return new OpfsBackend(async () => root);
    },
  ],
  [
    'OPFS (sync access handles, Safari workers)',
    () => {
      const root = new FakeDir(true);
      return new OpfsBackend(async () => root);
    },
  ],
];

describe.each(backends)('ModelCache over %s', (_name, make) => {
  it('saves, lists, opens and deletes models', async () => {
    const cache = new ModelCache(make());
    expect(await cache.list()).toEqual([]);
    const shards = new Map([
      ['group1-shard1of2.bin', Uint8Array.from([1, 2, 3, 4])],
      ['group1-shard2of2.bin', Uint8Array.from([5, 6])],
    ]);
    const info = await cache.save('sky-1a-abc', model('Sky'), shards);
    expect(info).toMatchObject({ id: 'sky-1a-abc', name: 'Sky', bytes: 6, resolution: 64, cDim: 0 });
    expect(Date.parse(info.savedAt)).not.toBeNaN();
    await cache.save('ucf-2b-def', model('UCF', 256), [['group1-shard1of2.bin', new Uint8Array(10)]]);
    const listed = await cache.list();
    expect(listed.map((m) => m.id).sort()).toEqual(['sky-1a-abc', 'ucf-2b-def']);

    const files = cache.open('sky-1a-abc');
    expect((await files.readJson()).name).toBe('Sky');
    expect(Array.from(new Uint8Array(await files.readShard('group1-shard2of2.bin')))).toEqual([5, 6]);
    await expect(files.readShard('../entry.json')).rejects.toThrow(/invalid shard path/);
    await expect(cache.open('nope-1-0').readJson()).rejects.toThrow(/no model.json/);

    // A rename changes the listed name only: the weights and model.json stay.
    expect(await cache.rename('sky-1a-abc', 'My sky')).toMatchObject({ id: 'sky-1a-abc', name: 'My sky', bytes: 6 });
    expect((await cache.list()).find((m) => m.id === 'sky-1a-abc')?.name).toBe('My sky');
    expect((await cache.open('sky-1a-abc').readJson()).name).toBe('Sky');
    await expect(cache.rename('nope-1-0', 'x')).rejects.toThrow(/no cached model/);

    await cache.delete('sky-1a-abc');
    expect((await cache.list()).map((m) => m.id)).toEqual(['ucf-2b-def']);
    await cache.delete('sky-1a-abc'); // deleting twice is fine
  });

  it('never lists a model whose writing did not finish, and replaces it on the next save', async () => {
    const cache = new ModelCache(make());
    const writer = await cache.createWriter('half-1-000');
    await writer.writeShard('group1-shard1of2.bin', new Uint8Array(4));
    expect(await cache.list()).toEqual([]);
    expect(await cache.has('half-1-000')).toBe(false);
    const again = await cache.createWriter('half-1-000');
    await again.writeShard('group1-shard1of1.bin', new Uint8Array(2));
    await again.writeModelJson(model('Half'), JSON.stringify(model('Half')));
    await again.commit();
    expect((await cache.list())[0]).toMatchObject({ id: 'half-1-000', bytes: 2 });
    // The old partial shard was removed when the new save began.
    await expect(cache.open('half-1-000').readShard('group1-shard1of2.bin')).rejects.toThrow();
  });

  it('abort removes what was written', async () => {
    const backend = make();
    const cache = new ModelCache(backend);
    const writer = await cache.createWriter('gone-1-000');
    await writer.writeShard('group1-shard1of1.bin', new Uint8Array(4));
    await writer.abort();
    expect(await backend.ids()).toEqual([]);
  });

  it('refuses ids and file names that could escape the model folder', async () => {
    const cache = new ModelCache(make());
    await expect(cache.createWriter('../x')).rejects.toThrow(/invalid model id/);
    const writer = await cache.createWriter('ok-1-000');
    await expect(writer.writeShard('../../evil', new Uint8Array(1))).rejects.toThrow(/invalid shard name/);
    await expect(writer.writeShard('entry.json', new Uint8Array(1))).rejects.toThrow(/invalid shard name/);
  });
});

describe('model ids', () => {
  it('come from the file name, size and a hash of the first megabytes', async () => {
    const bytes = new Uint8Array(5 * 1024 * 1024).map((_, i) => i * 7);
    const id = await deriveModelId(snapshotBytes(bytes, 'Network-Snapshot 000600.pkl'));
    expect(id).toMatch(/^network-snapshot-000600-[0-9a-z]+-[0-9a-f]{12}$/);
    expect(id.split('-').at(-2)).toBe(bytes.length.toString(36));
    expect(isModelId(id)).toBe(true);
    // Same file: same id. A change in the first 4 MB: another id. A change after it: same id (by design).
    expect(await deriveModelId(snapshotBytes(bytes.slice(), 'Network-Snapshot 000600.pkl'))).toBe(id);
    const early = bytes.slice();
    early[100]! ^= 1;
    expect(await deriveModelId(snapshotBytes(early, 'Network-Snapshot 000600.pkl'))).not.toBe(id);
    const late = bytes.slice();
    late[4.5 * 1024 * 1024]! ^= 1;
    expect(await deriveModelId(snapshotBytes(late, 'Network-Snapshot 000600.pkl'))).toBe(id);
    expect(await deriveModelId(snapshotBytes(bytes.subarray(1), 'Network-Snapshot 000600.pkl'))).not.toBe(id);
  });

  it('slugs are path-safe', () => {
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('???.pkl')).toBe('model');
    expect(slugify('A'.repeat(100))).toHaveLength(40);
    expect(fallbackHash(Uint8Array.from([1, 2]))).toHaveLength(8);
  });
});
