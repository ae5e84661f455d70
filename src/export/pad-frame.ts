/**
 * RGBA pixels copied into a larger frame, the last column and row repeated into the margin (so the encoder
 * sees no hard edge). Used when H.264 needs an even size and the model's resolution is odd.
 */
export function padRgba(
  src: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  paddedWidth: number,
  paddedHeight: number,
): Uint8ClampedArray {
  if (paddedWidth < width || paddedHeight < height)
    throw new Error(`cannot pad ${width}×${height} down to ${paddedWidth}×${paddedHeight}`);
  const out = new Uint8ClampedArray(paddedWidth * paddedHeight * 4);
  for (let y = 0; y < paddedHeight; y++) {
    const sy = Math.min(y, height - 1);
    out.set(src.subarray(sy * width * 4, (sy + 1) * width * 4), y * paddedWidth * 4);
    const last = (sy * width + width - 1) * 4;
    for (let x = width; x < paddedWidth; x++) out.set(src.subarray(last, last + 4), (y * paddedWidth + x) * 4);
  }
  return out;
}
