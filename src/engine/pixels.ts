/** The official mapping from raw generator output to an 8-bit pixel: clamp(x * 127.5 + 128, 0, 255). */
export function toByte(x: number): number {
  return Math.min(255, Math.max(0, Math.floor(x * 127.5 + 128)));
}

/** Frame i of NHWC float values [T, H, W, 3] as interleaved RGB bytes. */
export function frameToRgbBytes(nhwc: Float32Array, frameIndex: number, height: number, width: number): Uint8Array {
  const size = height * width * 3;
  const out = new Uint8Array(size);
  const offset = frameIndex * size;
  for (let i = 0; i < size; i++) out[i] = toByte(nhwc[offset + i]!);
  return out;
}
