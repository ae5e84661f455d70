// The audio package's door for Node: sound files by path, read lazily (a long file is never read whole).
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FilePathSource } from 'mediabunny';
import type { AudioFile } from './audio-info';

export * from './index';

export async function audioFromPath(path: string): Promise<AudioFile> {
  const { size } = await stat(path);
  return {
    name: basename(path),
    bytes: size,
    source: new FilePathSource(path),
    head: async (length) => {
      const handle = await open(path, 'r');
      try {
        const bytes = new Uint8Array(Math.min(length, size));
        await handle.read(bytes, 0, bytes.length, 0);
        return bytes;
      } finally {
        await handle.close();
      }
    },
  };
}
