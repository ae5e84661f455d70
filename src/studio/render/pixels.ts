import type * as tf from '@tensorflow/tfjs';
import { framesToRgba } from '../../engine';

/** Frames NHWC (raw generator values) -> one RGBA ImageData per frame, with the engine's pixel mapping. */
export async function framesToImageData(frames: tf.Tensor4D): Promise<ImageData[]> {
  const [, height, width] = frames.shape;
  return (await framesToRgba(frames)).map((rgba) => new ImageData(rgba, width, height));
}

export function drawImage(canvas: HTMLCanvasElement, image: ImageData): void {
  if (canvas.width !== image.width || canvas.height !== image.height) {
    canvas.width = image.width;
    canvas.height = image.height;
  }
  canvas.getContext('2d')!.putImageData(image, 0, 0);
}

/**
 * Frame f of frames NHWC onto canvases[f] (missing canvases are skipped), with one readback for the whole
 * batch. Drawing straight from WebGPU buffers could not be made to work or tested on the SwiftShader adapter
 * of GPU-less machines: WebGPU canvases stay black there, a page that only clears one throws "A valid external
 * Instance reference no longer exists", and copying one into a 2d canvas loses the device.
 */
export async function showFrames(frames: tf.Tensor4D, canvases: ReadonlyArray<HTMLCanvasElement | undefined>): Promise<void> {
  const images = await framesToImageData(frames);
  images.forEach((image, f) => {
    const canvas = canvases[f];
    if (canvas) drawImage(canvas, image);
  });
}
