import * as tf from '@tensorflow/tfjs';
import { FullyConnected } from './ops/fully-connected';
import type { WeightStore } from './weights';

/** Where each frame time falls between two trajectory codes spaced `distance` apart. */
export interface TimeAnchors {
  t: Float32Array;
  tLeft: Float32Array;
  tRight: Float32Array;
  alpha: Float32Array;
  /** Index of the left code, floor(t / distance). */
  leftIndex: number[];
}

export function timeAnchors(times: readonly number[], distance: number): TimeAnchors {
  const n = times.length;
  const anchors: TimeAnchors = {
    t: new Float32Array(n),
    tLeft: new Float32Array(n),
    tRight: new Float32Array(n),
    alpha: new Float32Array(n),
    leftIndex: new Array<number>(n),
  };
  for (let i = 0; i < n; i++) {
    const t = Math.fround(times[i]!);
    if (!Number.isFinite(t) || t < 0) throw new RangeError(`frame time must be a finite number >= 0, got ${times[i]}`);
    const remainder = t % distance;
    anchors.t[i] = t;
    anchors.tLeft[i] = t - remainder;
    anchors.tRight[i] = t - remainder + distance;
    anchors.alpha[i] = remainder / distance;
    anchors.leftIndex[i] = Math.floor(t / distance);
  }
  return anchors;
}

/**
 * The official AlignedTimeEncoder: sinusoidal embeddings whose periods and phases are predicted from the left
 * trajectory code, minus their linear interpolation between the two anchors, plus interpolated aligners.
 */
export class AlignedTimeEncoder {
  private readonly freqs: tf.Tensor2D;
  private readonly phaseScales: tf.Tensor2D;
  private readonly periods: FullyConnected;
  private readonly phases: FullyConnected;
  private readonly aligners: FullyConnected;

  constructor(weights: WeightStore) {
    const prefix = 'synthesis.motion_encoder.time_encoder';
    this.freqs = weights.take(`${prefix}.freqs`, 2);
    this.phaseScales = weights.take(`${prefix}.phase_scales`, 2);
    this.periods = new FullyConnected(weights.take(`${prefix}.periods_predictor.weight`, 2), null, 'linear');
    this.phases = new FullyConnected(weights.take(`${prefix}.phase_predictor.weight`, 2), null, 'linear');
    this.aligners = new FullyConnected(weights.take(`${prefix}.aligners_predictor.weight`, 2), null, 'linear');
  }

  /** motion_v [T, 2 * dim] from the codes on both sides of each frame time. */
  encode(anchors: TimeAnchors, uLeft: tf.Tensor2D, uRight: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const n = anchors.t.length;
      const column = (values: Float32Array) => tf.tensor2d(values, [n, 1]);
      const periods = tf.add(tf.tanh(this.periods.apply(uLeft)), 1);
      const phaseOffset = tf.mul(this.phases.apply(uLeft), this.phaseScales);
      const angularSpeed = tf.mul(this.freqs, periods);
      const embed = (s: tf.Tensor2D) => {
        const raw = tf.add(tf.mul(angularSpeed, s), phaseOffset);
        return tf.concat([tf.sin(raw), tf.cos(raw)], 1);
      };
      const alpha = column(anchors.alpha);
      const lerp = (a: tf.Tensor, b: tf.Tensor) => tf.add(a, tf.mul(alpha, tf.sub(b, a)));
      const interpolated = lerp(embed(column(anchors.tLeft)), embed(column(anchors.tRight)));
      const aligners = lerp(this.aligners.apply(uLeft), this.aligners.apply(uRight));
      return tf.add(tf.sub(embed(column(anchors.t)), interpolated), aligners) as tf.Tensor2D;
    });
  }

  dispose(): void {
    this.freqs.dispose();
    this.phaseScales.dispose();
    this.periods.dispose();
    this.phases.dispose();
    this.aligners.dispose();
  }
}
