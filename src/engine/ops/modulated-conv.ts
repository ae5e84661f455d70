import * as tf from '@tensorflow/tfjs';
import { biasAct } from './bias-act';
import { conv2dStride1, gradientKernel } from './conv-stride1';
import type { FirFilter } from './fir';
import type { FullyConnected } from './fully-connected';
import { type HostConvWeight, oihwToHwio, weightEnergy } from './kernel-layout';
import {
  disposePolyphaseKernels,
  type PolyphaseKernels,
  polyphaseGradientKernels,
  polyphaseKernels,
  polyphaseUpConv,
} from './polyphase';

/**
 * Per-video state of one modulated layer. Styles and demodulation depend only on w, which is fixed for a
 * video, so they are computed once; `kernel` additionally folds them into the weights so a frame is a plain
 * convolution.
 */
export interface ModulatedLayerState {
  /** Styles [1, in]. */
  styles: tf.Tensor2D;
  /** Demodulation coefficients [1, out], or null (ToRGB). */
  demod: tf.Tensor2D | null;
  /**
   * Fully modulated kernel [kh, kw, in, out]; for up-sampling layers, its four polyphase parts. Null when not
   * fused: the layer then scales its input by the styles and its output by the demodulation around the plain
   * kernel (the official non-fused path), so gradients w.r.t. w need only a convolution's input gradient.
   */
  kernel: tf.Tensor4D | PolyphaseKernels | null;
  /** A non-fused state that never needs gradients (a preview): no turned kernels are made for it. */
  forwardOnly?: boolean;
}

export function disposeLayerState(state: ModulatedLayerState): void {
  state.styles.dispose();
  state.demod?.dispose();
  if (state.kernel instanceof tf.Tensor) state.kernel.dispose();
  else if (state.kernel) disposePolyphaseKernels(state.kernel);
}

export interface SynthesisLayerWeights {
  /** Official [out, in, kh, kw], in JavaScript memory (it goes to the backend rearranged, when first needed). */
  weight: HostConvWeight;
  bias: tf.Tensor1D;
  affine: FullyConnected;
  noiseConst: tf.Tensor2D | null;
  noiseStrength: tf.Scalar | null;
}

export interface SynthesisLayerOptions {
  up: 1 | 2;
  convClamp: number | null;
  filter: FirFilter;
}

/** What a layer makes from its stored weight when it first renders. */
interface LayerKernel {
  /** [kh, kw, in, out] (correlation layout); for up-sampling layers, split into its polyphase parts once. */
  kernel: tf.Tensor4D | PolyphaseKernels;
  /** Sum of squared weights over the kernel window, [in, out], for demodulation. */
  weightEnergy: tf.Tensor2D;
}

/** Modulated 3x3 conv (optionally 2x up-sampling), noise, bias, leaky ReLU and clamp: the official SynthesisLayer. */
export class SynthesisLayer {
  /**
   * The stored weight until the layer first renders, then what it makes of it: a model loads without
   * rearranging every kernel, and a render's coarse images wait only for the early layers' kernels.
   */
  private stored: HostConvWeight | null;
  private made: LayerKernel | null = null;
  /** The kernel turned for input gradients, made on the first non-fused pass (see conv2dStride1). */
  private gradientKernels: tf.Tensor4D | PolyphaseKernels | null = null;
  private readonly inOut: [number, number];
  private readonly bias: tf.Tensor1D;
  private readonly noise: tf.Tensor4D | null;
  readonly affine: FullyConnected;
  readonly up: 1 | 2;
  private readonly convClamp: number | null;
  private readonly filter: FirFilter;
  readonly kernelSize: number;

  constructor(weights: SynthesisLayerWeights, options: SynthesisLayerOptions) {
    this.up = options.up;
    this.convClamp = options.convClamp;
    this.filter = options.filter;
    this.affine = weights.affine;
    this.bias = weights.bias;
    this.kernelSize = weights.weight.shape[2]!;
    if (this.up === 2 && (this.kernelSize !== 3 || this.filter.size !== 4)) {
      throw new Error(
        `unsupported up-sampling layer: ${this.kernelSize}x${this.kernelSize} kernel with a ${this.filter.size}-tap filter ` +
          '(the StyleGAN-V generator uses 3x3 kernels and a 4-tap filter)',
      );
    }
    const [out, cin] = weights.weight.shape as [number, number];
    this.inOut = [cin, out];
    this.stored = weights.weight;
    this.noise =
      weights.noiseConst && weights.noiseStrength
        ? tf.tidy(() => {
            const [h, w] = weights.noiseConst!.shape;
            return tf.mul(weights.noiseConst!, weights.noiseStrength!).reshape([1, h, w, 1]) as tf.Tensor4D;
          })
        : null;
    weights.noiseConst?.dispose();
    weights.noiseStrength?.dispose();
  }

  /** The kernel and weight energy, made on first use (kept out of any enclosing tf.tidy). */
  private layerKernel(): LayerKernel {
    if (!this.made) {
      const stored = this.stored!;
      const hwio = oihwToHwio(stored);
      const kernel = this.up === 2 ? polyphaseKernels(hwio) : tf.tensor4d(hwio.values, hwio.shape);
      const energy = tf.tensor2d(weightEnergy(stored), this.inOut);
      for (const k of kernel instanceof tf.Tensor ? [kernel] : kernel.flat()) tf.keep(k);
      this.made = { kernel, weightEnergy: tf.keep(energy) };
      this.stored = null;
    }
    return this.made;
  }

  get inChannels(): number {
    return this.inOut[0];
  }

  get outChannels(): number {
    return this.inOut[1];
  }

  /** Styles, demodulation and (when fused) the fully modulated kernel for one w [1, wDim]. */
  prepare(w: tf.Tensor2D, fused = true): ModulatedLayerState {
    const [cin, cout] = this.inOut;
    const { kernel: plain, weightEnergy } = this.layerKernel();
    const styles = tf.tidy(() => this.affine.apply(w));
    const demod = tf.tidy(() => tf.rsqrt(tf.add(tf.matMul(tf.square(styles), weightEnergy), 1e-8)) as tf.Tensor2D);
    // styles[i] × demod[o] as one [in, out] scale, so the kernel (or each polyphase part) is read once.
    const scale = fused ? tf.tidy(() => tf.matMul(styles, demod, true, false).reshape([1, 1, cin, cout])) : null;
    const modulate = (k: tf.Tensor4D) => tf.tidy(() => tf.mul(k, scale!) as tf.Tensor4D);
    const kernel: tf.Tensor4D | PolyphaseKernels | null = !fused
      ? null
      : plain instanceof tf.Tensor
        ? modulate(plain)
        : [
            [modulate(plain[0][0]), modulate(plain[0][1])],
            [modulate(plain[1][0]), modulate(plain[1][1])],
          ];
    scale?.dispose();
    return { styles, demod, kernel };
  }

  /** One frame batch with a prepared state (fused or not). x: NHWC. */
  apply(x: tf.Tensor4D, state: ModulatedLayerState, noiseMode: NoiseMode): tf.Tensor4D {
    return tf.tidy(() =>
      this.finish(state.kernel ? this.convolve(x, state.kernel) : this.convolveNonFused(x, state), noiseMode),
    );
  }

  /** Input times styles, the plain kernel, output times demodulation (the official non-fused path). */
  private convolveNonFused(x: tf.Tensor4D, state: ModulatedLayerState): tf.Tensor4D {
    const [cin, cout] = this.inOut;
    const turned = state.forwardOnly ? undefined : this.turnedKernels();
    const y = this.convolve(tf.mul(x, state.styles.reshape([1, 1, 1, cin])), this.layerKernel().kernel, turned);
    return tf.mul(y, state.demod!.reshape([1, 1, 1, cout]));
  }

  private turnedKernels(): tf.Tensor4D | PolyphaseKernels {
    if (!this.gradientKernels) {
      const { kernel } = this.layerKernel();
      const turned = kernel instanceof tf.Tensor ? gradientKernel(kernel) : polyphaseGradientKernels(kernel);
      for (const k of turned instanceof tf.Tensor ? [turned] : turned.flat()) tf.keep(k);
      this.gradientKernels = turned;
    }
    return this.gradientKernels;
  }

  private convolve(
    x: tf.Tensor4D,
    kernel: tf.Tensor4D | PolyphaseKernels,
    gradientKernels?: tf.Tensor4D | PolyphaseKernels,
  ): tf.Tensor4D {
    if (kernel instanceof tf.Tensor)
      return conv2dStride1(x, kernel, (this.kernelSize - 1) / 2, gradientKernels as tf.Tensor4D | undefined);
    // conv2d_resample, up = 2, 3x3 kernel, padding 1: transposed conv (stride 2), then the FIR filter with
    // gain 4 and padding 1 on each side. The polyphase output carries one extra zero row/column at the end,
    // which stands in for the filter's bottom/right padding.
    return this.filter.filter2d(
      polyphaseUpConv(x, kernel, gradientKernels as PolyphaseKernels | undefined),
      [1, 0, 1, 0],
      4,
    );
  }

  private finish(y: tf.Tensor4D, noiseMode: NoiseMode): tf.Tensor4D {
    const withNoise = this.noise && noiseMode === 'const' ? (tf.add(y, this.noise) as tf.Tensor4D) : y;
    return biasAct(withNoise, this.bias, { activation: 'lrelu', clamp: this.convClamp });
  }

  dispose(): void {
    if (this.made) {
      const { kernel, weightEnergy } = this.made;
      if (kernel instanceof tf.Tensor) kernel.dispose();
      else disposePolyphaseKernels(kernel);
      weightEnergy.dispose();
      this.made = null;
    }
    this.stored = null;
    if (this.gradientKernels instanceof tf.Tensor) this.gradientKernels.dispose();
    else if (this.gradientKernels) disposePolyphaseKernels(this.gradientKernels);
    this.bias.dispose();
    this.noise?.dispose();
    this.affine.dispose();
  }
}

export type NoiseMode = 'const' | 'none';

/** 1x1 modulated conv without demodulation, bias and clamp: the official ToRGBLayer. */
export class ToRgbLayer {
  /** [in, out]. */
  private readonly weight: tf.Tensor2D;
  private readonly styleGain: number;

  constructor(
    weight: tf.Tensor4D,
    private readonly bias: tf.Tensor1D,
    readonly affine: FullyConnected,
    private readonly convClamp: number | null,
  ) {
    const [out, cin] = weight.shape;
    this.weight = tf.tidy(() => weight.reshape([out, cin]).transpose() as tf.Tensor2D);
    this.styleGain = 1 / Math.sqrt(cin);
    weight.dispose();
  }

  prepare(w: tf.Tensor2D, fused = true): ModulatedLayerState {
    if (!fused)
      return {
        styles: tf.tidy(() => tf.mul(this.affine.apply(w), this.styleGain) as tf.Tensor2D),
        demod: null,
        kernel: null,
      };
    const { styles, kernel } = tf.tidy(() => {
      const styles = tf.mul(this.affine.apply(w), this.styleGain) as tf.Tensor2D;
      const [cin, cout] = this.weight.shape;
      const kernel = tf.mul(this.weight, styles.reshape([cin, 1])).reshape([1, 1, cin, cout]) as tf.Tensor4D;
      return { styles, kernel };
    });
    return { styles, demod: null, kernel };
  }

  apply(x: tf.Tensor4D, state: ModulatedLayerState): tf.Tensor4D {
    if (state.kernel === null)
      return tf.tidy(() =>
        biasAct(this.convolveNonFused(x, state.styles), this.bias, { activation: 'linear', clamp: this.convClamp }),
      );
    if (!(state.kernel instanceof tf.Tensor)) throw new Error('ToRGB state must hold a single 1x1 kernel');
    const kernel = state.kernel;
    return tf.tidy(() =>
      biasAct(tf.conv2d(x, kernel, 1, 0), this.bias, { activation: 'linear', clamp: this.convClamp }),
    );
  }

  /** Input times styles, then the plain 1x1 kernel (the official non-fused path). */
  private convolveNonFused(x: tf.Tensor4D, styles: tf.Tensor2D): tf.Tensor4D {
    const [cin, cout] = this.weight.shape;
    return conv2dStride1(tf.mul(x, styles.reshape([1, 1, 1, cin])), this.weight.reshape([1, 1, cin, cout]), 0);
  }

  dispose(): void {
    this.weight.dispose();
    this.bias.dispose();
    this.affine.dispose();
  }
}
