import * as tf from '@tensorflow/tfjs';
import { type Activation, biasAct } from './bias-act';

/**
 * Equalized-learning-rate fully connected layer with the gains folded in once at load time:
 * `y = act(x @ (W * lrMul / sqrt(in)).T + b * lrMul)`. Takes ownership of `weight` and `bias` (disposed once scaled).
 */
export class FullyConnected {
  /** [in, out], already scaled. */
  readonly kernel: tf.Tensor2D;
  readonly bias: tf.Tensor1D | null;

  constructor(
    weight: tf.Tensor2D,
    bias: tf.Tensor1D | null,
    readonly activation: Activation,
    lrMultiplier = 1,
  ) {
    const inFeatures = weight.shape[1];
    this.kernel = tf.tidy(() => tf.mul(weight, lrMultiplier / Math.sqrt(inFeatures)).transpose() as tf.Tensor2D);
    this.bias = bias ? tf.tidy(() => tf.mul(bias, lrMultiplier) as tf.Tensor1D) : null;
    weight.dispose();
    bias?.dispose();
  }

  get outFeatures(): number {
    return this.kernel.shape[1];
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => biasAct(tf.matMul(x, this.kernel), this.bias, { activation: this.activation }));
  }

  dispose(): void {
    this.kernel.dispose();
    this.bias?.dispose();
  }
}

/** `x * rsqrt(mean(x^2) + 1e-8)` over the feature axis. */
export function normalize2ndMoment(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), 1, true), 1e-8))));
}
