import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelJson } from './format';
import type { ModelFiles } from './model-files';

/** A converted model folder on disk. */
export function modelFilesFromDirectory(directory: string): ModelFiles {
  return {
    async readJson() {
      let text: string;
      try {
        text = await readFile(join(directory, 'model.json'), 'utf8');
      } catch {
        throw new Error(`${directory} is not a model folder (no model.json); convert a snapshot first`);
      }
      return JSON.parse(text) as ModelJson;
    },
    async readShard(path) {
      const bytes = await readFile(join(directory, path));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}
