import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { framesToRgba, frameToRgbBytes, toByte } from './pixels';

describe('pixel mapping', () => {
  it('maps raw values with clamp(floor(x * 127.5 + 128), 0, 255)', () => {
    expect([-2, -1, -0.5, 0, 0.5, 0.999, 1, 3].map(toByte)).toEqual([0, 0, 64, 128, 191, 255, 255, 255]);
  });

  it('gives the same bytes as RGB and as RGBA, frame by frame, without leaking tensors', async () => {
    const values = Float32Array.from({ length: 2 * 2 * 3 * 3 }, (_, i) => Math.sin(i) * 1.2);
    const frames = tf.tensor4d(values, [2, 2, 3, 3]);
    const before = tf.memory().numTensors;
    const rgba = await framesToRgba(frames);
    expect(tf.memory().numTensors).toBe(before);
    frames.dispose();
    expect(rgba).toHaveLength(2);
    for (let f = 0; f < 2; f++) {
      const rgb = frameToRgbBytes(values, f, 2, 3);
      expect(rgba[f]!.filter((_, i) => i % 4 !== 3)).toEqual(Uint8ClampedArray.from(rgb));
      expect(rgba[f]!.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
    }
  });
});
