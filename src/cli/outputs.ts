/**
 * Everything a command writes goes through here: files are written under hidden temporary names in their own
 * folders, model folders into staging folders beside them, and nothing appears at a target (nor is an earlier
 * file there emptied) until the whole command has succeeded. On a failure, or Ctrl-C, what was staged is
 * removed. Output folders are checked before any work starts (`checkOutputFile`).
 */
import { rmSync } from 'node:fs';
import { type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { createStagedFolderSink, type StagedFolderSink } from '../model/node';
import { UsageError } from './args';

export class Outputs {
  /** Final path -> its temporary name, in the order they were staged. */
  private readonly files = new Map<string, string>();
  private readonly handles = new Set<FileHandle>();
  private readonly folders: StagedFolderSink[] = [];
  private count = 0;

  /** A staged file opened for writing at any offset (`--out` frames arrive in any order). */
  async open(target: string): Promise<FileHandle> {
    const handle = await open(this.stage(target), 'w');
    this.handles.add(handle);
    return handle;
  }

  /** The temporary name a target is staged under, for a program that writes the file itself (ffmpeg). */
  stagedPath(target: string): string {
    return this.stage(target);
  }

  /** A whole file, staged. Writing the same target again replaces what was staged for it. */
  async write(target: string, bytes: Uint8Array): Promise<void> {
    const handle = await this.open(target);
    try {
      await handle.writeFile(bytes);
    } finally {
      this.handles.delete(handle);
      await handle.close();
    }
  }

  /** A model folder, staged beside its target (see createStagedFolderSink); its target is checked now. */
  async folder(target: string): Promise<StagedFolderSink> {
    const staged = createStagedFolderSink(target);
    this.folders.push(staged);
    await staged.preflight();
    return staged;
  }

  /** Moves everything into place: files first, folders last. */
  async commit(): Promise<void> {
    await this.closeHandles();
    for (const [target, temp] of this.files) await rename(temp, target);
    this.files.clear();
    for (const folder of this.folders) await folder.commit();
    this.folders.length = 0;
  }

  /** Removes everything staged; targets stay as they were. */
  async abort(): Promise<void> {
    await this.closeHandles().catch(() => undefined);
    await Promise.all([...this.files.values()].map((temp) => rm(temp, { force: true })));
    this.files.clear();
    for (const folder of this.folders) await folder.abort();
  }

  /** `abort()` for a signal handler: synchronous. */
  abortSync(): void {
    for (const temp of this.files.values()) rmSync(temp, { force: true });
    for (const folder of this.folders) folder.abortSync();
  }

  private stage(target: string): string {
    const resolved = path.resolve(target);
    let temp = this.files.get(resolved);
    if (!temp) {
      temp = path.join(path.dirname(resolved), `.${path.basename(resolved)}.partial-${process.pid}-${this.count++}`);
      this.files.set(resolved, temp);
    }
    return temp;
  }

  private async closeHandles(): Promise<void> {
    const handles = [...this.handles];
    this.handles.clear();
    await Promise.all(handles.map((handle) => handle.close()));
  }
}

/**
 * Runs `work` with staged outputs: commits them when it succeeds, removes them when it fails. Ctrl-C or a
 * kill removes them too and exits with "<what> interrupted; nothing was written".
 */
export async function withOutputs<T>(
  what: string,
  targets: string,
  work: (outputs: Outputs) => Promise<T>,
): Promise<T> {
  const outputs = new Outputs();
  const onSignal = (signal: NodeJS.Signals) => {
    outputs.abortSync();
    const clear = process.stderr.isTTY ? '\r\x1b[K' : '';
    process.stderr.write(`${clear}stylegan-v: ${what} interrupted; nothing was written to ${targets}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await work(outputs);
    await outputs.commit();
    return result;
  } catch (error) {
    await outputs.abort();
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/**
 * Refuses, before any work, an output whose folder is missing, is not a folder or cannot be written to
 * (tried by creating and removing a file there), or whose target is a folder.
 */
export async function checkOutputFile(target: string, option: string): Promise<void> {
  const resolved = path.resolve(target);
  const folder = path.dirname(resolved);
  const info = await stat(folder).catch(() => undefined);
  if (!info) throw new UsageError(`${option} ${target}: the folder ${folder} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`${option} ${target}: ${folder} is not a folder`);
  const existing = await stat(resolved).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${option} ${target} is a folder: give a file name`);
  const probe = path.join(folder, `.stylegan-v-probe-${process.pid}-${Date.now().toString(36)}`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`${option} ${target}: cannot write in ${folder} (${code})`);
  }
  await rm(probe, { force: true });
}

/**
 * The files a `%d` pattern names for the given numbers: each folder is checked as checkOutputFile does, and
 * no file may be a folder (it could not be moved into place at the end).
 */
export async function checkOutputPattern(pattern: string, numbers: Iterable<number>, option: string): Promise<void> {
  const byFolder = new Map<string, string>();
  for (const n of numbers) {
    const file = pattern.replace('%d', String(n));
    const folder = path.dirname(path.resolve(file));
    if (!byFolder.has(folder)) {
      byFolder.set(folder, file);
      await checkOutputFile(file, option);
    } else if ((await stat(file).catch(() => undefined))?.isDirectory())
      throw new UsageError(`${option} ${file} is a folder: give a file name`);
  }
}
