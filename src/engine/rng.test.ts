import { describe, expect, it } from 'vitest';
import { contentLatent, gaussianStream, motionCodes } from './rng';

describe('counter-based Gaussian noise', () => {
  it('is deterministic and separates seeds and keys', () => {
    expect(gaussianStream(1, 2, 64)).toEqual(gaussianStream(1, 2, 64));
    expect(gaussianStream(1, 2, 64)).not.toEqual(gaussianStream(2, 2, 64));
    expect(gaussianStream(1, 2, 64)).not.toEqual(gaussianStream(1, 3, 64));
  });

  it('draws code k independently of where the window starts', () => {
    const dim = 8;
    const long = motionCodes(5, 0, 40, dim);
    const window = motionCodes(5, 30, 4, dim);
    expect(window).toEqual(long.slice(30 * dim, 34 * dim));
  });

  it('has standard normal statistics', () => {
    const values = contentLatent(123, 200_000);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    const beyond2 = values.filter((v) => Math.abs(v) > 2).length / values.length;
    expect(beyond2).toBeGreaterThan(0.04);
    expect(beyond2).toBeLessThan(0.051);
  });
});
