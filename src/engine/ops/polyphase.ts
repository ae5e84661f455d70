import * as tf from '@tensorflow/tfjs';

/**
 * A stride-2 transposed 3x3 convolution rewritten as one 2x2 convolution to 4x the channels followed by
 * depthToSpace: the four output phases (even/odd row x even/odd column) each read a 2x2 window of the
 * zero-padded input. tfjs's WASM transposed conv is ~10x slower than its conv2d, so this matters.
 *
 * Transposed conv: out[2i + k] += x[i] * W[k]. Even outputs 2m take W[2] from x[m-1] and W[0] from x[m];
 * odd outputs 2m+1 take W[1] from x[m]. With the input padded by one on each side, both are 2-tap windows.
 */
const TAP_SOURCE: ReadonlyArray<readonly [number, number]> = [
  [2, 0], // even phase: taps read kernel rows 2, 0
  [3, 1], // odd phase: no first tap (row 3 is the appended zero row), second tap reads row 1
];

/** kernel [3, 3, in, out] (correlation layout) -> [2, 2, in, 4 * out] in depthToSpace channel order. */
export function polyphaseKernel(kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = kernel.shape;
    if (kh !== 3 || kw !== 3) throw new Error(`polyphase up-sampling expects a 3x3 kernel, got ${kh}x${kw}`);
    const padded = tf.pad(kernel, [[0, 1], [0, 1], [0, 0], [0, 0]]);
    const blocks: tf.Tensor4D[] = [];
    for (const rows of TAP_SOURCE) {
      for (const cols of TAP_SOURCE) {
        blocks.push(tf.gather(tf.gather(padded, [...rows], 0), [...cols], 1) as tf.Tensor4D);
      }
    }
    return tf.concat(blocks, 3) as tf.Tensor4D;
  });
}

/**
 * The transposed conv's output [N, 2H + 2, 2W + 2, out]; rows/columns 2H + 1 are exactly zero, so the caller
 * can treat them as the first element of the FIR filter's bottom/right zero padding.
 */
export function polyphaseUpConv(x: tf.Tensor4D, kernel2x2: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    return tf.depthToSpace(tf.conv2d(padded, kernel2x2, 1, 'valid'), 2);
  });
}
