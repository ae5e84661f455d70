import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam';
import { learningRate, noiseScale } from './schedule';

describe('projection schedule (official project.py)', () => {
  it('ramps the learning rate up over the first 5% and down (cosine) over the last 25%', () => {
    const steps = 1000;
    expect(learningRate(0, steps)).toBe(0);
    expect(learningRate(25, steps)).toBeCloseTo(0.05, 10); // halfway up the ramp
    expect(learningRate(50, steps)).toBeCloseTo(0.1, 10);
    expect(learningRate(500, steps)).toBeCloseTo(0.1, 10);
    expect(learningRate(750, steps)).toBeCloseTo(0.1, 10);
    expect(learningRate(875, steps)).toBeCloseTo(0.05, 10); // cos(pi / 2) halfway down
    expect(learningRate(1000, steps)).toBeCloseTo(0, 10);
  });

  it('decays the noise on w quadratically to zero at 75% of the run', () => {
    const steps = 400;
    expect(noiseScale(0, steps, 10)).toBeCloseTo(10 * 0.05, 10);
    expect(noiseScale(150, steps, 10)).toBeCloseTo(10 * 0.05 * 0.25, 10); // t = 0.375: (1 - 0.5)^2
    expect(noiseScale(300, steps, 10)).toBe(0);
    expect(noiseScale(399, steps, 10)).toBe(0);
  });
});

describe('Adam', () => {
  it('moves each coordinate by the learning rate against its gradient sign on the first step', () => {
    const adam = new Adam();
    const param = tf.tensor1d([1, -2, 3]);
    const next = adam.step(param, tf.tensor1d([0.5, -4, 1e-3]), 0.1);
    const values = Array.from(next.dataSync());
    expect(values[0]).toBeCloseTo(0.9, 5);
    expect(values[1]).toBeCloseTo(-1.9, 5);
    expect(values[2]).toBeCloseTo(2.9, 4);
    tf.dispose([param, next]);
    adam.dispose();
  });

  it('minimises a quadratic without leaking tensors', () => {
    const adam = new Adam();
    let x = tf.tensor1d([3, -5]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 300; i++) {
      const grad = tf.mul(x, 2);
      const next = adam.step(x, grad, 0.1);
      tf.dispose([x, grad]);
      x = next as tf.Tensor1D;
    }
    adam.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    for (const v of x.dataSync()) expect(Math.abs(v)).toBeLessThan(0.05);
    x.dispose();
  });
});
