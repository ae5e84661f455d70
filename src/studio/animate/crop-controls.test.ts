import { describe, expect, it } from 'vitest';
import { centreSquare, validateCrop } from '../../image-input';
import { CENTRE_CROP, cropAfterKey, cropFromControls, moveCrop, resizeCrop } from './crop-controls';

describe('crop sliders', () => {
  it('default to the centred square of image-input', () => {
    for (const [w, h] of [
      [640, 480],
      [480, 640],
      [7, 3],
      [64, 64],
    ] as const)
      expect(cropFromControls(w, h, CENTRE_CROP)).toEqual(centreSquare(w, h));
  });

  it('give whole-pixel squares inside the picture at every extreme', () => {
    for (const size of [0, 0.001, 0.5, 1, 2])
      for (const x of [-1, 0, 0.3, 1, 5])
        for (const y of [0, 1]) validateCrop(cropFromControls(640, 480, { size, x, y }), 640, 480);
    expect(cropFromControls(640, 480, { size: 0.5, x: 1, y: 0 })).toEqual({ x: 400, y: 0, size: 240 });
    expect(cropFromControls(640, 480, { size: 0, x: 0, y: 0 }).size).toBe(1);
  });
});

describe('the crop rectangle, dragged and keyed', () => {
  // A 96 x 72 picture: the centred square is 72 px at x 12.
  const rect = (c: Parameters<typeof cropFromControls>[2]) => cropFromControls(96, 72, c);

  it('moves by the pixels dragged and stays inside the picture', () => {
    expect(rect(CENTRE_CROP)).toEqual({ x: 12, y: 0, size: 72 });
    expect(rect(moveCrop(96, 72, CENTRE_CROP, 10, 5))).toEqual({ x: 22, y: 0, size: 72 });
    expect(rect(moveCrop(96, 72, CENTRE_CROP, 100, 0))).toEqual({ x: 24, y: 0, size: 72 });
    expect(rect(moveCrop(96, 72, CENTRE_CROP, -100, -100))).toEqual({ x: 0, y: 0, size: 72 });
    const half = { size: 0.5, x: 0, y: 0 };
    expect(rect(moveCrop(96, 72, half, 7, 9))).toEqual({ x: 7, y: 9, size: 36 });
  });

  it('resizes from the top-left corner, moving back at the edge, never past the picture or below 5%', () => {
    expect(rect(resizeCrop(96, 72, CENTRE_CROP, -36))).toEqual({ x: 12, y: 0, size: 36 });
    expect(rect(resizeCrop(96, 72, { size: 0.5, x: 1, y: 1 }, 10))).toEqual({ x: 50, y: 26, size: 46 });
    expect(rect(resizeCrop(96, 72, CENTRE_CROP, 50))).toEqual({ x: 12, y: 0, size: 72 });
    expect(rect(resizeCrop(96, 72, CENTRE_CROP, -1000)).size).toBe(4);
  });

  it('answers arrows (Shift: ten times more), + and −, and nothing else', () => {
    expect(rect(cropAfterKey(96, 72, CENTRE_CROP, 'ArrowRight', false)!)).toEqual({ x: 13, y: 0, size: 72 });
    expect(rect(cropAfterKey(96, 72, CENTRE_CROP, 'ArrowLeft', true)!)).toEqual({ x: 5, y: 0, size: 72 });
    expect(rect(cropAfterKey(96, 72, CENTRE_CROP, '-', false)!)).toEqual({ x: 12, y: 0, size: 71 });
    expect(rect(cropAfterKey(96, 72, CENTRE_CROP, 'PageUp', false)!)).toEqual({ x: 12, y: 0, size: 72 });
    expect(cropAfterKey(96, 72, CENTRE_CROP, 'Enter', false)).toBeNull();
  });
});
