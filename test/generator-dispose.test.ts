import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { projectImage } from '../src/latent';
import { type ModelFiles, modelFilesFromMemory } from '../src/model';
import { modelFilesFromDirectory } from '../src/model/node';
import { baseModel } from './support/hostile/base-model';

const SHIPPED_SKY64 = resolve(import.meta.dirname, '../public/models/sky64');

async function expectLoadAndDisposeLeakNothing(files: ModelFiles): Promise<void> {
  const before = tf.memory().numTensors;
  const generator = await Generator.load(files);
  expect(tf.memory().numTensors).toBeGreaterThan(before);
  generator.dispose();
  expect(tf.memory().numTensors).toBe(before);
}

describe('Generator.load then dispose', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('leaves no tensor behind for the shipped sky64 model', async () => {
    await expectLoadAndDisposeLeakNothing(modelFilesFromDirectory(SHIPPED_SKY64));
  });

  it('leaves no tensor behind for a small random model with noise', async () => {
    const model = await baseModel();
    const shards = [...model.shards].map(([name, bytes]) => [name, bytes.slice().buffer] as [string, ArrayBuffer]);
    await expectLoadAndDisposeLeakNothing(modelFilesFromMemory(model.json, shards));
  });

  it('leaves no tensor behind after rendering (cached filter kernels included)', async () => {
    const before = tf.memory().numTensors;
    const generator = await Generator.load(modelFilesFromDirectory(SHIPPED_SKY64));
    const video = generator.prepareVideo({ content: { seed: 1 }, motion: { seed: 2 } });
    (await video.render([0, 1.5])).dispose();
    video.dispose();
    generator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('renders per-frame content with the bits of a prepared video, leaving no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const generator = await Generator.load(modelFilesFromDirectory(SHIPPED_SKY64));
    const video = generator.prepareVideo({ content: { seed: 1 }, motion: { seed: 2 } });
    const other = generator.prepareVideo({ content: { seed: 4 }, psi: 0.6, motion: { seed: 2 } });
    const ws = (await other.ws.data()) as Float32Array;
    (await video.render([1])).dispose(); // the first render caches filter kernels on the generator
    const during = tf.memory().numTensors;
    const perFrame = await video.renderWithWs(ws, [0, 7.5]);
    expect(tf.memory().numTensors).toBe(during + 1);
    const prepared = await other.render([0, 7.5]);
    expect(Buffer.from((await perFrame.data()).buffer).equals(Buffer.from((await prepared.data()).buffer))).toBe(true);
    perFrame.dispose();
    prepared.dispose();
    await expect(video.renderWithWs(ws.subarray(1), [0])).rejects.toThrow(/ws must have 10 x 128 values/);
    expect(tf.memory().numTensors).toBe(during);
    other.dispose();
    video.dispose();
    generator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps a projection's gradient kernels only while the generator lives, without growing per projection", async () => {
    const before = tf.memory().numTensors;
    const generator = await Generator.load(modelFilesFromDirectory(SHIPPED_SKY64));
    const loaded = tf.memory().numTensors;
    const target = { size: 64, rgb: new Float32Array(64 * 64 * 3).fill(0.5) };
    await projectImage(generator, target, { steps: 2, wSamples: 100 });
    const afterFirst = tf.memory().numTensors;
    // The first projection turns the synthesis kernels for input gradients once (cached on the layers).
    expect(afterFirst).toBeGreaterThan(loaded);
    await projectImage(generator, target, { steps: 2, wSamples: 100, space: 'w', motion: { seed: 3 } });
    expect(tf.memory().numTensors).toBe(afterFirst);
    generator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
