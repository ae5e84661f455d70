import * as tf from '@tensorflow/tfjs';

/** Frames NHWC (raw generator values) -> one RGBA ImageData per frame, with the official byte mapping. */
export async function framesToImageData(frames: tf.Tensor4D): Promise<ImageData[]> {
  const [count, height, width] = frames.shape;
  const bytes = tf.tidy(() => tf.clipByValue(tf.add(tf.mul(frames, 127.5), 128), 0, 255));
  const values = (await bytes.data()) as Float32Array;
  bytes.dispose();
  const images: ImageData[] = [];
  for (let f = 0; f < count; f++) {
    const rgba = new Uint8ClampedArray(width * height * 4);
    const base = f * width * height * 3;
    for (let p = 0; p < width * height; p++) {
      rgba[p * 4] = values[base + p * 3]! | 0;
      rgba[p * 4 + 1] = values[base + p * 3 + 1]! | 0;
      rgba[p * 4 + 2] = values[base + p * 3 + 2]! | 0;
      rgba[p * 4 + 3] = 255;
    }
    images.push(new ImageData(rgba, width, height));
  }
  return images;
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
