/** A model folder on disk (Node only): sinks that write one, and models/index.json upkeep. */
import { mkdir, writeFile, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { ModelIndex, ModelIndexEntry, ModelJson } from './format';
import type { ModelSink } from './model-writer';

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

export interface StagedFolderSink {
  sink: ModelSink;
  /** Move the finished model into place (shards first, model.json last). */
  commit(): Promise<void>;
  /** Remove everything written so far; the target folder is left as it was. */
  abort(): Promise<void>;
}

/**
 * A sink that writes into a hidden staging folder next to `dir`; nothing appears at `dir` until
 * `commit()`, so a failed conversion leaves no half-written model behind. When `dir` already exists,
 * the new files are moved into it (other files there are kept); otherwise the staging folder is renamed.
 */
export function createStagedFolderSink(dir: string): StagedFolderSink {
  const target = path.resolve(dir);
  const staging = path.join(path.dirname(target), `.${path.basename(target)}.converting-${process.pid}-${Date.now().toString(36)}`);
  return {
    sink: createFolderSink(staging),
    async commit() {
      await mkdir(staging, { recursive: true });
      const existing = await stat(target).catch(() => undefined);
      if (!existing) {
        await mkdir(path.dirname(target), { recursive: true });
        await rename(staging, target);
        return;
      }
      if (!existing.isDirectory()) throw new Error(`${dir} exists and is not a folder`);
      const files = (await readdir(staging)).sort((a, b) => Number(a === 'model.json') - Number(b === 'model.json'));
      for (const name of files) await rename(path.join(staging, name), path.join(target, name));
      await rm(staging, { recursive: true, force: true });
    },
    async abort() {
      await rm(staging, { recursive: true, force: true });
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
  await writeFile(tmp, `${JSON.stringify(index, null, 2)}\n`);
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
