import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator, largestActivationBytes, type Video } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { modelFilesFromDirectory } from '../src/model/node';
import { convertReferenceModel } from './support/models';

async function renderValues(video: Video, times: number[]): Promise<Float32Array> {
  const frames = await video.render(times);
  const values = (await frames.data()) as Float32Array;
  frames.dispose();
  return values;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('continuous time', () => {
  let generator: Generator;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    generator = await Generator.load(modelFilesFromDirectory(await convertReferenceModel('sky64')));
  });
  afterAll(() => generator?.dispose());

  const spec = { content: { seed: 3 }, motion: { seed: 11 }, psi: 0.8 } as const;

  it('renders a frame alone exactly as inside a batch', async () => {
    const video = generator.prepareVideo(spec);
    const batch = await renderValues(video, [3.25, 12.37, 40.5]);
    const alone = await renderValues(video, [12.37]);
    const frameSize = alone.length;
    expect(maxAbsDiff(alone, batch.slice(frameSize, 2 * frameSize))).toBeLessThan(1e-5);
    video.dispose();
  });

  it('renders a video in two chunks exactly as whole', async () => {
    const times = Array.from({ length: 12 }, (_, i) => i * 7.5);
    const whole = generator.prepareVideo(spec);
    const wholeValues = await renderValues(whole, times);
    whole.dispose();
    // A fresh video, so the second chunk cannot reuse codes the whole render cached.
    const chunked = generator.prepareVideo(spec);
    const first = await renderValues(chunked, times.slice(0, 5));
    const second = await renderValues(chunked, times.slice(5));
    chunked.dispose();
    const joined = new Float32Array(wholeValues.length);
    joined.set(first);
    joined.set(second, first.length);
    expect(maxAbsDiff(joined, wholeValues)).toBeLessThan(1e-5);
  });

  it('renders t = 10^6 from a local window of motion codes, without materialising earlier codes', async () => {
    const far = generator.prepareVideo(spec);
    const values = await renderValues(far, [1e6]);
    expect(values.every(Number.isFinite)).toBe(true);
    const farCodes = far.trajectory.cachedCodeCount;
    far.dispose();

    const near = generator.prepareVideo(spec);
    await renderValues(near, [10]);
    const nearCodes = near.trajectory.cachedCodeCount;
    near.dispose();

    // Two trajectory codes (left and right of t) are needed; the work is identical at t = 10 and t = 10^6.
    expect(farCodes).toBe(nearCodes);
    expect(farCodes).toBeLessThanOrEqual(2);
  });

  it('draws motion codes that do not depend on how far the video is rendered', async () => {
    const a = generator.prepareVideo(spec);
    await renderValues(a, [500]);
    const late = await renderValues(a, [20]);
    a.dispose();
    const b = generator.prepareVideo(spec);
    const early = await renderValues(b, [20]);
    b.dispose();
    expect(maxAbsDiff(late, early)).toBeLessThan(1e-6);
  });

  it('moves continuously: nearby times give nearby frames, distant times differ', async () => {
    const video = generator.prepareVideo(spec);
    const [a, b, far] = [
      await renderValues(video, [12.5]),
      await renderValues(video, [12.51]),
      await renderValues(video, [90]),
    ];
    video.dispose();
    expect(maxAbsDiff(a, b)).toBeGreaterThan(0);
    expect(maxAbsDiff(a, b)).toBeLessThan(maxAbsDiff(a, far));
  });

  it("renders block by block (the studio's yielded slices) exactly as in one pass", async () => {
    const video = generator.prepareVideo(spec);
    const times = [4.5, 17.25];
    const whole = await renderValues(video, times);
    let slices = 0;
    const sliced = await video.render(times, { between: async () => void slices++ });
    const slicedValues = (await sliced.data()) as Float32Array;
    sliced.dispose();
    video.dispose();
    expect(slices).toBe(generator.synthesis.stageCount);
    expect(slices).toBe(2 * generator.arch.synthesis.blocks.length - 1);
    expect(maxAbsDiff(slicedValues, whole)).toBe(0);
  });

  it('abandons a render when the hook throws, leaking nothing', async () => {
    const video = generator.prepareVideo(spec);
    const warm = await video.render([2]);
    warm.dispose();
    const before = tf.memory().numTensors;
    let slices = 0;
    const stale = new Error('superseded');
    await expect(
      video.render([2, 3], {
        between: async () => {
          if (++slices === 2) throw stale;
        },
      }),
    ).rejects.toBe(stale);
    expect(slices).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    video.dispose();
  });

  it('renders a batch larger than the memory limits in chunks, with the same frames', async () => {
    const times = [0.5, 3, 9.75, 14, 30.2];
    const video = generator.prepareVideo(spec);
    const whole = await renderValues(video, times);
    const frameBytes = largestActivationBytes(generator.arch);
    generator.setMemoryLimits({ maxTensorBytes: 2 * frameBytes, maxPeakBytes: 1e12 });
    try {
      expect(generator.framesPerChunk).toBe(2);
      const before = tf.memory().numTensors;
      const chunked = await renderValues(video, times);
      expect(tf.memory().numTensors).toBe(before);
      expect(maxAbsDiff(chunked, whole)).toBeLessThan(1e-5);
    } finally {
      generator.setMemoryLimits();
      video.dispose();
    }
  });

  it('renders frames of one content with their own motions and times in one batch, as each video alone', async () => {
    const videos = [11, 12, 13].map((seed) => generator.prepareVideo({ ...spec, motion: { seed } }));
    const times = [7.25, 7.25, 31.5, 2];
    const owners = [videos[0]!, videos[1]!, videos[2]!, videos[1]!];
    const batch = await videos[0]!.renderMotions(times.map((t, i) => ({ t, motion: owners[i]!.trajectory })));
    const values = (await batch.data()) as Float32Array;
    batch.dispose();
    for (const [i, t] of times.entries()) {
      const alone = await renderValues(owners[i]!, [t]);
      expect(maxAbsDiff(alone, values.slice(i * alone.length, (i + 1) * alone.length))).toBeLessThan(1e-5);
    }
    // Different motions really differ at the same t.
    const a = await renderValues(videos[0]!, [7.25]);
    expect(maxAbsDiff(a, values.slice(a.length, 2 * a.length))).toBeGreaterThan(1e-2);

    const before = tf.memory().numTensors;
    const frameBytes = largestActivationBytes(generator.arch);
    generator.setMemoryLimits({ maxTensorBytes: 2 * frameBytes, maxPeakBytes: 1e12 });
    try {
      const chunked = await videos[0]!.renderMotions(times.map((t, i) => ({ t, motion: owners[i]!.trajectory })));
      expect(maxAbsDiff((await chunked.data()) as Float32Array, values)).toBeLessThan(1e-5);
      chunked.dispose();
    } finally {
      generator.setMemoryLimits();
    }
    expect(tf.memory().numTensors).toBe(before);
    for (const video of videos) video.dispose();
  });

  it("refuses a motion prepared by another generator's motion encoder", async () => {
    const other = await Generator.load(modelFilesFromDirectory(await convertReferenceModel('sky64')));
    const foreign = other.prepareVideo(spec);
    const video = generator.prepareVideo(spec);
    const before = tf.memory().numTensors;
    await expect(video.renderMotions([{ t: 1, motion: foreign.trajectory }])).rejects.toThrow(/another generator/);
    expect(tf.memory().numTensors).toBe(before);
    video.dispose();
    foreign.dispose();
    other.dispose();
  });

  it('leaks no tensors across 200 renders', async () => {
    const video = generator.prepareVideo(spec);
    const frames = await video.render([0]);
    frames.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) {
      const out = await video.render([i * 0.37, i * 1.5 + 3]);
      await out.data();
      out.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    const naive = await video.render([5], { naive: true });
    naive.dispose();
    expect(tf.memory().numTensors).toBe(before);
    video.dispose();
  }, 120_000); // 200 renders: about 15 s on a busy 2-core machine

  it("releases a video's tensors on dispose", async () => {
    const before = tf.memory().numTensors;
    const video = generator.prepareVideo({ content: { seed: 9 }, motion: { seed: 1 } });
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    video.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
