import type * as tf from '@tensorflow/tfjs';

/** The official mapping from raw generator output to an 8-bit pixel: clamp(x * 127.5 + 128, 0, 255). */
export function toByte(x: number): number {
  return Math.min(255, Math.max(0, Math.floor(x * 127.5 + 128)));
}

/** One frame's raw values from HWC (as the engine renders) to CHW (the official NCHW layout of `--out` files). */
export function frameToChw(hwc: Float32Array, height: number, width: number): Float32Array {
  const plane = height * width;
  const chw = new Float32Array(plane * 3);
  for (let p = 0; p < plane; p++) {
    chw[p] = hwc[p * 3]!;
    chw[plane + p] = hwc[p * 3 + 1]!;
    chw[2 * plane + p] = hwc[p * 3 + 2]!;
  }
  return chw;
}

/** Frame i of NHWC float values [T, H, W, 3] as interleaved RGB bytes. */
export function frameToRgbBytes(nhwc: Float32Array, frameIndex: number, height: number, width: number): Uint8Array {
  const size = height * width * 3;
  const out = new Uint8Array(size);
  const offset = frameIndex * size;
  for (let i = 0; i < size; i++) out[i] = toByte(nhwc[offset + i]!);
  return out;
}

/** Frame i of NHWC float values [T, H, W, 3] as RGBA bytes (opaque), e.g. for an ImageData or a VideoFrame. */
export function frameToRgbaBytes(
  nhwc: Float32Array,
  frameIndex: number,
  height: number,
  width: number,
): Uint8ClampedArray<ArrayBuffer> {
  const pixels = height * width;
  const out = new Uint8ClampedArray(pixels * 4);
  const base = frameIndex * pixels * 3;
  for (let p = 0; p < pixels; p++) {
    out[p * 4] = toByte(nhwc[base + p * 3]!);
    out[p * 4 + 1] = toByte(nhwc[base + p * 3 + 1]!);
    out[p * 4 + 2] = toByte(nhwc[base + p * 3 + 2]!);
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Every frame of NHWC raw generator values [T, H, W, 3] as RGBA bytes, with one readback for the batch. */
export async function framesToRgba(frames: tf.Tensor4D): Promise<Uint8ClampedArray<ArrayBuffer>[]> {
  const [count, height, width] = frames.shape;
  const values = (await frames.data()) as Float32Array;
  return Array.from({ length: count }, (_, f) => frameToRgbaBytes(values, f, height, width));
}
