import * as tf from '@tensorflow/tfjs';

/** Frames NHWC (raw generator values) -> RGBA bytes per frame, with the official byte mapping. */
export async function framesToRgba(frames: tf.Tensor4D): Promise<Uint8ClampedArray[]> {
  const [count, height, width] = frames.shape;
  const bytes = tf.tidy(() => tf.clipByValue(tf.add(tf.mul(frames, 127.5), 128), 0, 255));
  const values = (await bytes.data()) as Float32Array;
  bytes.dispose();
  const out: Uint8ClampedArray[] = [];
  for (let f = 0; f < count; f++) {
    const rgba = new Uint8ClampedArray(width * height * 4);
    const base = f * width * height * 3;
    for (let p = 0; p < width * height; p++) {
      rgba[p * 4] = values[base + p * 3]! | 0;
      rgba[p * 4 + 1] = values[base + p * 3 + 1]! | 0;
      rgba[p * 4 + 2] = values[base + p * 3 + 2]! | 0;
      rgba[p * 4 + 3] = 255;
    }
    out.push(rgba);
  }
  return out;
}

/** n x n tiles (row-major, each `tile` px square) composited into one RGBA image. */
export function compositeTiles(tiles: readonly Uint8ClampedArray[], n: number, tile: number): Uint8ClampedArray {
  if (n === 1) return tiles[0]!;
  const out = new Uint8ClampedArray(tile * n * tile * n * 4);
  tiles.forEach((src, v) => {
    const x0 = (v % n) * tile;
    const y0 = Math.floor(v / n) * tile;
    for (let y = 0; y < tile; y++)
      out.set(src.subarray(y * tile * 4, (y + 1) * tile * 4), ((y0 + y) * tile * n + x0) * 4);
  });
  return out;
}
