import { existsSync } from 'node:fs';
import { type BenchBudget, Generator, measureEngine } from '../../src/engine';
import { useNodeBackend } from '../../src/engine/node';
import { PRESETS, type PresetName, presetArchitecture, writeRandomModel } from '../../src/model';
import { createFolderSink, modelFilesFromDirectory } from '../../src/model/node';
import { type BenchRow, rowSummary } from './report';

/** A random-weight model of a preset under .cache/models, written once. */
export async function presetModelDir(preset: PresetName): Promise<string> {
  const dir = `.cache/models/${preset}`;
  if (!existsSync(`${dir}/model.json`)) {
    process.stderr.write(`writing random ${preset} model to ${dir}...\n`);
    await writeRandomModel(presetArchitecture(PRESETS[preset]), createFolderSink(dir), {
      name: `${preset} (random weights)`,
    });
  }
  return dir;
}

export async function benchNodeWasm(
  models: Array<{ name: string; dir: string }>,
  budget: BenchBudget,
): Promise<BenchRow[]> {
  await useNodeBackend('wasm');
  const rows: BenchRow[] = [];
  for (const { name, dir } of models) {
    process.stderr.write(`node wasm: ${name}...\n`);
    const loadStarted = performance.now();
    const generator = await Generator.load(modelFilesFromDirectory(dir));
    const loadMs = performance.now() - loadStarted;
    try {
      const figures = await measureEngine(generator, budget);
      rows.push({
        backend: 'node-wasm',
        model: name,
        loadMs,
        peakMemoryMB: process.memoryUsage().rss / 1e6,
        ...figures,
      });
      process.stderr.write(`${rowSummary(rows.at(-1)!)}\n`);
    } finally {
      generator.dispose();
    }
  }
  return rows;
}
