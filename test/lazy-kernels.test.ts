/**
 * Kernels made when a stage first needs them (Video.renderWithWs, `lazyKernels`) and the non-fused preview
 * of a per-frame render's first coarse image (Video.previewWithWs): the same frames, fewer tensors up
 * front, nothing left behind.
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { modelFilesFromDirectory } from '../src/model/node';

const SHIPPED_SKY64 = resolve(import.meta.dirname, '../public/models/sky64');

describe('lazy kernels and per-frame previews (sky64, Node WASM)', () => {
  let generator: Generator;
  const spec = { content: { seed: 3 }, psi: 0.7, motion: { seed: 2 } };

  beforeAll(async () => {
    await useNodeBackend('wasm');
    generator = await Generator.load(modelFilesFromDirectory(SHIPPED_SKY64));
    (await generator.prepareVideo(spec).render([0])).dispose(); // filter kernels cached on the generator
  });
  afterAll(() => generator.dispose());

  it('a lazy video makes its kernels stage by stage and renders the bits of an eager one', async () => {
    const start = tf.memory().numTensors;
    const eager = generator.prepareVideo(spec);
    const eagerTensors = tf.memory().numTensors - start;
    const lazy = generator.prepareVideo({ ...spec, lazyKernels: true });
    const lazyTensors = tf.memory().numTensors - start - eagerTensors;
    expect(lazyTensors).toBeLessThan(eagerTensors / 4);
    const atStage: number[] = [];
    const frame = await lazy.render([4.5], {
      between: async () => {
        atStage.push(tf.memory().numTensors);
      },
    });
    // Each stage made its layers' parts: the count grows over the stages, not all at once before the first.
    expect(atStage[0]!).toBeLessThan(atStage.at(-1)!);
    const reference = await eager.render([4.5]);
    expect(Buffer.from((await frame.data()).buffer).equals(Buffer.from((await reference.data()).buffer))).toBe(true);
    frame.dispose();
    reference.dispose();
    eager.dispose();
    lazy.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it("previewWithWs gives renderWithWs's 8 px image up to float rounding, leaving no tensor behind", async () => {
    const carrier = generator.prepareVideo({ content: { seed: 1 }, motion: { seed: 2 }, lazyKernels: true });
    const other = generator.prepareVideo(spec);
    const ws = (await other.ws.data()) as Float32Array;
    other.dispose();
    let coarse: Float32Array | null = null;
    const full = await carrier.renderWithWs(ws, [7.25], {
      between: async ({ img }) => {
        if (!coarse && img && img.shape[1] >= 8) coarse = (await img.data()) as Float32Array;
      },
    });
    full.dispose();
    const before = tf.memory().numTensors;
    let stages = 0;
    const preview = await carrier.previewWithWs(ws, 7.25, 8, async () => {
      stages++;
    });
    expect(preview.shape).toEqual([1, 8, 8, 3]);
    expect(stages).toBe(3); // 4 px block, 8 px up-sampling conv, 8 px block
    const values = (await preview.data()) as Float32Array;
    preview.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const reference = coarse as unknown as Float32Array;
    let worst = 0;
    for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(values[i]! - reference[i]!));
    expect(values.length).toBe(reference.length);
    expect(worst).toBeLessThan(1e-4);
    await expect(carrier.previewWithWs(ws.subarray(1), 0, 8, async () => undefined)).rejects.toThrow(/ws must have/);
    expect(tf.memory().numTensors).toBe(before);
    carrier.dispose();
  });
});
