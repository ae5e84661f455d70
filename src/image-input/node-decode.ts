import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { decode as decodeWebp } from '@cwasm/webp';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { DecodedImage } from './decoded-image';
import { ImageInputError } from './errors';
import { MAX_DECODE_BYTES, MAX_IMAGE_FILE_BYTES, MAX_IMAGE_PIXELS } from './limits';
import { type ImageHeader, sniffImage } from './sniff';
import { firstWebpFrame } from './webp-frames';

/** Decodes PNG, JPEG or WebP bytes in Node (pure JS / WASM decoders), after the header checks of sniffImage. */
export function decodeImageBytes(bytes: Uint8Array, name = 'the file'): DecodedImage {
  const header = sniffImage(bytes, name);
  let decoded: { width: number; height: number; data: Uint8Array | Uint8ClampedArray };
  try {
    decoded = decodeWith(header, bytes, name);
  } catch (error) {
    if (error instanceof ImageInputError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    if (/maxMemoryUsageInMB|maxResolutionInMP/.test(reason))
      throw new ImageInputError('too-large', `${name} needs more memory to decode than a picture may use (${reason})`);
    if (header.format === 'jpeg' && /color mode|colour/i.test(reason)) {
      throw new ImageInputError(
        'unsupported-colour',
        `${name} is a ${header.cmyk ? 'CMYK' : ''} JPEG whose colours cannot be converted (${reason}); save it as RGB`,
      );
    }
    throw new ImageInputError(
      'corrupt',
      `${name} could not be decoded as ${header.format.toUpperCase()} (${reason}): the file is damaged or truncated`,
    );
  }
  if (
    decoded.width !== header.width ||
    decoded.height !== header.height ||
    decoded.data.length !== header.width * header.height * 4
  ) {
    throw new ImageInputError(
      'corrupt',
      `${name} decoded to ${decoded.width}x${decoded.height}, but its header says ${header.width}x${header.height}`,
    );
  }
  return { ...orient(decoded.data, decoded.width, decoded.height, header.orientation), header };
}

/** Turns stored pixels the way EXIF orientation 1-8 says they are shown (browsers do this themselves). */
export function orient(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  orientation: number,
): { width: number; height: number; rgba: Uint8Array | Uint8ClampedArray } {
  if (orientation === 1) return { width, height, rgba };
  const swap = orientation >= 5;
  const outWidth = swap ? height : width;
  const outHeight = swap ? width : height;
  const source: Record<number, (x: number, y: number) => [number, number]> = {
    2: (x, y) => [width - 1 - x, y],
    3: (x, y) => [width - 1 - x, height - 1 - y],
    4: (x, y) => [x, height - 1 - y],
    5: (x, y) => [y, x],
    6: (x, y) => [y, height - 1 - x],
    7: (x, y) => [width - 1 - y, height - 1 - x],
    8: (x, y) => [width - 1 - y, x],
  };
  const from = source[orientation]!;
  const out = new Uint8Array(rgba.length);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const [sx, sy] = from(x, y);
      const s = (sy * width + sx) * 4;
      out.set(rgba.subarray(s, s + 4), (y * outWidth + x) * 4);
    }
  }
  return { width: outWidth, height: outHeight, rgba: out };
}

type Pixels = { width: number; height: number; data: Uint8Array | Uint8ClampedArray };

function decodeWith(header: ImageHeader, bytes: Uint8Array, name: string): Pixels {
  switch (header.format) {
    case 'png':
      return PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    case 'jpeg':
      return jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
        // sniffImage refused what would need more (decodeBytesPerPixel); this bounds jpeg-js whatever the header said.
        maxMemoryUsageInMB: Math.ceil((1.25 * MAX_DECODE_BYTES) / 2 ** 20),
      });
    case 'webp':
      return header.animated ? decodeFirstFrame(header, bytes, name) : decodeWebp(bytes);
  }
}

/** An animated WebP's first frame on its canvas (uncovered pixels transparent, as before the animation starts). */
function decodeFirstFrame(header: ImageHeader, bytes: Uint8Array, name: string): Pixels {
  const frame = firstWebpFrame(bytes, name);
  const pixels = decodeWebp(frame.still);
  if (pixels.width !== frame.width || pixels.height !== frame.height)
    throw new ImageInputError(
      'corrupt',
      `${name} is a damaged animated WebP (its first frame is not the size it says)`,
    );
  if (frame.x === 0 && frame.y === 0 && frame.width === header.width && frame.height === header.height) return pixels;
  const data = new Uint8Array(header.width * header.height * 4);
  const rows = Math.min(frame.height, header.height - frame.y);
  const columns = Math.min(frame.width, header.width - frame.x);
  for (let r = 0; r < rows && columns > 0; r++) {
    const from = r * frame.width * 4;
    data.set(pixels.data.subarray(from, from + columns * 4), ((frame.y + r) * header.width + frame.x) * 4);
  }
  return { width: header.width, height: header.height, data };
}

/** Reads and decodes a picture file, refusing huge files before reading them. */
export async function readImageFile(path: string): Promise<DecodedImage> {
  const name = basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ImageInputError('not-an-image', `cannot read ${path}`);
  }
  if (size > MAX_IMAGE_FILE_BYTES) {
    throw new ImageInputError(
      'too-large',
      `${name} is ${(size / 2 ** 20).toFixed(0)} MB; pictures up to ${MAX_IMAGE_FILE_BYTES / 2 ** 20} MB are read`,
    );
  }
  return decodeImageBytes(new Uint8Array(await readFile(path)), name);
}
