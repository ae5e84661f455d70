import * as tf from '@tensorflow/tfjs';
import type { Generator, TimeAnchors } from '../../engine';

/** Leaky ReLU slope of the motion encoder's conv1d layers (no sqrt(2) gain; see GENERATOR-NOTES). */
const SLOPE = 0.2;

interface Layer {
  /** [K * in, out], the EqLR gain folded in; row j * in + i is tap j of input channel i. */
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
  taps: number;
}

/**
 * A float32 tfjs copy of the engine's motion path (trajectory codes and the aligned time encoder), with
 * gradients with respect to the motion noise rows: the exact path (engine/motion-encoder.ts, float64 on the
 * CPU) has none. For the small t of a clip float32 is as good as float64 (the rounding the float64 path
 * avoids grows with t); frames that are kept are rendered by the exact path. Built from the generator's
 * weights per fit and released with dispose(). Every op has a gradient on every backend (slices, concat,
 * matmul, elementwise).
 */
export class DifferentiableMotion {
  private readonly layers: Layer[] = [];
  private readonly freqs: tf.Tensor2D;
  private readonly phaseScales: tf.Tensor2D;
  /** Transposed predictors [codeDim, dim] / [codeDim, 2 dim], their 1 / sqrt(in) scale included. */
  private readonly periodsT: tf.Tensor2D;
  private readonly phasesT: tf.Tensor2D;
  private readonly alignersT: tf.Tensor2D;
  /** The one-hot class appended to every motion noise row, or null. */
  private readonly classRow: tf.Tensor2D | null;
  readonly receptiveField: number;
  readonly dim: number;

  constructor(generator: Generator, classVector: Float32Array | null) {
    const encoder = generator.motionEncoder;
    const { kernelSize } = encoder.config;
    const owned: tf.Tensor[] = [];
    try {
      for (let l = 0; l < encoder.layerCount; l++) {
        const { kernel, gain, bias, inChannels, outChannels } = encoder.layerWeights(l);
        const k = tf.tidy(() =>
          tf.mul(tf.transpose(tf.tensor2d(kernel, [outChannels, kernelSize * inChannels])), gain),
        ) as tf.Tensor2D;
        owned.push(k);
        const b = tf.tensor1d(Float32Array.from(bias));
        owned.push(b);
        this.layers.push({ kernel: k, bias: b, taps: kernelSize });
      }
      const { freqs, phaseScales, periods, phases, aligners } = generator.timeEncoder.weights;
      this.dim = freqs.length;
      const transposed = (m: { values: Float64Array; rows: number; cols: number }) =>
        tf.tidy(() => tf.transpose(tf.tensor2d(Float32Array.from(m.values), [m.rows, m.cols]))) as tf.Tensor2D;
      this.freqs = tf.tensor2d(Float32Array.from(freqs), [1, this.dim]);
      owned.push(this.freqs);
      this.phaseScales = tf.tensor2d(Float32Array.from(phaseScales), [1, this.dim]);
      owned.push(this.phaseScales);
      this.periodsT = transposed(periods);
      owned.push(this.periodsT);
      this.phasesT = transposed(phases);
      owned.push(this.phasesT);
      this.alignersT = transposed(aligners);
      owned.push(this.alignersT);
      this.classRow = classVector ? tf.tensor2d(classVector, [1, classVector.length]) : null;
      if (this.classRow) owned.push(this.classRow);
    } catch (error) {
      for (const t of owned) t.dispose();
      throw error;
    }
    this.receptiveField = encoder.receptiveField;
  }

  /** Trajectory codes u [R - receptiveField + 1, codeDim] of motion noise rows [R, zDim]. */
  codes(motionZ: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let x: tf.Tensor2D = this.classRow
        ? (tf.concat([motionZ, tf.tile(this.classRow, [motionZ.shape[0], 1])], 1) as tf.Tensor2D)
        : motionZ;
      for (const { kernel, bias, taps } of this.layers) {
        const rows = x.shape[0] - taps + 1;
        if (rows < 1) throw new RangeError(`motion codes need at least ${this.receptiveField} noise rows`);
        const windows = tf.concat(
          Array.from({ length: taps }, (_, j) => tf.slice(x, [j, 0], [rows, x.shape[1]])),
          1,
        ) as tf.Tensor2D;
        x = tf.leakyRelu(tf.add(tf.matMul(windows, kernel), bias), SLOPE) as tf.Tensor2D;
      }
      return x;
    });
  }

  /**
   * motion_v [T, 2 dim] at the anchored times from motion noise rows [R, zDim]; R must cover the codes the
   * times read (left index + 1 + receptiveField rows).
   */
  motionV(motionZ: tf.Tensor2D, anchors: TimeAnchors): tf.Tensor2D {
    const n = anchors.t.length;
    const dim = this.dim;
    return tf.tidy(() => {
      const u = this.codes(motionZ);
      const codeCount = u.shape[0];
      const pick = (offset: number) => {
        const oneHot = new Float32Array(n * codeCount);
        anchors.leftIndex.forEach((k, f) => {
          if (k + offset >= codeCount)
            throw new RangeError(`time ${anchors.t[f]} needs motion code ${k + offset}; the rows give ${codeCount}`);
          oneHot[f * codeCount + k + offset] = 1;
        });
        return tf.matMul(tf.tensor2d(oneHot, [n, codeCount]), u);
      };
      const uLeft = pick(0);
      const uRight = pick(1);
      const column = (values: Float64Array) => tf.tensor2d(Float32Array.from(values), [n, 1]);
      const alpha = column(anchors.alpha);
      const speed = tf.mul(this.freqs, tf.add(tf.tanh(tf.matMul(uLeft, this.periodsT)), 1));
      const offset = tf.mul(tf.matMul(uLeft, this.phasesT), this.phaseScales);
      const angle = (t: Float64Array) => tf.add(tf.mul(speed, column(t)), offset);
      const at = angle(anchors.t);
      const left = angle(anchors.tLeft);
      const right = angle(anchors.tRight);
      const oneMinus = tf.sub(1, alpha);
      const lerp = (a: tf.Tensor, b: tf.Tensor) => tf.add(tf.mul(oneMinus, a), tf.mul(alpha, b));
      const alignLeft = tf.matMul(uLeft, this.alignersT);
      const alignRight = tf.matMul(uRight, this.alignersT);
      const align = lerp(alignLeft, alignRight);
      const sin = tf.sub(tf.sin(at), lerp(tf.sin(left), tf.sin(right)));
      const cos = tf.sub(tf.cos(at), lerp(tf.cos(left), tf.cos(right)));
      return tf.concat(
        [tf.add(sin, tf.slice(align, [0, 0], [n, dim])), tf.add(cos, tf.slice(align, [0, dim], [n, dim]))],
        1,
      ) as tf.Tensor2D;
    });
  }

  dispose(): void {
    for (const { kernel, bias } of this.layers) {
      kernel.dispose();
      bias.dispose();
    }
    for (const t of [this.freqs, this.phaseScales, this.periodsT, this.phasesT, this.alignersT, this.classRow])
      t?.dispose();
  }
}
