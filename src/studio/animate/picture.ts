import { type DecodedImage, decodeImageBlob, prepareTarget } from '../../image-input';
import type { TargetImage } from '../../latent';
import { type CropControls, cropFromControls } from './crop-controls';

/** A chosen picture, cropped and resized to the model's resolution. */
export interface PreparedPicture {
  name: string;
  target: TargetImage;
  /** What image-input did to it that the person may want to know (greyscale, transparency, CMYK). */
  notes: string[];
}

export const PICTURE_TYPES = 'image/png,image/jpeg,image/webp';

/** Decodes a file with image-input's checks; its ImageInputError messages are the ones shown. */
export function decodePicture(file: File): Promise<DecodedImage> {
  return decodeImageBlob(file, file.name);
}

export function preparePicture(
  name: string,
  image: DecodedImage,
  crop: CropControls,
  resolution: number,
): PreparedPicture {
  const prepared = prepareTarget(image, {
    size: resolution,
    crop: cropFromControls(image.width, image.height, crop),
  });
  return { name, target: prepared.target, notes: prepared.notes };
}

/** RGB in [0, 1] as 8-bit RGBA for a canvas. */
export function targetImageData(target: TargetImage): ImageData {
  const rgba = new Uint8ClampedArray(target.size * target.size * 4);
  for (let i = 0, j = 0; i < target.rgb.length; i += 3, j += 4) {
    rgba[j] = Math.round(target.rgb[i]! * 255);
    rgba[j + 1] = Math.round(target.rgb[i + 1]! * 255);
    rgba[j + 2] = Math.round(target.rgb[i + 2]! * 255);
    rgba[j + 3] = 255;
  }
  return new ImageData(rgba, target.size, target.size);
}
