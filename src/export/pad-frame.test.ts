import { describe, expect, it } from 'vitest';
import { padRgba } from './pad-frame';

describe('padRgba', () => {
  it('copies the image and repeats its last column and row into the margin', () => {
    // 3x1 image: pixels 1, 2, 3 (each RGBA = [v, v, v, 255])
    const px = (v: number) => [v, v, v, 255];
    const src = new Uint8ClampedArray([...px(1), ...px(2), ...px(3)]);
    const out = padRgba(src, 3, 1, 4, 2);
    expect(Array.from(out)).toEqual([...px(1), ...px(2), ...px(3), ...px(3), ...px(1), ...px(2), ...px(3), ...px(3)]);
  });

  it('refuses to shrink', () => {
    expect(() => padRgba(new Uint8ClampedArray(16), 2, 2, 1, 2)).toThrow(/cannot pad/);
  });
});
