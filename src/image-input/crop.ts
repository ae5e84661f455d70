import { ImageInputError } from './errors';

/** A square region of a picture, in its pixels. */
export interface CropRect {
  x: number;
  y: number;
  size: number;
}

/** The largest centred square. */
export function centreSquare(width: number, height: number): CropRect {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/** Refuses a crop that is not a whole-pixel square inside the picture. */
export function validateCrop(crop: CropRect, width: number, height: number): CropRect {
  const { x, y, size } = crop;
  if (![x, y, size].every(Number.isInteger) || size < 1 || x < 0 || y < 0 || x + size > width || y + size > height) {
    throw new ImageInputError(
      'bad-crop',
      `crop ${size}x${size} at (${x}, ${y}) is not a square of whole pixels inside the ${width}x${height} picture`,
    );
  }
  return crop;
}
