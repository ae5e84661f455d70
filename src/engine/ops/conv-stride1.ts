import * as tf from '@tensorflow/tfjs';

/** A kernel [kh, kw, in, out] turned by 180 degrees with in and out swapped: the kernel of its input gradient. */
export function gradientKernel(kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.reverse(tf.transpose(kernel, [0, 1, 3, 2]), [0, 1]) as tf.Tensor4D);
}

/** dx of a stride-1 convolution: the full correlation of dy with the turned kernel. */
function inputGradient(dy: tf.Tensor4D, turned: tf.Tensor4D, pad: number): tf.Tensor4D {
  const [kh, kw] = turned.shape;
  const padH = kh - 1 - pad;
  const padW = kw - 1 - pad;
  if (padH < 0 || padW < 0) throw new Error(`no input gradient for a ${kh}x${kw} convolution padded by ${pad}`);
  return tf.tidy(() => {
    const padded =
      padH || padW
        ? tf.pad(dy, [
            [0, 0],
            [padH, padH],
            [padW, padW],
            [0, 0],
          ])
        : dy;
    return tf.conv2d(padded, turned, 1, 'valid');
  });
}

/**
 * tf.conv2d with stride 1 and `pad` zeros on every side, whose gradient w.r.t. x is another conv2d: tfjs's
 * WASM Conv2DBackpropInput runs about 10x slower than its Conv2D and would dominate a projection step.
 * `turned` (gradientKernel(kernel)), when the caller keeps one, saves turning the kernel on every backward
 * pass. The kernel is not an input of the op: asking for a gradient w.r.t. it fails instead of returning a
 * wrong one.
 */
export function conv2dStride1(x: tf.Tensor4D, kernel: tf.Tensor4D, pad: number, turned?: tf.Tensor4D): tf.Tensor4D {
  const op = tf.customGrad((input, save) => {
    // Saved, not captured: the kernel may be a view that the caller's tidy() disposes before the backward pass.
    if (!turned) (save as tf.GradSaveFunc)([kernel]);
    return {
      // 'valid', not 0: tfjs sizes numerically padded outputs as if the kernel were square.
      value: tf.conv2d(input as tf.Tensor4D, kernel, 1, pad === 0 ? 'valid' : pad),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        turned
          ? inputGradient(dy as tf.Tensor4D, turned, pad)
          : tf.tidy(() => inputGradient(dy as tf.Tensor4D, gradientKernel(saved[0] as tf.Tensor4D), pad)),
    };
  });
  return op(x) as tf.Tensor4D;
}
