import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageInputError, prepareTarget, sniffImage } from './index';
import { decodeImageBytes, readImageFile } from './node-decode';

const FIXTURES = resolve(__dirname, '../../test/fixtures/images');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** Mean RGB (0..255) of the left and right halves of a prepared target. */
function halvesOf(rgb: Float32Array, size: number): [number[], number[]] {
  const sums = [
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Skip the two columns around the middle, where resampling blends the halves.
      if (Math.abs(x - size / 2 + 0.5) < 1.5) continue;
      const side = x < size / 2 ? 0 : 1;
      for (let c = 0; c < 3; c++) sums[side]![c]! += rgb[(y * size + x) * 3 + c]! * 255;
    }
  }
  const count = size * (size / 2 - 1);
  return [sums[0]!.map((s) => s / count), sums[1]!.map((s) => s / count)];
}

function expectColour(actual: number[], expected: number[], tolerance: number): void {
  for (const [i, v] of actual.entries()) expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(tolerance);
}

function expectImageError(run: () => unknown, kind: string, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ImageInputError);
  expect((caught as ImageInputError).kind).toBe(kind);
  expect((caught as Error).message).toMatch(message);
}

describe('image input', () => {
  it.each([
    ['halves-rgb.png', 0],
    ['halves-rgb.jpg', 6],
    ['halves-rgb.webp', 8],
  ])('decodes %s, centre-crops the 48x32 picture to 32x32 and resizes it to 16x16', (name, tolerance) => {
    const image = decodeImageBytes(fixture(name), name);
    expect([image.width, image.height]).toEqual([48, 32]);
    const { target, crop, notes } = prepareTarget(image, { size: 16 });
    expect(crop).toEqual({ x: 8, y: 0, size: 32 });
    expect(target.size).toBe(16);
    expect(target.rgb).toHaveLength(16 * 16 * 3);
    const [left, right] = halvesOf(target.rgb, 16);
    expectColour(left, [255, 0, 0], tolerance);
    expectColour(right, [0, 0, 255], tolerance);
    expect(notes).toEqual([]);
  });

  it('takes an explicit square crop, and enlarges a crop smaller than the model', () => {
    const image = decodeImageBytes(fixture('halves-rgb.png'));
    const onlyBlue = prepareTarget(image, { size: 64, crop: { x: 30, y: 4, size: 16 } });
    const [left, right] = halvesOf(onlyBlue.target.rgb, 64);
    expectColour(left, [0, 0, 255], 0.01);
    expectColour(right, [0, 0, 255], 0.01);
    const straddling = prepareTarget(image, { size: 64, crop: { x: 16, y: 0, size: 16 } });
    const [red, blue] = halvesOf(straddling.target.rgb, 64);
    expectColour(red, [255, 0, 0], 20);
    expectColour(blue, [0, 0, 255], 20);
  });

  it('refuses crops outside the picture or not whole pixels', () => {
    const image = decodeImageBytes(fixture('halves-rgb.png'));
    expectImageError(
      () => prepareTarget(image, { size: 16, crop: { x: 40, y: 0, size: 16 } }),
      'bad-crop',
      /inside the 48x32 picture/,
    );
    expectImageError(
      () => prepareTarget(image, { size: 16, crop: { x: 0.5, y: 0, size: 16 } }),
      'bad-crop',
      /whole pixels/,
    );
    expectImageError(() => prepareTarget(image, { size: 16, crop: { x: 0, y: 0, size: 0 } }), 'bad-crop', /square/);
  });

  it.each(['halves-grey.png', 'halves-grey.jpg'])('projects greyscale %s as grey RGB and says so', (name) => {
    const { target, notes } = prepareTarget(decodeImageBytes(fixture(name)), { size: 16 });
    const [left, right] = halvesOf(target.rgb, 16);
    expectColour(left, [40, 40, 40], 3);
    expectColour(right, [200, 200, 200], 3);
    expect(notes.join(' ')).toMatch(/greyscale/);
  });

  it.each([
    ['halves-rgba.png', [0.5 * 255 + 0.5 * 0, 127, 0.5 * 255 + 0.5 * 255], 2],
    ['halves-grey-alpha.png', [255, 255, 255], 1],
    ['halves-palette-trns.png', [255, 255, 255], 1],
    ['halves-rgba-lossless.webp', [255, 255, 255], 1],
  ])('composites transparent pixels of %s over white and says so', (name, expectedRight, tolerance) => {
    const image = decodeImageBytes(fixture(name));
    expect(image.header.alpha).toBe(true);
    const { target, notes } = prepareTarget(image, { size: 16 });
    const [, right] = halvesOf(target.rgb, 16);
    expectColour(right, expectedRight as number[], tolerance as number);
    expect(notes.join(' ')).toMatch(/transparent pixels composited over white/);
  });

  it('converts a CMYK JPEG to RGB and says colours may be off', () => {
    const image = decodeImageBytes(fixture('halves-cmyk.jpg'));
    expect(image.header.cmyk).toBe(true);
    const { target, notes } = prepareTarget(image, { size: 16 });
    const [left, right] = halvesOf(target.rgb, 16);
    expectColour(left, [255, 0, 0], 8);
    expectColour(right, [0, 0, 255], 8);
    expect(notes.join(' ')).toMatch(/CMYK JPEG/);
  });

  it('turns a JPEG as its EXIF orientation says, as browsers show it', () => {
    const image = decodeImageBytes(fixture('halves-rgb-exif6.jpg'));
    expect([image.width, image.height, image.header.orientation]).toEqual([32, 48, 6]);
    const at = (x: number, y: number) => Array.from(image.rgba.subarray((y * 32 + x) * 4, (y * 32 + x) * 4 + 3));
    expectColour(at(16, 2), [255, 0, 0], 6);
    expectColour(at(16, 45), [0, 0, 255], 6);
    expect(prepareTarget(image, { size: 16 }).notes.join(' ')).toMatch(/EXIF orientation \(6\)/);
  });

  it('refuses an empty file, text, other formats and truncated pictures with clear messages', () => {
    expectImageError(
      () => decodeImageBytes(fixture('empty.png'), 'empty.png'),
      'empty',
      /^empty\.png is empty \(0 bytes\)/,
    );
    expectImageError(
      () => decodeImageBytes(fixture('not-an-image.txt'), 'notes.txt'),
      'not-an-image',
      /notes\.txt is not a picture/,
    );
    expectImageError(
      () => decodeImageBytes(new TextEncoder().encode('GIF89a\x01\x00\x01\x00'), 'a.gif'),
      'unsupported-format',
      /GIF picture; use PNG, JPEG or WebP/,
    );
    expectImageError(
      () => decodeImageBytes(fixture('truncated.png'), 'cut.png'),
      'corrupt',
      /cut\.png could not be decoded as PNG/,
    );
    expectImageError(
      () => decodeImageBytes(fixture('truncated.jpg'), 'cut.jpg'),
      'corrupt',
      /cut\.jpg .*(truncated|damaged)/,
    );
  });

  it('refuses zero-size and 20000x20000 pictures from the header alone', () => {
    const png = (width: number, height: number) => {
      const bytes = new Uint8Array(33);
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      new DataView(bytes.buffer).setUint32(16, width);
      new DataView(bytes.buffer).setUint32(20, height);
      bytes.set([8, 2, 0, 0, 0], 24);
      return bytes; // no pixel data at all: only the header can have been read
    };
    expectImageError(
      () => decodeImageBytes(png(20000, 20000), 'huge.png'),
      'too-large',
      /huge\.png is 20000x20000 pixels \(400 megapixels\).*scale it down/,
    );
    expectImageError(() => decodeImageBytes(png(0, 10), 'flat.png'), 'zero-size', /0x10 pixels/);
    const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0x4e, 0x20, 0x4e, 0x20, 3, 1, 0x22, 0);
    expectImageError(() => sniffImage(jpeg.subarray(0, 12)), 'too-large', /20000x20000/);
    const webp = new Uint8Array(30);
    webp.set(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8X'));
    webp.set([0x10, 0, 0, 0, 0x1f, 0x4e, 0, 0x1f, 0x4e, 0], 20);
    expectImageError(() => decodeImageBytes(webp), 'too-large', /20000x20000/);
    webp.set([0xff, 0x0f, 0, 0xff, 0x0f, 0], 24);
    expect(sniffImage(webp)).toEqual({
      format: 'webp',
      width: 4096,
      height: 4096,
      grayscale: false,
      alpha: true,
      cmyk: false,
      orientation: 1,
      animated: false,
      components: 0,
    });
  });

  it('reads files, naming them in errors', async () => {
    const image = await readImageFile(join(FIXTURES, 'halves-rgb.webp'));
    expect(image.header).toMatchObject({ format: 'webp', width: 48, height: 32 });
    await expect(readImageFile(join(FIXTURES, 'nope.png'))).rejects.toThrow(/cannot read .*nope\.png/);
  });
});
