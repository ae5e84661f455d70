import type { MotionConfig } from '../model';
import { dot } from './float64/linear';
import { motionReceptiveField } from './motion-window';
import { LRELU_SLOPE } from './ops/bias-act';
import type { WeightStore } from './weights';

export interface Conv1dLayer {
  /** [out, K * in]: tap j of input channel i at column j * in + i, as stored (float32 products are exact in float64). */
  kernel: Float32Array;
  /** Equalized-lr weight gain, applied to each sum. */
  gain: number;
  bias: Float64Array;
  inChannels: number;
  outChannels: number;
}

/**
 * The motion encoder's trajectory network: EqLR conv1d layers (valid padding, leaky ReLU 0.2 without the
 * sqrt(2) gain) turning motion noise codes motion_z[k] into trajectory codes u[k]. u[k] depends on
 * motion_z[k .. k + receptiveField - 1] only. Computed in float64 (see float64/linear.ts): a frame's time
 * embedding multiplies u's rounding error by t.
 */
export class MotionEncoder {
  private readonly layers: Conv1dLayer[] = [];
  readonly receptiveField: number;

  constructor(
    readonly config: MotionConfig,
    weights: WeightStore,
  ) {
    const { kernelSize: k, lrMultiplier } = config;
    for (let l = 0; l < config.numConvLayers; l++) {
      const stored = weights.takeHost(`synthesis.motion_encoder.conv.${l}.weight`, 3);
      const bias = weights.takeHost(`synthesis.motion_encoder.conv.${l}.bias`, 1).values;
      const [outChannels, inChannels, taps] = stored.shape as [number, number, number];
      const weight = stored.values;
      if (taps !== k) throw new RangeError(`motion encoder conv.${l} has kernel size ${taps}, the model says ${k}`);
      const gain = lrMultiplier / Math.sqrt(inChannels * k);
      const kernel = new Float32Array(outChannels * k * inChannels);
      for (let o = 0; o < outChannels; o++) {
        for (let i = 0; i < inChannels; i++) {
          for (let j = 0; j < k; j++) kernel[(o * k + j) * inChannels + i] = weight[(o * inChannels + i) * k + j]!;
        }
      }
      const biases = Float64Array.from(bias, (b) => b * lrMultiplier);
      this.layers.push({ kernel, gain, bias: biases, inChannels, outChannels });
    }
    this.receptiveField = motionReceptiveField(config);
  }

  /** Channels of each motion_z row the first layer expects (noise, then the one-hot class). */
  get inputChannels(): number {
    return this.layers[0]!.inChannels;
  }

  get layerCount(): number {
    return this.layers.length;
  }

  /**
   * Layer l's weights as stored (read-only views), for a differentiable float32 copy of the encoder (video
   * projection): kernel [out, K * in] with tap j of input channel i at column j * in + i, the EqLR gain applied
   * to each sum, and the bias already times the lr multiplier.
   */
  layerWeights(l: number): Readonly<Conv1dLayer> {
    return this.layers[l]!;
  }

  /** Channels of layer l's output rows. */
  outputChannels(l: number): number {
    return this.layers[l]!.outChannels;
  }

  /** Layer l applied to `length` input rows [length, in] -> [length - kernelSize + 1, out], float64. */
  applyLayer(l: number, input: Float64Array, length: number): Float64Array {
    const layer = this.layers[l]!;
    if (input.length !== length * layer.inChannels) {
      throw new RangeError(
        `motion encoder layer ${l} got ${input.length} values, expected ${length} x ${layer.inChannels}`,
      );
    }
    return conv1dLayer(layer, input, length - this.config.kernelSize + 1, this.config.kernelSize);
  }

  /** motion_z rows [L, inputChannels] (class already appended) -> u [L - receptiveField + 1, codeDim], float64. */
  trajectoryCodes(motionZ: Float64Array, length: number): Float64Array {
    let x = motionZ;
    let rows = length;
    for (let l = 0; l < this.layers.length; l++) {
      x = this.applyLayer(l, x, rows);
      rows -= this.config.kernelSize - 1;
    }
    return x;
  }
}

/**
 * One valid conv1d layer with leaky ReLU, in float64. Output channel outermost, four output positions per pass
 * over a kernel row: each weight is loaded once for four products (about 3x the speed of one dot per output).
 */
function conv1dLayer(layer: Conv1dLayer, x: Float64Array, outRows: number, kernelSize: number): Float64Array {
  const { kernel, gain, bias, inChannels, outChannels } = layer;
  const window = kernelSize * inChannels;
  const y = new Float64Array(outRows * outChannels);
  const store = (r: number, o: number, sum: number) => {
    const v = sum * gain + bias[o]!;
    y[r * outChannels + o] = v < 0 ? v * LRELU_SLOPE : v;
  };
  for (let o = 0; o < outChannels; o++) {
    const k0 = o * window;
    let r = 0;
    for (; r + 3 < outRows; r += 4) {
      const x0 = r * inChannels;
      const x1 = x0 + inChannels;
      const x2 = x1 + inChannels;
      const x3 = x2 + inChannels;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < window; i++) {
        const w = kernel[k0 + i]!;
        s0 += w * x[x0 + i]!;
        s1 += w * x[x1 + i]!;
        s2 += w * x[x2 + i]!;
        s3 += w * x[x3 + i]!;
      }
      store(r, o, s0);
      store(r + 1, o, s1);
      store(r + 2, o, s2);
      store(r + 3, o, s3);
    }
    for (; r < outRows; r++) store(r, o, dot(kernel, k0, x, r * inChannels, window));
  }
  return y;
}
