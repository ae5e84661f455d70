/**
 * `npm run models`: converts the shipped models from ../shared with our converter into public/models and
 * lists them in public/models/index.json. The outputs are committed, so the studio works without ../shared.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convertSnapshot } from '../src/convert';
import { FileByteSource } from '../src/convert/node';
import { createFolderSink, indexEntryFor, updateModelIndex } from '../src/model/node';

const SHARED = resolve(import.meta.dirname, '../../shared');
const OUT = resolve(import.meta.dirname, '../public/models');

const MODELS = [
  {
    id: 'sky64',
    snapshot: 'models/sky64/network-snapshot.pkl',
    name: 'Sky timelapse 64',
    description: 'A small StyleGAN-V trained with the official code on procedural sky timelapses (64x64).',
    default: true,
  },
  {
    id: 'cond-noise-64',
    snapshot: 'fixtures/cond-noise-64/network-snapshot.pkl',
    name: 'Conditional test model (random weights)',
    description: 'Random-weight, class-conditional fixture with noise inputs, for testing.',
    default: false,
  },
];

for (const model of MODELS) {
  const dir = join(OUT, model.id);
  rmSync(dir, { recursive: true, force: true });
  const source = await FileByteSource.open(join(SHARED, model.snapshot));
  try {
    const result = await convertSnapshot(source, createFolderSink(dir), {
      name: model.name,
      description: model.description,
    });
    await updateModelIndex(join(OUT, 'index.json'), indexEntryFor(model.id, result.model, { default: model.default }));
    console.log(
      `${model.id}: ${result.tensorCount} tensors, ${(result.weightBytes / 1e6).toFixed(1)} MB -> public/models/${model.id}`,
    );
  } finally {
    await source.close();
  }
}
