import * as tf from '@tensorflow/tfjs';

/** Padding of a FIR pass, in the official upfirdn2d order: [left, right, top, bottom]. */
export type FirPadding = [number, number, number, number];

/**
 * A 2-D FIR filter (the `resample_filter` buffer, e.g. [1,3,3,1] outer product, normalised) prepared for
 * depthwise convolution. upfirdn2d convolves (it flips the filter), so the kernel is stored flipped.
 */
export class FirFilter {
  private readonly kernels = new Map<string, tf.Tensor4D>();
  readonly size: number;

  constructor(private readonly filter: tf.Tensor2D) {
    if (filter.shape[0] !== filter.shape[1]) throw new Error(`resample_filter must be square, got ${filter.shape}`);
    this.size = filter.shape[0];
  }

  private kernel(channels: number, gain: number): tf.Tensor4D {
    const key = `${channels}:${gain}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      // Cached across frames, so it must survive any tidy() it was first asked for in.
      kernel = tf.keep(
        tf.tidy(() => {
          const flipped = tf.reverse(this.filter, [0, 1]).mul(gain) as tf.Tensor2D;
          return tf.tile(flipped.reshape([this.size, this.size, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
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
        y = tf.pad(y, [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]]);
      }
      if (left < 0 || right < 0 || top < 0 || bottom < 0) {
        const [n, h, w, c] = y.shape;
        const y0 = Math.max(-top, 0);
        const x0 = Math.max(-left, 0);
        y = tf.slice(y, [0, y0, x0, 0], [n, h - y0 - Math.max(-bottom, 0), w - x0 - Math.max(-right, 0), c]);
      }
      return tf.depthwiseConv2d(y, this.kernel(x.shape[3], gain), 1, 'valid');
    });
  }

  /** upfirdn2d.upsample2d with factor 2: zero insertion, then the filter with gain 4 and the official padding. */
  upsample2x(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const [n, h, w, c] = x.shape;
      const zerosRows = tf.zerosLike(x);
      const rows = tf.stack([x, zerosRows], 2).reshape([n, 2 * h, w, c]);
      const zerosCols = tf.zerosLike(rows);
      const up = tf.stack([rows, zerosCols], 3).reshape([n, 2 * h, 2 * w, c]) as tf.Tensor4D;
      const f = this.size;
      const padLow = Math.floor((f + 1) / 2);
      const padHigh = Math.floor((f - 2) / 2);
      return this.filter2d(up, [padLow, padHigh, padLow, padHigh], 4);
    });
  }

  dispose(): void {
    this.filter.dispose();
    for (const kernel of this.kernels.values()) kernel.dispose();
    this.kernels.clear();
  }
}
