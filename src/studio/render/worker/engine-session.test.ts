/**
 * A plain video's first progressive frame: its coarse image comes from the non-fused preview before any of
 * its kernels is made, and its full frame is the bits of an eagerly prepared video's.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { framesToRgba, Generator, Video } from '../../../engine';
import { useNodeBackend } from '../../../engine/node';
import { modelFilesFromDirectory } from '../../../model/node';
import type { VideoDescription } from '../shared/video-keys';
import { EngineSession, type RenderedImage } from './engine-session';

const MODEL_DIR = join(__dirname, '../../../../public/models/sky64');

const description: VideoDescription = {
  contentSeed: 5,
  contentWs: null,
  motionSeed: 3,
  classIndex: null,
  psi: 0.7,
  edit: null,
};

/** The frame of an eagerly prepared video (every kernel made up front), as the session's RGBA bytes. */
async function eagerFrame(generator: Generator, t: number): Promise<Uint8ClampedArray> {
  const ws = generator.mapContent({ content: { seed: description.contentSeed }, psi: description.psi });
  const values = (await ws.data()) as Float32Array;
  ws.dispose();
  const video = generator.prepareVideo({ content: { ws: values }, motion: { seed: description.motionSeed } });
  const frames = await video.render([t]);
  const [rgba] = await framesToRgba(frames);
  frames.dispose();
  video.dispose();
  return rgba!;
}

describe('EngineSession: a new video’s first progressive frame (sky64, Node WASM)', () => {
  let generator: Generator;
  let session: EngineSession;

  beforeAll(async () => {
    await useNodeBackend('wasm');
    generator = await Generator.load(modelFilesFromDirectory(MODEL_DIR));
    session = new EngineSession(generator, 'sky64');
  });
  afterAll(() => session.dispose());

  it('sends the 8 px coarse image before the kernels are made, then the bits of an eager full frame', async () => {
    const previews = vi.spyOn(Video.prototype, 'previewWithWs');
    const coarse: Array<{ image: RenderedImage; tensors: number }> = [];
    let lastStageTensors = 0;
    const full = await session.renderFrame(description, 6.5, {
      onCoarse: (image) => coarse.push({ image, tensors: tf.memory().numTensors }),
      between: async () => {
        lastStageTensors = tf.memory().numTensors;
      },
    });
    expect(coarse.map(({ image }) => image.width)).toEqual([8, 16]);
    expect(previews.mock.calls.map((call) => call[2])).toEqual([8]); // the 8 px image from the preview
    previews.mockRestore();
    expect(coarse[0]!.image.rgba.length).toBe(8 * 8 * 4);
    // Kernels are made stage by stage after the preview: more tensors live at the last stage than at the first image.
    expect(coarse[0]!.tensors).toBeLessThan(lastStageTensors);
    expect(full.width).toBe(64);
    const reference = await eagerFrame(generator, 6.5);
    expect(Buffer.from(full.rgba.buffer).equals(Buffer.from(reference.buffer))).toBe(true);
  });

  it('renders the cached video again from its kernels: the same bits, its coarse images from the render', async () => {
    const previews = vi.spyOn(Video.prototype, 'previewWithWs');
    const before = tf.memory().numTensors;
    const widths: number[] = [];
    const again = await session.renderFrame(description, 6.5, {
      onCoarse: (image) => widths.push(image.width),
      between: async () => undefined,
    });
    expect(widths).toEqual([8, 16]);
    expect(previews).not.toHaveBeenCalled(); // its kernels are made: the coarse images come from the render
    previews.mockRestore();
    expect(tf.memory().numTensors).toBe(before); // every kernel was made by the first render
    const reference = await eagerFrame(generator, 6.5);
    expect(Buffer.from(again.rgba.buffer).equals(Buffer.from(reference.buffer))).toBe(true);
    const other = await session.renderFrame(description, 11, { between: async () => undefined });
    expect(Buffer.from(other.rgba.buffer).equals(Buffer.from((await eagerFrame(generator, 11)).buffer))).toBe(true);
  });
});
