import { describe, expect, it } from 'vitest';
import { exportSize, scaledSize, scaleRgba } from './scale-frame';

const px = (v: number) => [v, v, v, 255];

describe('export scale', () => {
  it('multiplies the frame size: a 64 px model at 4x is 256 × 256', () => {
    expect(scaledSize(64, 64, 4)).toEqual({ width: 256, height: 256 });
    expect(scaledSize(192, 192, 2)).toEqual({ width: 384, height: 384 });
    expect(() => scaledSize(64, 64, 1.5)).toThrow(/whole number/);
    expect(() => scaledSize(64, 64, 0)).toThrow(/whole number/);
  });

  it('codes odd sizes one pixel larger for H.264, and scaled odd sizes need no padding from 2x', () => {
    expect(exportSize(33, 33, 1)).toEqual({ width: 33, height: 33, codedWidth: 34, codedHeight: 34 });
    expect(exportSize(33, 33, 2)).toEqual({ width: 66, height: 66, codedWidth: 66, codedHeight: 66 });
    expect(exportSize(64, 64, 4)).toEqual({ width: 256, height: 256, codedWidth: 256, codedHeight: 256 });
  });

  it('nearest repeats every pixel factor × factor times', () => {
    // 2 x 1 image: pixels 10, 200.
    const out = scaleRgba(new Uint8ClampedArray([...px(10), ...px(200)]), 2, 1, 2, 'nearest');
    expect(Array.from(out)).toEqual([
      ...px(10),
      ...px(10),
      ...px(200),
      ...px(200),
      ...px(10),
      ...px(10),
      ...px(200),
      ...px(200),
    ]);
  });

  it('smooth interpolates between pixel centres and keeps the edges', () => {
    // 2 x 1 image at 4x: output centres at source x = -0.375, -0.125, 0.125, 0.375, 0.625, 0.875, 1.125, 1.375.
    const out = scaleRgba(new Uint8ClampedArray([...px(0), ...px(200)]), 2, 1, 4, 'smooth');
    const row = Array.from({ length: 8 }, (_, x) => out[x * 4]);
    expect(row).toEqual([0, 0, 25, 75, 125, 175, 200, 200]);
    expect(out.length).toBe(8 * 4 * 4);
    // Every row is the same (the source has one row), alpha stays opaque.
    for (let y = 1; y < 4; y++)
      expect(Array.from(out.subarray(y * 32, y * 32 + 32))).toEqual(Array.from(out.subarray(0, 32)));
    expect(out.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });

  it('factor 1 copies the pixels', () => {
    const src = new Uint8ClampedArray([...px(1), ...px(2), ...px(3), ...px(4)]);
    expect(Array.from(scaleRgba(src, 2, 2, 1, 'smooth'))).toEqual(Array.from(src));
    expect(Array.from(scaleRgba(src, 2, 2, 1, 'nearest'))).toEqual(Array.from(src));
  });

  it('refuses pixels of the wrong size', () => {
    expect(() => scaleRgba(new Uint8ClampedArray(12), 2, 2, 2, 'nearest')).toThrow(/expected 2×2/);
  });
});
