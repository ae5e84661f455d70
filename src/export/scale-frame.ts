/**
 * Exported frames at a whole multiple of the model's resolution: every pixel repeated ("nearest", the
 * generator's pixels kept exactly) or interpolated ("smooth", bilinear between pixel centres, as a browser
 * draws a scaled image with smoothing on). Pure arithmetic on RGBA bytes.
 */
import { evenSize } from './encoder-config';
import type { FrameSource } from './mp4-export';

export type ScaleFilter = 'nearest' | 'smooth';

/** The size of a `width` × `height` frame scaled by `factor` (a whole number from 1). */
export function scaledSize(width: number, height: number, factor: number): { width: number; height: number } {
  if (!Number.isInteger(factor) || factor < 1)
    throw new Error(`the export scale must be a whole number ≥ 1, not ${factor}`);
  return { width: width * factor, height: height * factor };
}

/**
 * What an export of `width` × `height` frames at `factor` writes: the scaled frame, and the size H.264 codes
 * it at (4:2:0 chroma needs even sides: an odd side grows by one repeated pixel, see pad-frame.ts).
 */
export function exportSize(
  width: number,
  height: number,
  factor: number,
): { width: number; height: number; codedWidth: number; codedHeight: number } {
  const size = scaledSize(width, height, factor);
  return { ...size, codedWidth: evenSize(size.width), codedHeight: evenSize(size.height) };
}

/** Source coordinate of each output column (or row): the two neighbours and the weight of the second. */
function bilinearTaps(size: number, factor: number): { lo: Int32Array; hi: Int32Array; w: Float32Array } {
  const n = size * factor;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const w = new Float32Array(n);
  for (let o = 0; o < n; o++) {
    const s = Math.min(size - 1, Math.max(0, (o + 0.5) / factor - 0.5));
    lo[o] = Math.floor(s);
    hi[o] = Math.min(size - 1, lo[o]! + 1);
    w[o] = s - lo[o]!;
  }
  return { lo, hi, w };
}

/** RGBA pixels scaled by a whole factor; factor 1 returns a copy. */
export function scaleRgba(
  src: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  factor: number,
  filter: ScaleFilter,
): Uint8ClampedArray<ArrayBuffer> {
  const size = scaledSize(width, height, factor);
  if (src.length !== width * height * 4)
    throw new Error(`expected ${width}×${height} RGBA pixels, got ${src.length} bytes`);
  const out = new Uint8ClampedArray(new ArrayBuffer(size.width * size.height * 4));
  if (filter === 'nearest') {
    for (let y = 0; y < size.height; y++) {
      const row = Math.floor(y / factor) * width * 4;
      for (let x = 0; x < size.width; x++) {
        const s = row + Math.floor(x / factor) * 4;
        const d = (y * size.width + x) * 4;
        out[d] = src[s]!;
        out[d + 1] = src[s + 1]!;
        out[d + 2] = src[s + 2]!;
        out[d + 3] = src[s + 3]!;
      }
    }
    return out;
  }
  const xs = bilinearTaps(width, factor);
  const ys = bilinearTaps(height, factor);
  for (let y = 0; y < size.height; y++) {
    const r0 = ys.lo[y]! * width * 4;
    const r1 = ys.hi[y]! * width * 4;
    const wy = ys.w[y]!;
    for (let x = 0; x < size.width; x++) {
      const c0 = xs.lo[x]! * 4;
      const c1 = xs.hi[x]! * 4;
      const wx = xs.w[x]!;
      const d = (y * size.width + x) * 4;
      for (let c = 0; c < 4; c++) {
        const top = src[r0 + c0 + c]! * (1 - wx) + src[r0 + c1 + c]! * wx;
        const bottom = src[r1 + c0 + c]! * (1 - wx) + src[r1 + c1 + c]! * wx;
        out[d + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return out;
}

/** An image scaled by `factor` (the same image at factor 1). Needs the browser's ImageData. */
export function scaleImage(image: ImageData, factor: number, filter: ScaleFilter): ImageData {
  if (factor === 1) return image;
  const { width, height } = scaledSize(image.width, image.height, factor);
  return new ImageData(scaleRgba(image.data, image.width, image.height, factor, filter), width, height);
}

/** A frame source whose frames are scaled by `factor`; disposing it disposes the source. */
export function scaledFrameSource(source: FrameSource, factor: number, filter: ScaleFilter): FrameSource {
  if (factor === 1) return source;
  const size = scaledSize(source.width, source.height, factor);
  return {
    width: size.width,
    height: size.height,
    render: async (times) => (await source.render(times)).map((image) => scaleImage(image, factor, filter)),
    dispose: () => source.dispose(),
  };
}
