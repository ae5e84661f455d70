/** Largest picture accepted, checked from the header before anything is decoded. */
export const MAX_IMAGE_PIXELS = 64_000_000;
/** Longest side accepted (browsers' canvases stop near here). */
export const MAX_IMAGE_SIDE = 16_384;
/** Largest file read at all. */
export const MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024;

/** Memory decoding one picture may take: the decoder's buffers, the RGBA result and its EXIF turn. */
export const MAX_DECODE_BYTES = 768 * 2 ** 20;

/**
 * Bytes per pixel while a picture decodes, from what the decoders hold at once (they all need the whole
 * picture): jpeg-js keeps 2 bytes of coefficients, a 1-byte plane and a 1-byte interleaved copy per colour
 * component before the RGBA result; pngjs the inflated rows (up to 8 bytes for 16-bit RGBA) and the result;
 * the WebP decoder its own RGBA in WASM memory, YUV planes and the copy out. Turning a picture as its EXIF
 * orientation says takes one more RGBA copy. (A browser's decoder and canvas hold about the same.)
 */
export function decodeBytesPerPixel(header: {
  format: 'png' | 'jpeg' | 'webp';
  components: number;
  orientation: number;
}): number {
  const decoder = header.format === 'jpeg' ? 4 * header.components + 4 : header.format === 'png' ? 12 : 10;
  return decoder + (header.orientation === 1 ? 0 : 4);
}

/** Memory decoding a picture takes (decodeBytesPerPixel for all its pixels). */
export function decodeBytes(header: Parameters<typeof decodeBytesPerPixel>[0] & { width: number; height: number }) {
  return header.width * header.height * decodeBytesPerPixel(header);
}

/** The most pixels a picture of this kind may have: MAX_DECODE_BYTES over its bytes per pixel. */
export function maxDecodePixels(header: Parameters<typeof decodeBytesPerPixel>[0]): number {
  return Math.min(MAX_IMAGE_PIXELS, Math.floor(MAX_DECODE_BYTES / decodeBytesPerPixel(header)));
}
