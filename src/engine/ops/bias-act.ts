import * as tf from '@tensorflow/tfjs';

export type Activation = 'linear' | 'lrelu';

export const LRELU_SLOPE = 0.2;
export const LRELU_GAIN = Math.SQRT2;

export interface BiasActOptions {
  activation: Activation;
  /** Multiplies the activation's output (official: the activation's default gain times the layer gain). */
  gain?: number;
  /** Clamp to [-clamp, clamp] after the gain; null or undefined for none. */
  clamp?: number | null;
}

/** `clamp(act(x + b) * gain)`, the official bias_act. `bias` broadcasts over the last (channel) axis. */
export function biasAct<T extends tf.Tensor>(x: T, bias: tf.Tensor | null, options: BiasActOptions): T {
  return tf.tidy(() => {
    let y: tf.Tensor = bias ? tf.add(x, bias) : x;
    if (options.activation === 'lrelu') y = tf.leakyRelu(y, LRELU_SLOPE);
    const gain = options.gain ?? (options.activation === 'lrelu' ? LRELU_GAIN : 1);
    if (gain !== 1) y = tf.mul(y, gain);
    if (options.clamp !== undefined && options.clamp !== null) y = tf.clipByValue(y, -options.clamp, options.clamp);
    return y as T;
  });
}
