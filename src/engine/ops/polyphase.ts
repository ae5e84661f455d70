import * as tf from '@tensorflow/tfjs';
import { conv2dStride1, gradientKernel } from './conv-stride1';
import { type HostKernel, pickTaps } from './kernel-layout';

/**
 * A stride-2 transposed 3x3 convolution as four small convolutions, one per output phase (even/odd row x
 * even/odd column), interleaved afterwards. tfjs's WASM transposed conv runs ~10x slower than its conv2d,
 * and splitting by phase keeps exactly the 9 taps the transposed conv has.
 *
 * Transposed conv: out[2i + k] += x[i] * W[k]. Even outputs 2m take W[2] from x[m-1] and W[0] from x[m]
 * (a 2-tap window over the input padded by one); odd outputs 2m+1 take W[1] from x[m] (one tap, no padding).
 */
const PHASE_TAPS: ReadonlyArray<readonly number[]> = [
  [2, 0], // even phase
  [1], // odd phase
];

/** Per-phase kernels, index [rowPhase][colPhase], each [taps, taps, in, out]. */
export type PolyphaseKernels = [[tf.Tensor4D, tf.Tensor4D], [tf.Tensor4D, tf.Tensor4D]];

/** kernel [3, 3, in, out] (correlation layout) -> the four phase kernels. */
export function polyphaseKernels(kernel: HostKernel): PolyphaseKernels {
  const [kh, kw] = kernel.shape;
  if (kh !== 3 || kw !== 3) throw new Error(`polyphase up-sampling expects a 3x3 kernel, got ${kh}x${kw}`);
  const phase = (rows: readonly number[], cols: readonly number[]) => pickTaps(kernel, rows, cols);
  return [
    [phase(PHASE_TAPS[0]!, PHASE_TAPS[0]!), phase(PHASE_TAPS[0]!, PHASE_TAPS[1]!)],
    [phase(PHASE_TAPS[1]!, PHASE_TAPS[0]!), phase(PHASE_TAPS[1]!, PHASE_TAPS[1]!)],
  ];
}

/** Each phase kernel turned for its input gradient (see conv2dStride1). */
export function polyphaseGradientKernels(kernels: PolyphaseKernels): PolyphaseKernels {
  return [
    [gradientKernel(kernels[0][0]), gradientKernel(kernels[0][1])],
    [gradientKernel(kernels[1][0]), gradientKernel(kernels[1][1])],
  ];
}

export function disposePolyphaseKernels(kernels: PolyphaseKernels): void {
  for (const row of kernels) for (const k of row) k.dispose();
}

/**
 * The transposed conv's output [N, 2H + 2, 2W + 2, out]; rows/columns 2H + 1 are exactly zero, so the caller
 * can treat them as the first element of the FIR filter's bottom/right zero padding.
 */
export function polyphaseUpConv(
  x: tf.Tensor4D,
  kernels: PolyphaseKernels,
  gradientKernels?: PolyphaseKernels,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = x.shape;
    const phase = (rowPhase: 0 | 1, colPhase: 0 | 1) => {
      const padRows = rowPhase === 0 ? 1 : 0;
      const padCols = colPhase === 0 ? 1 : 0;
      const input =
        padRows || padCols
          ? tf.pad(x, [
              [0, 0],
              [padRows, padRows],
              [padCols, padCols],
              [0, 0],
            ])
          : x;
      const y = conv2dStride1(input, kernels[rowPhase][colPhase], 0, gradientKernels?.[rowPhase][colPhase]);
      // Odd phases have one output fewer; their missing last row/column is zero.
      return rowPhase || colPhase
        ? tf.pad(y, [
            [0, 0],
            [0, rowPhase],
            [0, colPhase],
            [0, 0],
          ])
        : y;
    };
    const c = kernels[0][0].shape[3];
    // Interleaving by concat + reshape (rank 4) rather than stack (rank 5): same values, and its gradient
    // (slices of rank-4 tensors) is fast on WASM, where unstacking rank 5 is not.
    const interleaveColumns = (even: tf.Tensor4D, odd: tf.Tensor4D) =>
      tf.concat([even, odd], 3).reshape([n, h + 1, 2 * (w + 1), c]);
    const evenRows = interleaveColumns(phase(0, 0), phase(0, 1));
    const oddRows = interleaveColumns(phase(1, 0), phase(1, 1));
    return tf.concat([evenRows, oddRows], 2).reshape([n, 2 * (h + 1), 2 * (w + 1), c]) as tf.Tensor4D;
  });
}
