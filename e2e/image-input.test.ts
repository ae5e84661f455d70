/**
 * The browser side of picture input: decodeImageBlob (createImageBitmap + OffscreenCanvas) in a page and in a
 * Web Worker, on the same fixture pictures the Node decoders are tested with, and the header refusals.
 */

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleScript } from './support/bundle';
import { chromiumForSuite } from './support/chromium';

const IMAGES = resolve(__dirname, '../test/fixtures/images');

interface Decoded {
  ok: boolean;
  message?: string;
  kind?: string;
  width?: number;
  height?: number;
  /** RGBA of the pixels at (2, 2) and (45, 2): the left and right halves. */
  left?: number[];
  right?: number[];
  notes?: string[];
  targetSize?: number;
}

/** src/image-input as one script defining `ImageInput` (for a page or a worker). */
function bundle(): Promise<string> {
  return bundleScript(resolve(__dirname, '../src/image-input/index.ts'), 'ImageInput');
}

/** Runs in the browser (page or worker): decodes bytes and summarises the result. */
const decodeInBrowser = `
async function decodeSummary(bytes, name) {
  try {
    const image = await ImageInput.decodeImageBlob(new Blob([new Uint8Array(bytes)]), name);
    const at = (x, y) => Array.from(image.rgba.slice((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));
    const prepared = ImageInput.prepareTarget(image, { size: 16 });
    return { ok: true, width: image.width, height: image.height, left: at(2, 2), right: at(45, 2), notes: prepared.notes, targetSize: prepared.target.size };
  } catch (error) {
    return { ok: false, message: error.message, kind: error.kind };
  }
}`;

async function decodeInPage(page: Page, name: string, bytes: Uint8Array): Promise<Decoded> {
  return page.evaluate(
    ([data, fileName]) =>
      (globalThis as unknown as { decodeSummary: (b: number[], n: string) => Promise<Decoded> }).decodeSummary(
        data,
        fileName,
      ),
    [Array.from(bytes), name] as const,
  );
}

describe('picture decoding in Chromium', () => {
  const suite = chromiumForSuite();
  let page: Page;
  let script: string;
  beforeAll(async () => {
    script = await bundle();
    page = await suite.browser.newPage();
    // A document of the same origin without the studio (a JSON file), whose own tfjs would share the global engine.
    await page.goto(new URL('models/index.json', inject('baseUrl')).href);
    await page.addScriptTag({ content: `${script}\n${decodeInBrowser}\nglobalThis.decodeSummary = decodeSummary;` });
  });

  it.each([
    ['halves-rgb.png', [255, 0, 0, 255], [0, 0, 255, 255], 0],
    ['halves-rgb.jpg', [255, 0, 0, 255], [0, 0, 255, 255], 8],
    ['halves-rgb.webp', [255, 0, 0, 255], [0, 0, 255, 255], 8],
    ['halves-cmyk.jpg', [255, 0, 0, 255], [0, 0, 255, 255], 20],
    ['halves-grey.jpg', [40, 40, 40, 255], [200, 200, 200, 255], 4],
    ['halves-rgba-lossless.webp', [255, 0, 0, 255], [0, 0, 255, 0], 0],
  ])('decodes %s in a page', async (name, left, right, tolerance) => {
    const result = await decodeInPage(page, name, new Uint8Array(readFileSync(join(IMAGES, name))));
    expect(result.ok, result.message).toBe(true);
    expect([result.width, result.height, result.targetSize]).toEqual([48, 32, 16]);
    for (const [i, v] of result.left!.entries())
      expect(Math.abs(v - left[i]!)).toBeLessThanOrEqual(tolerance as number);
    // A fully transparent pixel's colour is not kept by every decoder: compare alpha only there.
    const compared = right[3] === 0 ? [3] : [0, 1, 2, 3];
    for (const i of compared) expect(Math.abs(result.right![i]! - right[i]!)).toBeLessThanOrEqual(tolerance as number);
  });

  it('turns a JPEG as its EXIF orientation says, like the Node decoder', async () => {
    const result = await decodeInPage(
      page,
      'turned.jpg',
      new Uint8Array(readFileSync(join(IMAGES, 'halves-rgb-exif6.jpg'))),
    );
    expect(result.ok, result.message).toBe(true);
    expect([result.width, result.height]).toEqual([32, 48]);
    expect(result.notes!.join(' ')).toMatch(/EXIF orientation \(6\)/);
    // (2, 2) is in the red top half once turned; the summary's "right" pixel (45, 2) is outside 32 columns.
    for (const [i, v] of result.left!.slice(0, 3).entries())
      expect(Math.abs(v - [255, 0, 0][i]!)).toBeLessThanOrEqual(8);
  });

  it('says what it did to greyscale, transparent and CMYK pictures', async () => {
    const notes = async (name: string) =>
      (await decodeInPage(page, name, new Uint8Array(readFileSync(join(IMAGES, name))))).notes!.join(' ');
    expect(await notes('halves-grey.png')).toMatch(/greyscale/);
    expect(await notes('halves-rgba.png')).toMatch(/transparent pixels composited over white/);
    expect(await notes('halves-cmyk.jpg')).toMatch(/CMYK JPEG/);
  });

  it('refuses bad pictures with the same messages as in Node', async () => {
    const huge = new Uint8Array(33);
    huge.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(huge.buffer).setUint32(16, 20000);
    new DataView(huge.buffer).setUint32(20, 20000);
    huge.set([8, 2, 0, 0, 0], 24);
    const cases: Array<[string, Uint8Array, string, RegExp]> = [
      ['huge.png', huge, 'too-large', /huge\.png is 20000x20000 pixels/],
      ['empty.png', new Uint8Array(0), 'empty', /empty\.png is empty/],
      ['notes.txt', new TextEncoder().encode('hello'), 'not-an-image', /not a picture/],
      [
        'cut.png',
        new Uint8Array(readFileSync(join(IMAGES, 'truncated.png'))),
        'corrupt',
        /cut\.png could not be decoded as PNG/,
      ],
    ];
    for (const [name, bytes, kind, message] of cases) {
      const result = await decodeInPage(page, name, bytes);
      expect(result.ok).toBe(false);
      expect(result.kind).toBe(kind);
      expect(result.message).toMatch(message);
    }
  });

  it('decodes in a Web Worker (where the render worker will run it)', async () => {
    const bytes = Array.from(readFileSync(join(IMAGES, 'halves-rgb.webp')));
    const source = `${script}\n${decodeInBrowser}\nonmessage = async (e) => postMessage(await decodeSummary(e.data.bytes, e.data.name));`;
    const result = await page.evaluate(
      ([code, data]) =>
        new Promise<Decoded>((done) => {
          const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
          worker.onmessage = (e) => done(e.data as Decoded);
          worker.postMessage({ bytes: data, name: 'sky.webp' });
        }),
      [source, bytes] as const,
    );
    expect(result.ok, result.message).toBe(true);
    expect([result.width, result.height]).toEqual([48, 32]);
    for (const [i, v] of result.right!.entries()) expect(Math.abs(v - [0, 0, 255, 255][i]!)).toBeLessThanOrEqual(8);
  });
});
