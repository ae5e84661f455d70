/**
 * A model folder on disk, read as plain files only: model.json and the shards must be regular files
 * named in the folder (no symlinks, FIFOs, devices or sub-folders), each read once with the size found
 * by lstat, so nothing outside the folder is ever read and nothing can hang or grow while being read.
 * The folder itself may be reached through a link (`models/current -> models/sky256-v2`): its path is
 * resolved once, and every file is then looked up in the resolved folder. Node only.
 */

import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteText } from '../util';
import { ModelError } from './model-error';
import { isShardName, MODEL_FOLDER_LIMITS, parseModelJson } from './model-json-check';

const TODO = 'the model folder is damaged or crafted; convert the snapshot again';

/** A model folder: its resolved path, and the name the user gave it (for messages). */
interface Folder {
  path: string;
  shown: string;
}

async function plainFileSize(folder: Folder, name: string): Promise<number> {
  const directory = folder.shown;
  const info = await lstat(join(folder.path, name)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw new ModelError(`${name} is missing from the model folder ${directory}`, name);
    throw new ModelError(`cannot read ${name} in ${directory} (${e.code ?? 'error'})`, name);
  });
  if (info.isSymbolicLink())
    throw new ModelError(
      `${name} in ${directory} is a symbolic link: model files must be plain files inside the folder — ${TODO}`,
      name,
    );
  if (!info.isFile())
    throw new ModelError(`${name} in ${directory} is not a plain file (a folder, device or pipe) — ${TODO}`, name);
  // A hard link is the same file as one elsewhere: it would read outside the folder just as a symlink would.
  if (info.nlink > 1)
    throw new ModelError(
      `${name} in ${directory} is a hard link to a file elsewhere: model files must belong to the folder — ${TODO}`,
      name,
    );
  return info.size;
}

/**
 * Read a plain file of `size` bytes exactly (never following links, never waiting on a pipe), into `out`
 * (of that size) when given.
 */
async function readPlainFile(folder: Folder, name: string, size: number, out?: Uint8Array): Promise<Uint8Array> {
  const directory = folder.shown;
  const handle = await open(
    join(folder.path, name),
    constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
  ).catch(() => {
    throw new ModelError(`cannot open ${name} in ${directory}: it must be a plain file — ${TODO}`, name);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size !== size)
      throw new ModelError(`${name} in ${directory} changed while being read`, name);
    const into = out ?? new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(into, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    if (done !== size) throw new ModelError(`${name} in ${directory} ended early`, name);
    return into;
  } finally {
    await handle.close();
  }
}

export interface FolderFiles {
  readJson(): Promise<unknown>;
  readShard(path: string): Promise<ArrayBuffer>;
  shardSize(path: string): Promise<number>;
  readShardInto(path: string, place: (size: number) => Uint8Array): Promise<void>;
}

export function modelFolderFiles(directory: string): FolderFiles {
  const checkedName = (path: string) => {
    if (!isShardName(path))
      throw new ModelError(
        `model.json names the shard ${quoteText(String(path), 60)}, which is not a plain file name in the folder — ${TODO}`,
        path,
      );
    return path;
  };
  let resolved: Promise<Folder> | undefined;
  /** The folder, resolved once (a link to a folder is followed here, and only here). */
  const folder = () =>
    (resolved ??= (async () => {
      const real = await realpath(directory).catch(() => undefined);
      const info = real === undefined ? undefined : await lstat(real).catch(() => undefined);
      if (!real || !info?.isDirectory())
        throw new ModelError(`${directory} is not a model folder; convert a snapshot first`);
      return { path: real, shown: directory };
    })());
  return {
    async readJson() {
      const where = await folder();
      const size = await plainFileSize(where, 'model.json').catch((e: unknown) => {
        if (e instanceof ModelError && /is missing/.test(e.message))
          throw new ModelError(`${directory} is not a model folder (no model.json); convert a snapshot first`);
        throw e;
      });
      if (size > MODEL_FOLDER_LIMITS.jsonBytes)
        throw new ModelError(
          `model.json in ${directory} is ${size.toLocaleString('en-US')} bytes, far more than a model description — ${TODO}`,
        );
      return parseModelJson(new TextDecoder().decode(await readPlainFile(where, 'model.json', size)));
    },
    async shardSize(path) {
      return plainFileSize(await folder(), checkedName(path));
    },
    async readShard(path) {
      const name = checkedName(path);
      const where = await folder();
      const bytes = await readPlainFile(where, name, await plainFileSize(where, name));
      return bytes.buffer as ArrayBuffer;
    },
    async readShardInto(path, place) {
      const name = checkedName(path);
      const where = await folder();
      const size = await plainFileSize(where, name);
      await readPlainFile(where, name, size, place(size));
    },
  };
}
