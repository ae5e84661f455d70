import { type Matrix64, matrix64, multiply } from './float64/linear';
import { leftCodeIndex } from './motion-window';
import { checkFrameTimes } from './time-range';
import type { WeightStore } from './weights';

/** Where each frame time falls between two trajectory codes spaced `distance` apart (float64 values). */
export interface TimeAnchors {
  /** The float32 value of each time, as the official generator receives it. */
  t: Float64Array;
  tLeft: Float64Array;
  tRight: Float64Array;
  alpha: Float64Array;
  /** Index of the left code, floor(t / distance) in float32 as the official code computes it. */
  leftIndex: number[];
}

/** Anchors for times already checked to lie in the engine's range (see time-range.ts). */
export function timeAnchors(times: readonly number[], distance: number): TimeAnchors {
  checkFrameTimes(times);
  const n = times.length;
  const anchors: TimeAnchors = {
    t: new Float64Array(n),
    tLeft: new Float64Array(n),
    tRight: new Float64Array(n),
    alpha: new Float64Array(n),
    leftIndex: new Array<number>(n),
  };
  for (let i = 0; i < n; i++) {
    const t = Math.fround(times[i]!);
    const remainder = t % distance;
    anchors.t[i] = t;
    anchors.tLeft[i] = t - remainder;
    anchors.tRight[i] = t - remainder + distance;
    anchors.alpha[i] = remainder / distance;
    anchors.leftIndex[i] = leftCodeIndex(t, distance);
  }
  return anchors;
}

/**
 * The official AlignedTimeEncoder: sinusoidal embeddings whose periods and phases are predicted from the left
 * trajectory code, minus their linear interpolation between the two anchors, plus interpolated aligners.
 * Evaluated in float64 on the CPU (a few small matrix-vector products per frame): the sinusoid arguments grow
 * with t, and float32 evaluation loses about log2(t) bits of the embedding at large t.
 */
export class AlignedTimeEncoder {
  private readonly freqs: Float64Array;
  private readonly phaseScales: Float64Array;
  private readonly periods: Matrix64;
  private readonly phases: Matrix64;
  private readonly aligners: Matrix64;

  constructor(weights: WeightStore) {
    const prefix = 'synthesis.motion_encoder.time_encoder';
    const weight = (name: string, rank: number) => weights.takeHost(`${prefix}.${name}`, rank);
    const linear = (name: string) => {
      const { values, shape } = weight(`${name}.weight`, 2);
      const [rows, cols] = shape as [number, number];
      return matrix64(values, rows, cols, 1 / Math.sqrt(cols));
    };
    this.freqs = Float64Array.from(weight('freqs', 2).values);
    this.phaseScales = Float64Array.from(weight('phase_scales', 2).values);
    this.periods = linear('periods_predictor');
    this.phases = linear('phase_predictor');
    this.aligners = linear('aligners_predictor');
    const dim = this.freqs.length;
    if (
      this.phaseScales.length !== dim ||
      this.periods.rows !== dim ||
      this.phases.rows !== dim ||
      this.aligners.rows !== 2 * dim
    ) {
      throw new RangeError('time encoder weights disagree on the number of frequencies');
    }
  }

  /**
   * The weights (read-only), for a differentiable float32 copy of the encoder (video projection); the
   * predictors' matrices already carry their 1 / sqrt(in) scale.
   */
  get weights(): {
    freqs: Float64Array;
    phaseScales: Float64Array;
    periods: Matrix64;
    phases: Matrix64;
    aligners: Matrix64;
  } {
    const { freqs, phaseScales, periods, phases, aligners } = this;
    return { freqs, phaseScales, periods, phases, aligners };
  }

  /** Features of motion_v: sin and cos of each frequency. */
  get outputDim(): number {
    return 2 * this.freqs.length;
  }

  /** motion_v [T, 2 * dim] as float32 values, from the codes left and right of each time ([T, codeDim] rows). */
  encode(anchors: TimeAnchors, uLeft: Float64Array, uRight: Float64Array): Float32Array {
    const n = anchors.t.length;
    const dim = this.freqs.length;
    const codeDim = this.periods.cols;
    const out = new Float32Array(n * 2 * dim);
    for (let f = 0; f < n; f++) {
      const periods = multiply(this.periods, uLeft, f * codeDim);
      const phases = multiply(this.phases, uLeft, f * codeDim);
      const alignLeft = multiply(this.aligners, uLeft, f * codeDim);
      const alignRight = multiply(this.aligners, uRight, f * codeDim);
      const alpha = anchors.alpha[f]!;
      const t = anchors.t[f]!;
      const tLeft = anchors.tLeft[f]!;
      const tRight = anchors.tRight[f]!;
      for (let i = 0; i < dim; i++) {
        const speed = this.freqs[i]! * (Math.tanh(periods[i]!) + 1);
        const offset = phases[i]! * this.phaseScales[i]!;
        const at = speed * t + offset;
        const left = speed * tLeft + offset;
        const right = speed * tRight + offset;
        const sin = Math.sin(at) - ((1 - alpha) * Math.sin(left) + alpha * Math.sin(right));
        const cos = Math.cos(at) - ((1 - alpha) * Math.cos(left) + alpha * Math.cos(right));
        out[f * 2 * dim + i] = sin + (1 - alpha) * alignLeft[i]! + alpha * alignRight[i]!;
        out[f * 2 * dim + dim + i] = cos + (1 - alpha) * alignLeft[dim + i]! + alpha * alignRight[dim + i]!;
      }
    }
    return out;
  }
}
