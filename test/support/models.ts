import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertSnapshot } from '../../src/convert';
import { FileByteSource } from '../../src/convert/node';
import { createFolderSink } from '../../src/model/node';
import { REFERENCE_MODELS, type ReferenceModelName } from './fixtures';

const converted = new Map<ReferenceModelName, Promise<string>>();
let root: string | undefined;

function testRoot(): string {
  if (!root) {
    const dir = mkdtempSync(join(tmpdir(), 'stylegan-v-test-'));
    root = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return root;
}

/** Converts a reference snapshot with our converter into a fresh temporary model folder (once per test file). */
export function convertReferenceModel(name: ReferenceModelName): Promise<string> {
  let dir = converted.get(name);
  if (!dir) {
    dir = (async () => {
      const out = join(testRoot(), name);
      const source = await FileByteSource.open(join(REFERENCE_MODELS[name]!, 'network-snapshot.pkl'));
      try {
        await convertSnapshot(source, createFolderSink(out), { name });
      } finally {
        await source.close();
      }
      return out;
    })();
    converted.set(name, dir);
  }
  return dir;
}
