/** A model folder on disk (Node only): sinks that write one, and models/index.json upkeep. */
import { rmSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
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
  /** Refuse a target that cannot take a model (a file, or a folder whose model.json is not a file) before any work. */
  preflight(): Promise<void>;
  /** `abort()` for a signal handler: synchronous. */
  abortSync(): void;
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
  const staging = path.join(
    path.dirname(target),
    `.${path.basename(target)}.converting-${process.pid}-${Date.now().toString(36)}`,
  );
  /** Every name the model will take in the target must be free or a plain file (replaced). */
  const checkTarget = async (names: string[]) => {
    const existing = await stat(target).catch(() => undefined);
    if (existing && !existing.isDirectory())
      throw new TargetError(`${dir} exists and is not a folder: choose another place for the model`);
    if (!existing) return;
    for (const name of names) {
      const info = await lstat(path.join(target, name)).catch(() => undefined);
      if (info && !info.isFile())
        throw new TargetError(
          `cannot write the model into ${dir}: ${name} there is not a plain file (a folder or link); remove it or choose another folder`,
        );
    }
  };
  return {
    sink: createFolderSink(staging),
    preflight: () => checkTarget(['model.json']),
    async commit() {
      await mkdir(staging, { recursive: true });
      const files = (await readdir(staging)).sort((a, b) => Number(a === 'model.json') - Number(b === 'model.json'));
      await checkTarget(files);
      const existing = await stat(target).catch(() => undefined);
      if (!existing) {
        await mkdir(path.dirname(target), { recursive: true });
        await rename(staging, target);
        return;
      }
      for (const name of files) await rename(path.join(staging, name), path.join(target, name));
      await rm(staging, { recursive: true, force: true });
    },
    async abort() {
      await rm(staging, { recursive: true, force: true });
    },
    abortSync() {
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

/** The model's target folder cannot take it: shown as is. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
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
