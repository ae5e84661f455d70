/** Writes a folder case to disk (files, symbolic links, FIFOs, sub-folders). Node only. */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FolderEntry } from './cases';

export function materialize(dir: string, entries: FolderEntry[]): void {
  mkdirSync(dir, { recursive: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if ('content' in entry) writeFileSync(path, entry.content);
    else if ('symlink' in entry) symlinkSync(entry.symlink, path);
    else if ('hardlink' in entry) linkSync(entry.hardlink, path);
    else if ('fifo' in entry) execFileSync('mkfifo', [path]);
    else mkdirSync(path);
  }
}
