import type { TargetImage } from '../latent';
import { type CropRect, centreSquare, validateCrop } from './crop';
import type { DecodedImage } from './decoded-image';
import { resampleSquare } from './resample';

export interface TargetOptions {
  /** The model's resolution. */
  size: number;
  /** Square crop in the picture's pixels; default: the largest centred square. */
  crop?: CropRect;
  /** Colour that transparent pixels are composited over, RGB in [0, 1]; default white. */
  background?: readonly [number, number, number];
}

export interface PreparedTarget {
  target: TargetImage;
  crop: CropRect;
  /** What was done to the picture that its owner may want to know (grey, transparency, CMYK). */
  notes: string[];
}

/** Crops, composites transparency, converts to RGB in [0, 1] and resizes a decoded picture to the model's size. */
export function prepareTarget(image: DecodedImage, options: TargetOptions): PreparedTarget {
  const { width, height, rgba, header } = image;
  const crop = options.crop ? validateCrop(options.crop, width, height) : centreSquare(width, height);
  const [bgR, bgG, bgB] = options.background ?? [1, 1, 1];
  const notes: string[] = [];
  if (header.grayscale) notes.push('greyscale picture: projected as grey RGB');
  if (header.orientation !== 1) notes.push(`turned as its EXIF orientation (${header.orientation}) says`);
  if (header.cmyk) notes.push('CMYK JPEG: converted to RGB without its colour profile, so colours may be slightly off');
  if (header.animated) notes.push('animated WebP: its first frame is used');
  // Composited and converted a row of the crop at a time, as the resampler reads it: the picture is never
  // held as floats (a 64 MP picture would take 768 MB).
  let transparent = false;
  const readRow = (row: number, into: Float32Array) => {
    const start = ((crop.y + row) * width + crop.x) * 4;
    for (let p = 0, i = start, j = 0; p < crop.size; p++, i += 4, j += 3) {
      const a = rgba[i + 3]! / 255;
      if (a < 1) transparent = true;
      into[j] = (rgba[i]! / 255) * a + bgR * (1 - a);
      into[j + 1] = (rgba[i + 1]! / 255) * a + bgG * (1 - a);
      into[j + 2] = (rgba[i + 2]! / 255) * a + bgB * (1 - a);
    }
  };
  const resized = resampleSquare(readRow, crop.size, options.size);
  if (transparent)
    notes.push(`transparent pixels composited over ${options.background ? 'the background colour' : 'white'}`);
  return { target: { size: options.size, rgb: resized }, crop, notes };
}
