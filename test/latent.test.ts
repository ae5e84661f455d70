import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentLatent, Generator } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { classMeanW, mappedSamples } from '../src/latent';
import { modelFilesFromDirectory } from '../src/model/node';
import { convertReferenceModel } from './support/models';

// The latent package reaches the mapping network only through the engine's public API.
describe('latent sampling on a conditional model (cond-noise-64)', () => {
  let generator: Generator;

  beforeAll(async () => {
    await useNodeBackend('wasm');
    generator = await Generator.load(modelFilesFromDirectory(await convertReferenceModel('cond-noise-64')));
  });
  afterAll(() => generator?.dispose());

  const mapOne = (seed: number, classIndex: number) =>
    tf.tidy(() => generator.mapContent({ content: { seed }, classIndex, psi: 1 }).slice([0, 0], [1, -1]).dataSync());

  it('maps a batch to the same w as mapping each sample alone, cycling through the classes', async () => {
    const { cDim, wDim } = generator.arch;
    expect(cDim).toBeGreaterThan(1);
    const before = tf.memory().numTensors;
    const count = cDim + 2;
    const samples = await mappedSamples(generator, count, null, 500, undefined, async () => {});
    expect(tf.memory().numTensors).toBe(before);
    expect(samples).toHaveLength(count * wDim);
    for (let i = 0; i < count; i++) {
      const alone = mapOne(500 + i, i % cDim);
      const row = samples.subarray(i * wDim, (i + 1) * wDim);
      for (let j = 0; j < wDim; j++) expect(row[j]).toBeCloseTo(alone[j]!, 4);
    }
  });

  it('takes one class per sample and refuses a batch without classes', async () => {
    const { zDim, cDim } = generator.arch;
    const z = contentLatent(3, zDim);
    const [first, second] = await Promise.all([generator.mapBatch(z, [0]), generator.mapBatch(z, [cDim - 1])]);
    expect(first).not.toEqual(second);
    await expect(generator.mapBatch(z)).rejects.toThrow(/class-conditional/);
  });

  it('averages a class: the mean of its mapped samples, nearer its samples than the tracked w_avg is', async () => {
    const { wDim } = generator.arch;
    const mean = await classMeanW(generator, 1);
    const wAvg = await generator.averageW();
    expect(mean).toHaveLength(wDim);
    expect(wAvg).toHaveLength(wDim);
    const sample = mapOne(2_000_000, 1);
    const distance = (a: ArrayLike<number>) => Math.hypot(...Array.from(sample, (x, j) => x - a[j]!));
    expect(distance(mean)).toBeLessThan(distance(wAvg));
  });
});
