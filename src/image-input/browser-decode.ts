import type { DecodedImage } from './decoded-image';
import { ImageInputError } from './errors';
import { MAX_IMAGE_FILE_BYTES } from './limits';
import { sniffImage } from './sniff';

/**
 * Decodes a picture in a page or a Web Worker with the browser's own decoders (createImageBitmap and an
 * OffscreenCanvas), after the header checks of sniffImage, so a 20000x20000 picture is refused unread.
 */
export async function decodeImageBlob(
  blob: Blob,
  name = blob instanceof File ? blob.name : 'the file',
): Promise<DecodedImage> {
  if (blob.size > MAX_IMAGE_FILE_BYTES) {
    throw new ImageInputError(
      'too-large',
      `${name} is ${(blob.size / 2 ** 20).toFixed(0)} MB; pictures up to ${MAX_IMAGE_FILE_BYTES / 2 ** 20} MB are read`,
    );
  }
  const header = sniffImage(new Uint8Array(await blob.arrayBuffer()), name);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'default' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImageInputError(
      'corrupt',
      `${name} could not be decoded as ${header.format.toUpperCase()} (${reason}): the file is damaged or truncated`,
    );
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D canvas context');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, rgba: data, header };
  } finally {
    bitmap.close();
  }
}
