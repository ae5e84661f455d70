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

/** The smallest crop side, as a share of the picture's shorter side. */
export const MIN_CROP_SIZE = 0.05;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The controls that give a whole-pixel square at (x, y) of side `size` (clamped inside the picture). */
export function controlsFromCrop(width: number, height: number, rect: CropRect): CropControls {
  const short = Math.min(width, height);
  const size = clamp(Math.round(rect.size), Math.max(1, Math.round(short * MIN_CROP_SIZE)), short);
  const share = (offset: number, room: number) => (room > 0 ? clamp(Math.round(offset), 0, room) / room : 0.5);
  return { size: size / short, x: share(rect.x, width - size), y: share(rect.y, height - size) };
}

/** The crop moved by (dx, dy) picture pixels from where a drag started; it stays inside the picture. */
export function moveCrop(width: number, height: number, start: CropControls, dx: number, dy: number): CropControls {
  const rect = cropFromControls(width, height, start);
  return controlsFromCrop(width, height, { x: rect.x + dx, y: rect.y + dy, size: rect.size });
}

/**
 * The crop grown (or shrunk) by `delta` picture pixels from its top-left corner, as dragging its bottom-right
 * handle does; at the picture's edge it moves back so that it still fits.
 */
export function resizeCrop(width: number, height: number, start: CropControls, delta: number): CropControls {
  const rect = cropFromControls(width, height, start);
  const short = Math.min(width, height);
  const size = clamp(Math.round(rect.size + delta), Math.max(1, Math.round(short * MIN_CROP_SIZE)), short);
  return controlsFromCrop(width, height, {
    x: Math.min(rect.x, width - size),
    y: Math.min(rect.y, height - size),
    size,
  });
}

/**
 * What a key does to the crop rectangle: arrows move it by 1% of the shorter side (Shift: 10%), + and − (or
 * PageUp and PageDown) grow and shrink it; null for other keys.
 */
export function cropAfterKey(
  width: number,
  height: number,
  start: CropControls,
  key: string,
  shift: boolean,
): CropControls | null {
  const stepPx = Math.max(1, Math.round(Math.min(width, height) * (shift ? 0.1 : 0.01)));
  const moves: Record<string, [number, number]> = {
    ArrowLeft: [-stepPx, 0],
    ArrowRight: [stepPx, 0],
    ArrowUp: [0, -stepPx],
    ArrowDown: [0, stepPx],
  };
  const move = moves[key];
  if (move) return moveCrop(width, height, start, move[0], move[1]);
  if (key === '+' || key === '=' || key === 'PageUp') return resizeCrop(width, height, start, stepPx);
  if (key === '-' || key === '−' || key === 'PageDown') return resizeCrop(width, height, start, -stepPx);
  return null;
}
