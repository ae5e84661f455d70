import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertReferenceModel } from '../../../test/support/models';
import { Generator } from '../../engine';
import { useNodeBackend } from '../../engine/node';
import { modelFilesFromDirectory } from '../../model/node';
import { type ProjectionProgress, type ProjectionResult, projectImage, type TargetImage } from './index';
import { synthesizeDifferentiable } from './synthesize';

/** The official byte mapping of a generator value. */
const toByte = (x: number) => Math.min(255, Math.max(0, Math.floor(x * 127.5 + 128)));

/** A frame's values (NHWC, generator units) as 8-bit, i.e. what a saved PNG of it holds. */
function bytesOf(values: Float32Array, frame = 0, pixels = values.length): Uint8Array {
  return Uint8Array.from(values.subarray(frame * pixels, (frame + 1) * pixels), toByte);
}

/** PSNR (dB, peak 255) between two 8-bit images. */
function psnr8(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

async function renderBytes(
  generator: Generator,
  spec: Parameters<Generator['prepareVideo']>[0],
  times: number[],
): Promise<Uint8Array[]> {
  const video = generator.prepareVideo(spec);
  try {
    const frames = await video.render(times);
    const values = (await frames.data()) as Float32Array;
    frames.dispose();
    const pixels = values.length / times.length;
    return times.map((_, i) => bytesOf(values, i, pixels));
  } finally {
    video.dispose();
  }
}

describe('projection into sky64', () => {
  let generator: Generator;
  /** A frame sky64 made itself: content seed 1, motion seed 0, t = 0, saved as 8-bit. */
  let targetBytes: Uint8Array;
  let target: TargetImage;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    generator = await Generator.load(modelFilesFromDirectory(await convertReferenceModel('sky64')));
    [targetBytes] = (await renderBytes(generator, { content: { seed: 1 }, motion: { seed: 0 } }, [0])) as [Uint8Array];
    target = { size: 64, rgb: Float32Array.from(targetBytes, (b) => b / 255) };
  });
  afterAll(() => generator?.dispose());

  it('renders the same frame through the non-fused path, with gradients that match finite differences', async () => {
    const ws = generator.mapContent({ content: { seed: 5 } });
    const video = generator.prepareVideo({ content: { seed: 5 }, motion: { seed: 2 } });
    const motionV = await video.motionV([0]);
    const fused = await video.render([0]);
    const nonFused = synthesizeDifferentiable(generator, ws, motionV);
    expect(tf.max(tf.abs(tf.sub(fused, nonFused))).dataSync()[0]).toBeLessThan(1e-4);
    const loss = (w: tf.Tensor2D) =>
      tf.mean(tf.square(tf.sub(synthesizeDifferentiable(generator, w, motionV), 0.3))) as tf.Scalar;
    const grad = tf.grad((w: tf.Tensor) => loss(w as tf.Tensor2D))(ws);
    // Directional derivatives along random directions: central differences against <grad, direction>.
    for (const seed of [1, 2]) {
      const direction = tf.randomNormal(ws.shape, 0, 1, 'float32', seed) as tf.Tensor2D;
      const analytic = tf.sum(tf.mul(grad, direction)).dataSync()[0]!;
      const eps = 1e-2;
      const numeric = tf.tidy(
        () =>
          (loss(tf.add(ws, tf.mul(direction, eps)) as tf.Tensor2D).dataSync()[0]! -
            loss(tf.sub(ws, tf.mul(direction, eps)) as tf.Tensor2D).dataSync()[0]!) /
          (2 * eps),
      );
      expect(Math.abs(analytic - numeric)).toBeLessThan(0.03 * Math.abs(numeric));
      expect(Math.abs(numeric)).toBeGreaterThan(1e-4);
      direction.dispose();
    }
    tf.dispose([ws, motionV, fused, nonFused, grad]);
    video.dispose();
  });

  let projected: ProjectionResult;
  it('projects a frame it made itself back to >= 30 dB with w+ in 100 steps', async () => {
    const steps: ProjectionProgress[] = [];
    projected = await projectImage(generator, target, {
      steps: 100,
      space: 'w+',
      motion: { seed: 0 },
      onProgress: (p) => void steps.push(p),
    });
    expect(projected.psnr).toBeGreaterThanOrEqual(30);
    expect(projected.ws).toHaveLength(10 * 128);
    expect([projected.numWs, projected.wDim, projected.space, projected.motionSeed]).toEqual([10, 128, 'w+', 0]);
    expect(steps.map((p) => p.step)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(steps[99]!.remainingMs).toBe(0);
    expect(steps[99]!.psnr).toBeGreaterThan(steps[0]!.psnr + 10);
  });

  it('animates the projection: t = 100 differs from t = 0, and t = 0 keeps the projection PSNR', async () => {
    const [start, later] = (await renderBytes(
      generator,
      { content: { ws: projected.ws }, motion: { seed: projected.motionSeed } },
      [0, 100],
    )) as [Uint8Array, Uint8Array];
    const startPsnr = psnr8(start, targetBytes);
    expect(Math.abs(startPsnr - projected.psnr)).toBeLessThanOrEqual(2);
    let moved = 0;
    for (let i = 0; i < start.length; i++) moved += Math.abs(start[i]! - later[i]!);
    expect(moved / start.length).toBeGreaterThan(1);
  });

  it('hands out the best result so far while running, and reconstructions when asked', async () => {
    const seen: ProjectionProgress[] = [];
    let midway: ProjectionResult | undefined;
    const result = await projectImage(generator, target, {
      steps: 12,
      wSamples: 500,
      wantsReconstruction: (step) => step === 4,
      onProgress: (p) => {
        seen.push(p);
        if (p.step === 6) {
          midway = p.best();
          midway.ws.fill(0); // a copy: the run must not see this
        }
      },
    });
    expect(midway!.step).toBeLessThanOrEqual(6);
    expect(Number.isFinite(midway!.psnr)).toBe(true);
    expect(result.ws.some((v) => v !== 0)).toBe(true);
    expect(seen[3]!.reconstruction).toMatchObject({ width: 64, height: 64 });
    expect(seen[3]!.reconstruction!.rgba).toHaveLength(64 * 64 * 4);
    expect(seen.filter((p) => p.reconstruction)).toHaveLength(1);
    // The final best is reachable from any progress event, after the run too.
    expect(seen[0]!.best().loss).toBeLessThanOrEqual(Math.min(...seen.map((p) => p.loss)));
  });

  it('optimises a single w in "w" space (the same w on every layer)', async () => {
    const result = await projectImage(generator, target, { steps: 20, space: 'w', wSamples: 500 });
    const first = result.ws.subarray(0, 128);
    for (let layer = 1; layer < 10; layer++) expect(result.ws.subarray(layer * 128, (layer + 1) * 128)).toEqual(first);
  });

  it('finds the best motion over K seeds', async () => {
    const result = await projectImage(generator, target, {
      steps: 5,
      wSamples: 500,
      motion: { searchSeeds: [4, 0, 9, 13] },
    });
    const candidates = result.motionCandidates!;
    expect(candidates.map((c) => c.seed)).toEqual([4, 0, 9, 13]);
    const lowest = Math.min(...candidates.map((c) => c.loss));
    expect(candidates.find((c) => c.seed === result.motionSeed)!.loss).toBe(lowest);
    expect(new Set(candidates.map((c) => c.loss)).size).toBe(4);
  });

  it('cancels mid-way without leaving tensors, and stays leak-free over projections in a row', async () => {
    await projectImage(generator, target, { steps: 2, wSamples: 500 }); // warms up the engine's caches
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const cancelled = projectImage(generator, target, {
      steps: 50,
      wSamples: 500,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 5) setTimeout(() => controller.abort(), 0);
      },
    });
    await expect(cancelled).rejects.toThrow(/abort/i);
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 3; i++) {
      await projectImage(generator, target, {
        steps: 4,
        wSamples: 500,
        space: i === 1 ? 'w' : 'w+',
        motion: i === 2 ? { searchSeeds: [1, 2] } : { seed: i },
      });
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('refuses a target that is not at the model resolution', async () => {
    await expect(projectImage(generator, { size: 32, rgb: new Float32Array(32 * 32 * 3) })).rejects.toThrow(/64x64/);
  });
});
