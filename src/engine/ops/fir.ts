import * as tf from '@tensorflow/tfjs';
import { depthwiseConvValid } from './depthwise-valid';

/** Padding of a FIR pass, in the official upfirdn2d order: [left, right, top, bottom]. */
export type FirPadding = [number, number, number, number];

/**
 * A 2-D FIR filter (the `resample_filter` buffer, e.g. [1,3,3,1] outer product, normalised) prepared for
 * depthwise convolution. upfirdn2d convolves (it flips the filter), so the kernel is stored flipped.
 */
export class FirFilter {
  private readonly kernels = new Map<string, tf.Tensor4D>();
  readonly size: number;
  /** Vertical and horizontal 1-D factors when the filter is an outer product (it is, officially). */
  private readonly factors: { vertical: tf.Tensor2D; horizontal: tf.Tensor2D } | null;

  constructor(private readonly filter: tf.Tensor2D) {
    if (filter.shape[0] !== filter.shape[1]) throw new Error(`resample_filter must be square, got ${filter.shape}`);
    this.size = filter.shape[0];
    this.factors = separableFactors(filter.arraySync(), this.size);
  }

  /** A depthwise kernel for `channels`, cached across frames (so it must survive the tidy() that asked first). */
  private kernel(which: '2d' | 'vertical' | 'horizontal', channels: number, gain: number): tf.Tensor4D {
    const key = `${which}:${channels}:${gain}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = tf.keep(
        tf.tidy(() => {
          const source = which === '2d' ? this.filter : this.factors![which];
          const [h, w] = source.shape;
          const flipped = tf.reverse(source, [0, 1]).mul(gain) as tf.Tensor2D;
          return tf.tile(flipped.reshape([h, w, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
        }),
      );
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  /** upfirdn2d with up = down = 1: pad (negative pads crop), then filter each channel. NHWC. */
  filter2d(x: tf.Tensor4D, padding: FirPadding, gain: number): tf.Tensor4D {
    return tf.tidy(() => {
      const [left, right, top, bottom] = padding;
      let y = x;
      if (left > 0 || right > 0 || top > 0 || bottom > 0) {
        y = tf.pad(y, [
          [0, 0],
          [Math.max(top, 0), Math.max(bottom, 0)],
          [Math.max(left, 0), Math.max(right, 0)],
          [0, 0],
        ]);
      }
      if (left < 0 || right < 0 || top < 0 || bottom < 0) {
        const [n, h, w, c] = y.shape;
        const y0 = Math.max(-top, 0);
        const x0 = Math.max(-left, 0);
        y = tf.slice(y, [0, y0, x0, 0], [n, h - y0 - Math.max(-bottom, 0), w - x0 - Math.max(-right, 0), c]);
      }
      const channels = x.shape[3];
      if (!this.factors) return depthwiseConvValid(y, this.kernel('2d', channels, gain));
      // Separable: two 4-tap passes instead of one 16-tap pass; the gain is split between them.
      const axisGain = Math.sqrt(gain);
      const vertical = depthwiseConvValid(y, this.kernel('vertical', channels, axisGain));
      return depthwiseConvValid(vertical, this.kernel('horizontal', channels, axisGain));
    });
  }

  /** upfirdn2d.upsample2d with factor 2: zero insertion, then the filter with gain 4 and the official padding. */
  upsample2x(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const [n, h, w, c] = x.shape;
      const zerosRows = tf.zerosLike(x);
      // concat + reshape interleaves like stack, with a gradient that is fast on WASM (see polyphaseUpConv).
      const rows = tf.concat([x, zerosRows], 2).reshape([n, 2 * h, w, c]) as tf.Tensor4D;
      const zerosCols = tf.zerosLike(rows);
      const up = tf.concat([rows, zerosCols], 3).reshape([n, 2 * h, 2 * w, c]) as tf.Tensor4D;
      const f = this.size;
      const padLow = Math.floor((f + 1) / 2);
      const padHigh = Math.floor((f - 2) / 2);
      return this.filter2d(up, [padLow, padHigh, padLow, padHigh], 4);
    });
  }

  dispose(): void {
    this.filter.dispose();
    this.factors?.vertical.dispose();
    this.factors?.horizontal.dispose();
    for (const kernel of this.kernels.values()) kernel.dispose();
    this.kernels.clear();
  }
}

/** f = u v^T when the filter has rank one: u as a column [n, 1], v as a row [1, n]; null otherwise. */
function separableFactors(f: number[][], n: number): { vertical: tf.Tensor2D; horizontal: tf.Tensor2D } | null {
  const rowSums = f.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: n }, (_, j) => f.reduce((a, row) => a + row[j]!, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  if (Math.abs(total) < 1e-12) return null;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (Math.abs(f[i]![j]! - (rowSums[i]! * colSums[j]!) / total) > 1e-7) return null;
    }
  }
  return {
    vertical: tf.tensor2d(
      rowSums.map((u) => u / Math.sqrt(Math.abs(total))),
      [n, 1],
    ),
    horizontal: tf.tensor2d(
      colSums.map((v) => (v / Math.sqrt(Math.abs(total))) * Math.sign(total)),
      [1, n],
    ),
  };
}
