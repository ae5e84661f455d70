import type { ImageHeader } from './sniff';

/** A decoded picture as shown (EXIF orientation applied): 8-bit RGBA, row-major, not premultiplied, with what its header said. */
export interface DecodedImage {
  width: number;
  height: number;
  rgba: Uint8Array | Uint8ClampedArray;
  header: ImageHeader;
}
