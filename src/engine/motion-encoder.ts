import * as tf from '@tensorflow/tfjs';
import type { MotionConfig } from '../model';
import { LRELU_SLOPE } from './ops/bias-act';
import type { WeightStore } from './weights';

interface Conv1dLayer {
  /** [K, in, out], equalized-lr gain folded in. */
  kernel: tf.Tensor3D;
  bias: tf.Tensor1D;
}

/**
 * The motion encoder's trajectory network: EqLR conv1d layers (valid padding, leaky ReLU 0.2 without the
 * sqrt(2) gain) turning motion noise codes motion_z[k] into trajectory codes u[k]. u[k] depends on
 * motion_z[k .. k + receptiveField - 1] only.
 */
export class MotionEncoder {
  private readonly layers: Conv1dLayer[] = [];
  readonly receptiveField: number;

  constructor(readonly config: MotionConfig, weights: WeightStore) {
    for (let i = 0; i < config.numConvLayers; i++) {
      const weight = weights.take<tf.Tensor3D>(`synthesis.motion_encoder.conv.${i}.weight`, 3);
      const bias = weights.take<tf.Tensor1D>(`synthesis.motion_encoder.conv.${i}.bias`, 1);
      const [, cin, k] = weight.shape;
      const gain = config.lrMultiplier / Math.sqrt(cin * k);
      this.layers.push({
        kernel: tf.tidy(() => tf.mul(tf.transpose(weight, [2, 1, 0]), gain) as tf.Tensor3D),
        bias: tf.tidy(() => tf.mul(bias, config.lrMultiplier) as tf.Tensor1D),
      });
      weight.dispose();
      bias.dispose();
    }
    this.receptiveField = config.numConvLayers * (config.kernelSize - 1) + 1;
  }

  /** motion_z rows (with the one-hot class already appended) [L, in] -> u [L - receptiveField + 1, codeDim]. */
  trajectoryCodes(motionZ: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let x = motionZ.expandDims(0) as tf.Tensor3D;
      for (const layer of this.layers) {
        x = tf.leakyRelu(tf.add(tf.conv1d(x, layer.kernel, 1, 'valid'), layer.bias), LRELU_SLOPE) as tf.Tensor3D;
      }
      return x.squeeze([0]) as tf.Tensor2D;
    });
  }

  dispose(): void {
    for (const layer of this.layers) {
      layer.kernel.dispose();
      layer.bias.dispose();
    }
  }
}
