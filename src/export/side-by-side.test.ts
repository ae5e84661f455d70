import { describe, expect, it } from 'vitest';
import { placeSideBySide } from './side-by-side';

/** A w x h panel whose every pixel is (r, g, b, 255). */
const panel = (width: number, height: number, r: number, g: number, b: number) => ({
  width,
  height,
  rgba: Uint8ClampedArray.from({ length: width * height * 4 }, (_, i) => [r, g, b, 255][i % 4]!),
});

describe('placeSideBySide', () => {
  it('places panels left to right, tops aligned, black under a shorter one', () => {
    const left = panel(2, 2, 10, 20, 30);
    left.rgba.set([1, 2, 3, 255], 4); // pixel (1, 0)
    const right = panel(1, 1, 200, 100, 50);
    const out = placeSideBySide([left, right]);
    expect([out.width, out.height]).toEqual([3, 2]);
    expect(Array.from(out.rgba)).toEqual([
      ...[10, 20, 30, 255, 1, 2, 3, 255, 200, 100, 50, 255],
      ...[10, 20, 30, 255, 10, 20, 30, 255, 0, 0, 0, 255],
    ]);
  });
});
