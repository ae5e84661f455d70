import * as tf from '@tensorflow/tfjs';

/**
 * A stride-1 'valid' depthwise convolution (channel multiplier 1) whose input gradient is another depthwise
 * convolution: tfjs's WASM backend has no DepthwiseConv2dNativeBackpropInput kernel, so the built-in
 * gradient fails there. The kernel is a constant (the FIR filters): the gradient it gets is zero.
 */
const depthwiseWithInputGradient = tf.customGrad((x, kernel) => {
  const k = kernel as tf.Tensor4D;
  const value = tf.depthwiseConv2d(x as tf.Tensor4D, k, 1, 'valid');
  const gradFunc = (dy: tf.Tensor) => {
    const [kh, kw] = k.shape;
    // The adjoint of a 'valid' correlation: full padding, then correlate with the kernel turned by 180 degrees.
    const padded = tf.pad(dy as tf.Tensor4D, [
      [0, 0],
      [kh - 1, kh - 1],
      [kw - 1, kw - 1],
      [0, 0],
    ]);
    return [tf.depthwiseConv2d(padded, tf.reverse(k, [0, 1]), 1, 'valid'), tf.zerosLike(k)];
  };
  return { value, gradFunc };
});

export function depthwiseConvValid(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  return depthwiseWithInputGradient(x, kernel) as tf.Tensor4D;
}
