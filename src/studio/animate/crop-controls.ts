import type { CropRect } from '../../image-input';

/** The crop sliders: side as a share of the picture's shorter side, position as a share of the room left. */
export interface CropControls {
  /** (0, 1]: 1 is the largest square. */
  size: number;
  /** [0, 1]: 0 left/top, 0.5 centred, 1 right/bottom. */
  x: number;
  y: number;
}

export const CENTRE_CROP: CropControls = { size: 1, x: 0.5, y: 0.5 };

/** A whole-pixel square inside a width x height picture, from the sliders (centred by default). */
export function cropFromControls(width: number, height: number, controls: CropControls): CropRect {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const size = clamp(Math.round(Math.min(width, height) * clamp(controls.size, 0, 1)), 1, Math.min(width, height));
  return {
    x: Math.round((width - size) * clamp(controls.x, 0, 1)),
    y: Math.round((height - size) * clamp(controls.y, 0, 1)),
    size,
  };
}
