/**
 * Video projection (src/latent/projection/video-project.ts): the float32 motion path against the engine's
 * float64 one, self-projection of a short clip sky64 made itself, motion that follows the clip's, cancel and
 * leaks, and clips that cannot be projected.
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator, motionCodes, timeAnchors } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import {
  DifferentiableMotion,
  motionFile,
  motionFileRows,
  projectVideo,
  type VideoProjectionProgress,
  type VideoProjectionResult,
  type VideoTarget,
} from '../src/latent';
import { modelFilesFromDirectory } from '../src/model/node';

const MODELS = resolve(import.meta.dirname, '../public/models');
const toByte = (x: number) => Math.min(255, Math.max(0, Math.floor(x * 127.5 + 128)));

/** Frames of a video as 8-bit RGB arrays (what saved PNGs hold). */
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
    return times.map((_, i) => Uint8Array.from(values.subarray(i * pixels, (i + 1) * pixels), toByte));
  } finally {
    video.dispose();
  }
}

function psnr8(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

/** Pearson correlation of the frame-to-frame differences of two clips (all pixels of all differences). */
function differenceCorrelation(a: readonly Uint8Array[], b: readonly Uint8Array[]): number {
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 1; k < a.length; k++) {
    for (let i = 0; i < a[k]!.length; i++) {
      x.push(a[k]![i]! - a[k - 1]![i]!);
      y.push(b[k]![i]! - b[k - 1]![i]!);
    }
  }
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

function meanAbsDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('the float32 motion path', () => {
  it.each([
    ['sky64', undefined],
    ['cond-noise-64', 1],
  ])('matches the float64 engine path for the small t of a clip (%s)', async (name, classIndex) => {
    await useNodeBackend('wasm');
    const generator = await Generator.load(modelFilesFromDirectory(resolve(MODELS, name)));
    try {
      const { motion, cDim } = generator.arch;
      const times = [0, 1.5, 4, 7.25, 31, 32, 40, 63.5, 100];
      const rows = 4 + 1 + generator.motionEncoder.receptiveField + 1;
      const z = motionCodes(3, 0, rows, motion.zDim);
      const video = generator.prepareVideo({
        content: { seed: 1 },
        motion: { motionZ: z, length: rows },
        classIndex,
      });
      const exactTensor = await video.motionV(times);
      const exact = (await exactTensor.data()) as Float32Array;
      exactTensor.dispose();
      video.dispose();
      const path = new DifferentiableMotion(generator, cDim > 0 ? generator.classVector(classIndex!) : null);
      const zTensor = tf.tensor2d(z, [rows, motion.zDim]);
      const approx = tf.tidy(() => path.motionV(zTensor, timeAnchors(times, motion.motionZDistance))).dataSync();
      let worst = 0;
      let largest = 0;
      for (let i = 0; i < exact.length; i++) {
        worst = Math.max(worst, Math.abs(exact[i]! - approx[i]!));
        largest = Math.max(largest, Math.abs(exact[i]!));
      }
      expect(approx).toHaveLength(exact.length);
      expect(largest).toBeGreaterThan(0.1);
      expect(worst).toBeLessThan(2e-4);
      zTensor.dispose();
      path.dispose();
    } finally {
      generator.dispose();
    }
  });

  it('has a gradient with respect to the motion noise (the float64 path has none) that matches central differences', async () => {
    const generator = await Generator.load(modelFilesFromDirectory(resolve(MODELS, 'sky64')));
    const path = new DifferentiableMotion(generator, null);
    try {
      const { motion } = generator.arch;
      const rows = 2 + generator.motionEncoder.receptiveField;
      const zTensor = tf.tensor2d(motionCodes(3, 0, rows, motion.zDim), [rows, motion.zDim]);
      const direction = tf.randomNormal([rows, motion.zDim], 0, 1, 'float32', 4) as tf.Tensor2D;
      const early = [0, 1.5, 4, 7.25, 31, 32, 40];
      const earlyAnchors = timeAnchors(early, motion.motionZDistance);
      const weights = tf.randomNormal([early.length, generator.timeEncoder.outputDim], 0, 1, 'float32', 5);
      const loss = (q: tf.Tensor2D) => tf.sum(tf.mul(path.motionV(q, earlyAnchors), weights)) as tf.Scalar;
      const grad = tf.grad((q: tf.Tensor) => loss(q as tf.Tensor2D))(zTensor);
      const analytic = tf.sum(tf.mul(grad, direction)).dataSync()[0]!;
      const eps = 3e-3;
      const numeric = tf.tidy(
        () =>
          (loss(tf.add(zTensor, tf.mul(direction, eps)) as tf.Tensor2D).dataSync()[0]! -
            loss(tf.sub(zTensor, tf.mul(direction, eps)) as tf.Tensor2D).dataSync()[0]!) /
          (2 * eps),
      );
      expect(Math.abs(numeric)).toBeGreaterThan(1e-3);
      expect(Math.abs(analytic - numeric)).toBeLessThan(0.05 * Math.abs(numeric));
      tf.dispose([zTensor, direction, grad, weights]);
    } finally {
      path.dispose();
      generator.dispose();
    }
  });
});

describe('video projection into sky64', () => {
  let generator: Generator;
  /** A clip sky64 made itself: content seed 11, motion seed 5, frames 8 training frames apart. */
  const times = [0, 8, 16, 24];
  let targetBytes: Uint8Array[];
  let clip: VideoTarget;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    generator = await Generator.load(modelFilesFromDirectory(resolve(MODELS, 'sky64')));
    targetBytes = await renderBytes(generator, { content: { seed: 11 }, motion: { seed: 5 } }, times);
    clip = { size: 64, frames: targetBytes.map((b) => Float32Array.from(b, (v) => v / 255)), times };
  });
  afterAll(() => generator?.dispose());

  let result: VideoProjectionResult;
  const events: VideoProjectionProgress[] = [];
  it('reconstructs a clip the model made itself in a fixed number of steps, above the static fit', async () => {
    result = await projectVideo(generator, clip, {
      pictureSteps: 60,
      steps: 60,
      motionSeed: 9,
      wSamples: 2000,
      onProgress: (p) => void events.push(p),
    });
    expect(result.framePsnr).toHaveLength(4);
    expect(result.psnr).toBeGreaterThan(30);
    expect(result.psnr).toBeGreaterThan(result.staticPsnr + 2);
    // Codes u[0] and u[1] (t < 32 = one code distance): u[1] reads rows 1 .. receptiveField.
    expect(result.fittedRows).toBe(1 + generator.motionEncoder.receptiveField);
    expect(result.motionZ).toHaveLength(result.fittedRows * 128);
    // Progress: the picture phase, then every joint step with a PSNR per frame.
    expect(events.filter((p) => p.phase === 'picture').map((p) => p.step)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    const joint = events.filter((p) => p.phase === 'video');
    expect(joint.map((p) => p.step)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(joint.every((p) => p.framePsnr.length === 4)).toBe(true);
    expect(joint.at(-1)!.remainingMs).toBe(0);
    expect(joint[0]!.remainingMs).toBeGreaterThan(0);
  }, 120_000);

  it('renders the fit through the exact path from its motion file, at the PSNR reported, and moves like the target', async () => {
    const rows = motionFileRows(times, generator.arch);
    const motionZ = motionFile(result.motionZ, 9, rows, 128);
    expect(motionZ.subarray(0, result.motionZ.length)).toEqual(result.motionZ);
    expect(motionZ.subarray(result.motionZ.length)).toEqual(
      motionCodes(9, result.fittedRows, rows - result.fittedRows, 128),
    );
    const fit = await renderBytes(generator, { content: { ws: result.ws }, motion: { motionZ, length: rows } }, [
      ...times,
      100,
      200,
    ]);
    const psnrs = times.map((_, k) => psnr8(fit[k]!, targetBytes[k]!));
    for (const [k, p] of psnrs.entries()) expect(Math.abs(p - result.framePsnr[k]!)).toBeLessThan(0.5);
    const staticFit = await renderBytes(generator, { content: { ws: result.ws }, motion: { seed: 9 } }, times);
    const follows = differenceCorrelation(fit.slice(0, 4), targetBytes);
    expect(follows).toBeGreaterThan(0.6);
    expect(follows).toBeGreaterThan(differenceCorrelation(staticFit, targetBytes) + 0.2);
    // It moves, also past the clip.
    for (let k = 1; k < fit.length; k++) expect(meanAbsDifference(fit[k]!, fit[k - 1]!)).toBeGreaterThan(0.2);
  }, 60_000);

  it('fits a single w in "w" space', async () => {
    const w = await projectVideo(generator, clip, { pictureSteps: 5, steps: 3, space: 'w', wSamples: 500 });
    for (let layer = 1; layer < 10; layer++)
      expect(w.ws.subarray(layer * 128, (layer + 1) * 128)).toEqual(w.ws.subarray(0, 128));
  }, 60_000);

  it('cancels mid-way without leaving tensors, and three runs in a row leak none', async () => {
    await projectVideo(generator, clip, { pictureSteps: 2, steps: 2, wSamples: 500 }); // warms the engine's caches
    const before = tf.memory().numTensors;
    for (const phase of ['picture', 'video'] as const) {
      const controller = new AbortController();
      const cancelled = projectVideo(generator, clip, {
        pictureSteps: 10,
        steps: 20,
        wSamples: 500,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === phase && p.step === 3) setTimeout(() => controller.abort(), 0);
        },
      });
      await expect(cancelled).rejects.toThrow(/abort/i);
      expect(tf.memory().numTensors).toBe(before);
    }
    for (let i = 0; i < 3; i++) {
      await projectVideo(generator, clip, {
        pictureSteps: 2,
        steps: 3,
        wSamples: 500,
        space: i === 1 ? 'w' : 'w+',
        motionSeed: i,
        framesPerChunk: i === 2 ? 3 : undefined,
        motionRegularization: (['dist', 'norm', 'none'] as const)[i],
      });
      expect(tf.memory().numTensors).toBe(before);
    }
  }, 120_000);

  it('sums the gradients of chunks of frames: the same fit in one pass or in passes of one frame', async () => {
    const options = { pictureSteps: 3, steps: 3, wSamples: 500, motionSeed: 2 };
    const whole = await projectVideo(generator, clip, options);
    const chunked = await projectVideo(generator, clip, { ...options, framesPerChunk: 1 });
    let worst = 0;
    for (let i = 0; i < whole.ws.length; i++) worst = Math.max(worst, Math.abs(whole.ws[i]! - chunked.ws[i]!));
    expect(worst).toBeLessThan(1e-3);
    expect(Math.abs(whole.psnr - chunked.psnr)).toBeLessThan(0.05);
  }, 60_000);

  it('never synthesises more frames at once than a pass holds (no neighbour rendered again for the temporal term)', async () => {
    const synthesis = generator.synthesis;
    const run = synthesis.run.bind(synthesis);
    const batches: number[] = [];
    // The second joint step's synthesis calls (not the exact renders of the static fit and the result).
    let recording = false;
    synthesis.run = (motionV, state, noiseMode) => {
      if (recording) batches.push(motionV.shape[0]);
      return run(motionV, state, noiseMode);
    };
    try {
      await projectVideo(generator, clip, {
        pictureSteps: 1,
        steps: 3,
        wSamples: 500,
        framesPerChunk: 1,
        onProgress: (p) => {
          recording = p.phase === 'video' && p.step === 1;
        },
      });
    } finally {
      synthesis.run = run;
    }
    // Every frame is rendered for the loss and again for its pass's gradient, one frame at a time.
    expect(batches).toEqual(Array(2 * times.length).fill(1));
  }, 60_000);

  it.each([
    [{ frames: [], times: [] }, /the clip has no frames/],
    [{ frames: [new Float32Array(64 * 64 * 3)], times: [0] }, /one frame: a video projection needs at least 2/],
    [{ frames: Array.from({ length: 65 }, () => new Float32Array(64 * 64 * 3)) }, /65 frames; at most 64/],
    [{ size: 32, frames: [new Float32Array(32 * 32 * 3), new Float32Array(32 * 32 * 3)] }, /must be 64x64/],
    [{ frames: [new Float32Array(64 * 64 * 3), new Float32Array(10)] }, /frame 1 is not 64x64 RGB/],
    [{ frames: [new Float32Array(64 * 64 * 3), new Float32Array(64 * 64 * 3)], times: [4, 4] }, /times must increase/],
  ])('refuses a clip that cannot be projected (%#)', async (partial, message) => {
    const frames = partial.frames;
    const bad = { size: 64, times: frames.map((_, k) => k), ...partial } as VideoTarget;
    await expect(projectVideo(generator, bad, { steps: 1, pictureSteps: 1 })).rejects.toThrow(message);
  });
});
