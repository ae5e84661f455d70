/**
 * Frames of fitted latents through the ordinary render path, for projection jobs: what the studio will show,
 * as RGBA, with its PSNR against the target the way projection measures it (frame mapped to [0, 1], peak 1).
 */
import type * as tf from '@tensorflow/tfjs';
import { framesToRgba, type Generator } from '../../../engine';
import type { TargetImage } from '../../../latent';
import type { RenderedImage } from './engine-session';

/** PSNR of frame k of rendered values (in [-1, 1], `pixels` values a frame) against RGB in [0, 1]. */
function framePsnr(values: Float32Array, k: number, pixels: number, target: Float32Array): number {
  let squared = 0;
  for (let i = 0; i < pixels; i++)
    squared += (Math.min(1, Math.max(0, values[k * pixels + i]! * 0.5 + 0.5)) - target[i]!) ** 2;
  const mse = squared / pixels;
  return mse > 0 ? -10 * Math.log10(mse) : Infinity;
}

async function rgbaImages(frames: tf.Tensor4D): Promise<RenderedImage[]> {
  const [, height, width] = frames.shape;
  return (await framesToRgba(frames)).map((rgba) => ({ width, height, rgba }));
}

/** The frame at t = 0 of explicit ws with a motion seed, and its PSNR against a target picture. */
export async function startFrameOfWs(
  generator: Generator,
  ws: Float32Array,
  motionSeed: number,
  classIndex: number | null,
  target: TargetImage,
): Promise<{ image: RenderedImage; psnr: number }> {
  const video = generator.prepareVideo({
    content: { ws },
    motion: { seed: motionSeed },
    classIndex: classIndex ?? undefined,
  });
  try {
    const frames = await video.render([0]);
    try {
      const values = (await frames.data()) as Float32Array;
      const [image] = await rgbaImages(frames);
      return { image: image!, psnr: framePsnr(values, 0, values.length, target.rgb) };
    } finally {
      frames.dispose();
    }
  } finally {
    video.dispose();
  }
}

/**
 * Frames of explicit ws played with fitted motion rows (continued by the motion seed's) at a clip's times;
 * with `targets` (RGB in [0, 1] per frame) each frame's PSNR.
 */
export async function clipFrames(
  generator: Generator,
  ws: Float32Array,
  motionZ: Float32Array,
  motionSeed: number,
  classIndex: number | null,
  times: readonly number[],
  targets?: readonly Float32Array[],
): Promise<{ images: RenderedImage[]; framePsnr: number[] }> {
  const zDim = generator.arch.motion.zDim;
  const video = generator.prepareVideo({
    content: { ws },
    motion: { motionZ, length: motionZ.length / zDim, continueSeed: motionSeed },
    classIndex: classIndex ?? undefined,
  });
  try {
    const frames = await video.render(times);
    try {
      const psnr: number[] = [];
      if (targets) {
        const values = (await frames.data()) as Float32Array;
        const pixels = values.length / times.length;
        for (const [k, target] of targets.entries()) psnr.push(framePsnr(values, k, pixels, target));
      }
      return { images: await rgbaImages(frames), framePsnr: psnr };
    } finally {
      frames.dispose();
    }
  } finally {
    video.dispose();
  }
}
