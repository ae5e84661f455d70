import { describe, expect, it } from 'vitest';
import { centreSquare, validateCrop } from '../../image-input';
import { CENTRE_CROP, cropFromControls } from './crop-controls';

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
