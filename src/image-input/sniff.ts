import { ImageInputError } from './errors';
import { decodeBytes, MAX_DECODE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, maxDecodePixels } from './limits';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

/** What a picture's header says, read without decoding its pixels. */
export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
  /** Stored as one grey channel (PNG grey, JPEG with one component). */
  grayscale: boolean;
  /** Has (or may have) transparency: PNG alpha or tRNS, WebP alpha. */
  alpha: boolean;
  /** A four-component (CMYK or YCCK) JPEG. */
  cmyk: boolean;
  /** EXIF orientation (1 = as stored; 6 = turn 90 degrees clockwise to show, ...); 1 when absent. */
  orientation: number;
  /** An animated WebP: its first frame is what is decoded. */
  animated: boolean;
  /** JPEG colour components (1, 3 or 4); 0 for other formats. */
  components: number;
}

const FORMAT_NAMES: Array<[string, (b: Uint8Array) => boolean]> = [
  ['GIF', (b) => ascii(b, 0, 4) === 'GIF8'],
  ['BMP', (b) => ascii(b, 0, 2) === 'BM'],
  ['TIFF', (b) => ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*'],
  ['AVIF/HEIC', (b) => ascii(b, 4, 8) === 'ftyp'],
  ['SVG', (b) => /<svg[\s>]/i.test(ascii(b, 0, Math.min(b.length, 512)))],
];

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);

/**
 * Identifies a PNG, JPEG or WebP from its first bytes and reads its size and colour model, so that empty
 * files, other formats, zero-size and oversized pictures are refused before any pixel is decoded.
 */
export function sniffImage(bytes: Uint8Array, name = 'the file'): ImageHeader {
  if (bytes.length === 0)
    throw new ImageInputError('empty', `${name} is empty (0 bytes): choose a PNG, JPEG or WebP picture`);
  const header = readHeader(bytes, name);
  const { width, height } = header;
  if (width === 0 || height === 0) {
    throw new ImageInputError(
      'zero-size',
      `${name} is a ${header.format.toUpperCase()} of ${width}x${height} pixels: there is nothing to project`,
    );
  }
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new ImageInputError(
      'too-large',
      `${name} is ${width}x${height} pixels (${((width * height) / 1e6).toFixed(0)} megapixels); pictures up to ` +
        `${MAX_IMAGE_SIDE} pixels a side and ${MAX_IMAGE_PIXELS / 1e6} megapixels are accepted: scale it down first`,
    );
  }
  const decoding = decodeBytes(header);
  if (decoding > MAX_DECODE_BYTES) {
    const mb = (n: number) => `${Math.ceil(n / 2 ** 20)} MB`;
    throw new ImageInputError(
      'too-large',
      `${name} is a ${describe(header)} of ${width}x${height} pixels (${((width * height) / 1e6).toFixed(0)} megapixels): ` +
        `decoding it takes about ${mb(decoding)}, more than the ${mb(MAX_DECODE_BYTES)} a picture may use; ` +
        `such pictures are accepted up to ${Math.floor(maxDecodePixels(header) / 1e6)} megapixels: scale it down first`,
    );
  }
  return header;
}

function describe(header: ImageHeader): string {
  if (header.format !== 'jpeg') return header.format === 'png' ? 'PNG' : `${header.animated ? 'animated ' : ''}WebP`;
  const colours = header.components === 4 ? 'CMYK' : header.components === 1 ? 'greyscale' : 'RGB';
  return `${colours} JPEG${header.orientation === 1 ? '' : ' to be turned'}`;
}

function readHeader(bytes: Uint8Array, name: string): ImageHeader {
  if (bytes.length >= 8 && u32be(bytes, 0) === 0x89504e47 && u32be(bytes, 4) === 0x0d0a1a0a)
    return readPng(bytes, name);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return readJpeg(bytes, name);
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP')
    return readWebp(bytes, name);
  const other = FORMAT_NAMES.find(([, test]) => test(bytes));
  if (other) throw new ImageInputError('unsupported-format', `${name} is a ${other[0]} picture; use PNG, JPEG or WebP`);
  throw new ImageInputError('not-an-image', `${name} is not a picture (not PNG, JPEG or WebP)`);
}

function truncated(name: string, format: string): ImageInputError {
  return new ImageInputError('corrupt', `${name} is a truncated or damaged ${format}: its header is incomplete`);
}

function readPng(b: Uint8Array, name: string): ImageHeader {
  if (b.length < 33 || ascii(b, 12, 16) !== 'IHDR') throw truncated(name, 'PNG');
  const colourType = b[25]!;
  if (![0, 2, 3, 4, 6].includes(colourType))
    throw new ImageInputError('corrupt', `${name} is a damaged PNG (colour type ${colourType})`);
  let alpha = colourType === 4 || colourType === 6;
  // A tRNS chunk before the image data makes grey, RGB or palette pictures transparent too.
  for (let offset = 8; offset + 8 <= b.length; ) {
    const length = u32be(b, offset);
    const type = ascii(b, offset + 4, offset + 8);
    if (type === 'tRNS') alpha = true;
    if (type === 'IDAT' || type === 'IEND') break;
    offset += 12 + length;
  }
  return {
    format: 'png',
    width: u32be(b, 16),
    height: u32be(b, 20),
    grayscale: colourType === 0 || colourType === 4,
    alpha,
    cmyk: false,
    orientation: 1,
    animated: false,
    components: 0,
  };
}

/** Orientation (tag 0x0112) from an APP1 Exif segment's first IFD, or 1. */
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  if (ascii(b, start, start + 6) !== 'Exif\0\0') return 1;
  const tiff = start + 6;
  if (tiff + 8 > end) return 1;
  const little = ascii(b, tiff, tiff + 2) === 'II';
  const u16 = (i: number) => (little ? u16le(b, i) : u16be(b, i));
  const u32 = (i: number) => (little ? (u16le(b, i) | (u16le(b, i + 2) << 16)) >>> 0 : u32be(b, i));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return 1;
  const entries = u16(ifd);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + 12 * i;
    if (entry + 12 > end) break;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

function readJpeg(b: Uint8Array, name: string): ImageHeader {
  let offset = 2;
  let orientation = 1;
  while (offset + 4 <= b.length) {
    if (b[offset] !== 0xff)
      throw new ImageInputError('corrupt', `${name} is a damaged JPEG (no marker at byte ${offset})`);
    const marker = b[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = u16be(b, offset + 2);
    if (marker === 0xe1) orientation = exifOrientation(b, offset + 4, Math.min(b.length, offset + 2 + length));
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (offset + 10 > b.length) break;
      const components = b[offset + 9]!;
      if (components !== 1 && components !== 3 && components !== 4) {
        throw new ImageInputError(
          'unsupported-colour',
          `${name} is a JPEG with ${components} colour components; use an RGB or greyscale picture`,
        );
      }
      return {
        format: 'jpeg',
        width: u16be(b, offset + 7),
        height: u16be(b, offset + 5),
        grayscale: components === 1,
        alpha: false,
        cmyk: components === 4,
        orientation,
        animated: false,
        components,
      };
    }
    offset += 2 + length;
  }
  throw truncated(name, 'JPEG');
}

function readWebp(b: Uint8Array, name: string): ImageHeader {
  const chunk = ascii(b, 12, 16);
  if (chunk === 'VP8 ' && b.length >= 30) {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a)
      throw new ImageInputError('corrupt', `${name} is a damaged WebP (no VP8 start code)`);
    return {
      format: 'webp',
      width: u16le(b, 26) & 0x3fff,
      height: u16le(b, 28) & 0x3fff,
      grayscale: false,
      alpha: false,
      cmyk: false,
      orientation: 1,
      animated: false,
      components: 0,
    };
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    if (b[20] !== 0x2f) throw new ImageInputError('corrupt', `${name} is a damaged WebP (bad VP8L signature)`);
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return {
      format: 'webp',
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      grayscale: false,
      alpha: ((bits >>> 28) & 1) === 1,
      cmyk: false,
      orientation: 1,
      animated: false,
      components: 0,
    };
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    return {
      format: 'webp',
      width: u24le(b, 24) + 1,
      height: u24le(b, 27) + 1,
      grayscale: false,
      // An animated picture may have transparent pixels outside its first frame.
      alpha: (b[20]! & 0x12) !== 0,
      cmyk: false,
      orientation: 1,
      animated: (b[20]! & 0x02) !== 0,
      components: 0,
    };
  }
  throw truncated(name, 'WebP');
}
