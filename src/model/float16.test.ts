import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { float16BitsToFloat32, float32ArrayToFloat16, float32ToFloat16Bits } from './float16';

describe('float16', () => {
  it('encodes exact values, rounds to nearest even, saturates to infinity, keeps subnormals', () => {
    const cases: Array<[number, number]> = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff],
      [65520, 0x7c00],
      [1e9, 0x7c00],
      [-Infinity, 0xfc00],
      [2 ** -24, 0x0001],
      [2 ** -25, 0x0000],
      [3 * 2 ** -25, 0x0002],
      [2 ** -14, 0x0400],
      [1 + 2 ** -11, 0x3c00],
      [1 + 3 * 2 ** -11, 0x3c02],
      [1 - 2 ** -12, 0x3c00],
      [0.1, 0x2e66],
    ];
    for (const [v, bits] of cases) expect(float32ToFloat16Bits(v), String(v)).toBe(bits);
    expect(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits(NaN)))).toBe(true);
  });

  it('agrees with the decoder TensorFlow.js uses for quantization float16', () => {
    const values = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 11) - 6));
    const half = float32ArrayToFloat16(values);
    const decoded = tf.io.decodeWeights(half.buffer as ArrayBuffer, [
      { name: 'x', shape: [values.length], dtype: 'float32', quantization: { dtype: 'float16' } },
    ]);
    const got = decoded.x!.dataSync();
    for (let i = 0; i < values.length; i++) {
      expect(got[i]).toBe(Math.fround(float16BitsToFloat32(half[i]!)));
      const tol = Math.max(Math.abs(values[i]!) * 2 ** -11, 2 ** -25);
      expect(Math.abs(got[i]! - values[i]!)).toBeLessThanOrEqual(tol);
    }
    decoded.x!.dispose();
  });
});
