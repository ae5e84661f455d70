/** Node-only file IO for the converter: a file ByteSource, a model-folder sink, and models/index.json upkeep. */
import { open, mkdir, writeFile, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { ModelIndex, ModelIndexEntry, ModelJson } from '../model/format.js';
import type { ByteSource } from './byte-source.js';
import type { ModelSink } from './model-writer.js';

/** A ByteSource over a file, read with positioned reads (never loaded whole). Call `close()` when done. */
export class FileByteSource implements ByteSource {
  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    readonly name: string,
  ) {}

  static async open(file: string): Promise<FileByteSource> {
    const handle = await open(file, 'r');
    const { size } = await handle.stat();
    return new FileByteSource(handle, size, path.basename(file));
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const { bytesRead } = await this.handle.read(out, done, n - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === n ? out : out.subarray(0, done);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** A sink that writes model.json and the weight shards into `dir` (created if missing). */
export function createFolderSink(dir: string): ModelSink {
  let made: Promise<unknown> | undefined;
  const ensureDir = () => (made ??= mkdir(dir, { recursive: true }));
  return {
    async writeShard(name, bytes) {
      await ensureDir();
      await writeFile(path.join(dir, name), bytes);
    },
    async writeModelJson(_model, text) {
      await ensureDir();
      await writeFile(path.join(dir, 'model.json'), text);
    },
  };
}

/**
 * Add or replace the entry `entry.id` in the models index at `indexFile` (created if missing).
 * With `entry.default`, the other entries lose their default flag.
 */
export async function updateModelIndex(indexFile: string, entry: ModelIndexEntry): Promise<ModelIndex> {
  let index: ModelIndex = { models: [] };
  try {
    const parsed = JSON.parse(await readFile(indexFile, 'utf8')) as ModelIndex;
    if (parsed && Array.isArray(parsed.models)) index = parsed;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const models = index.models.filter((m) => m.id !== entry.id);
  if (entry.default) for (const m of models) delete m.default;
  const at = index.models.findIndex((m) => m.id === entry.id);
  if (at >= 0) models.splice(at, 0, entry);
  else models.push(entry);
  index = { ...index, models };
  await mkdir(path.dirname(indexFile), { recursive: true });
  const tmp = `${indexFile}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(index, null, 2) + '\n');
  await rename(tmp, indexFile);
  return index;
}

/** The index entry for a converted model stored at `<modelsDir>/<id>/model.json`. */
export function indexEntryFor(id: string, model: ModelJson, options: { default?: boolean } = {}): ModelIndexEntry {
  const entry: ModelIndexEntry = {
    id,
    name: model.name,
    path: `${id}/model.json`,
    resolution: model.architecture.imgResolution,
    cDim: model.architecture.cDim,
  };
  if (model.description) entry.description = model.description;
  if (options.default) entry.default = true;
  return entry;
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
