import { describe, expect, it } from 'vitest';
import { countNonFinite } from './weight-check';

describe('countNonFinite', () => {
  it('finds none among finite extremes: the largest float32, -0, subnormals', () => {
    expect(countNonFinite(Float32Array.from([3.4028234663852886e38, -3.4e38, -0, 1e-45, 0, 1]))).toBe(0);
    expect(countNonFinite(new Float32Array(0))).toBe(0);
  });

  it.each([1, 2, 3, 4, 5, 7, 8, 9, 1001])('counts NaN and infinities at every position of %i values', (length) => {
    for (let at = 0; at < length; at++) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const values = Float32Array.from({ length }, (_, i) => (i % 3) - 1.5);
        values[at] = bad;
        expect(countNonFinite(values), `${bad} at ${at} of ${length}`).toBe(1);
      }
    }
    const all = new Float32Array(length).fill(Number.NaN);
    all[0] = Number.POSITIVE_INFINITY;
    expect(countNonFinite(all)).toBe(length);
  });
});
