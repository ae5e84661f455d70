/**
 * The panels of issue 20 in Chromium (WASM, sky64): a 4x export (its size read back with ffprobe) and a 2x
 * "Save frame"; grid cells that open their content × motion pair in the Video view (click and Enter) and
 * filmstrip thumbnails that seek; "Animate a picture" in the stage with a crop rectangle dragged by pointer
 * and keys; direction previews. Screenshots at 1400x900 go to e2e-artifacts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../tools/chromium';
import { firstFrame, probe } from './support/media';
import { meanAbsDiff, StudioPage, spread } from './support/studio-page';

/** A 96x72 picture: a diagonal gradient with a bright disc. */
function gradientPng(): Buffer {
  const png = new PNG({ width: 96, height: 72 });
  for (let y = 0; y < 72; y++)
    for (let x = 0; x < 96; x++) {
      const i = (y * 96 + x) * 4;
      const disc = (x - 48) ** 2 + (y - 30) ** 2 < 12 ** 2;
      png.data[i] = disc ? 250 : 40 + x;
      png.data[i + 1] = disc ? 230 : 60 + y * 2;
      png.data[i + 2] = disc ? 180 : 200 - x;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

/** RGBA pixels of a `side` x `side` image, each pixel repeated `factor` x `factor` times (nearest scaling). */
function upscaleNearest(rgba: number[], side: number, factor: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < side * factor; y++)
    for (let x = 0; x < side * factor; x++) {
      const s = (Math.floor(y / factor) * side + Math.floor(x / factor)) * 4;
      out.push(rgba[s]!, rgba[s + 1]!, rgba[s + 2]!, rgba[s + 3]!);
    }
  return out;
}

/** RGB bytes averaged over factor x factor blocks, as RGBA (alpha 255). */
function downscaleMean(rgb: Uint8Array, side: number, factor: number): number[] {
  const small = side / factor;
  const out: number[] = [];
  for (let y = 0; y < small; y++)
    for (let x = 0; x < small; x++) {
      const sum = [0, 0, 0];
      for (let dy = 0; dy < factor; dy++)
        for (let dx = 0; dx < factor; dx++)
          for (let c = 0; c < 3; c++) sum[c]! += rgb[((y * factor + dy) * side + x * factor + dx) * 3 + c]!;
      out.push(...sum.map((v) => Math.round(v / factor ** 2)), 255);
    }
  return out;
}

describe('panels (WASM, sky64)', () => {
  let browser: Browser;
  let studio: StudioPage;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'panels-e2e-'));
  const baseUrl = inject('baseUrl');

  beforeAll(async () => {
    browser = await launchChromium();
    studio = await StudioPage.open(browser, `${baseUrl}/?backend=wasm`);
    page = studio.page;
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seeds = async () => ({
    content: await page.getByLabel('Content seed', { exact: true }).inputValue(),
    motion: await page.getByLabel('Motion seed', { exact: true }).inputValue(),
  });

  it('exports at 4x: a 64 px model gives a 256 x 256 H.264 file of the frames scaled up', async () => {
    await studio.setTime(10);
    const canvas = await studio.framePixels();
    await page.getByRole('button', { name: 'Export MP4' }).click();
    // The form opens on the loop (in to out: 0 to 250 training frames, 10 s at 25 fps).
    expect(await page.getByLabel('Start t', { exact: true }).inputValue()).toBe('0');
    expect(await page.getByLabel('Duration (s)', { exact: true }).inputValue()).toBe('10');
    await expect.poll(() => page.getByTestId('export-summary').textContent()).toContain('250 frames, t 0 → 249');
    expect(await page.locator('.export-speed-note').textContent()).toMatch(
      /Playback speed only previews: an export runs at real time/,
    );
    await page.getByLabel('Scale', { exact: true }).selectOption('4');
    await page.getByLabel('Scaling', { exact: true }).selectOption('nearest');
    await studio.typeNumber('Start t', 10);
    await studio.typeNumber('Duration (s)', 1);
    await page.getByLabel('Save to', { exact: true }).selectOption('download');
    await expect.poll(() => page.getByTestId('export-summary').textContent()).toContain('25 frames, t 10 → 34');
    expect(await page.getByTestId('export-summary').textContent()).toContain('256×256px');
    await page.getByRole('button', { name: 'Start export' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'e2e-artifacts/export-scale.png' });
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Start export' }).click();
    const done = await download;
    expect(done.suggestedFilename()).toBe('sky64_c1_m1_t10_4x-1s-25fps.mp4');
    const file = join(dir, 'scaled.mp4');
    await done.saveAs(file);
    const info = probe(file);
    console.log(`[panels] 4x export: ${JSON.stringify(info)}`);
    expect(info).toMatchObject({ codec: 'h264', width: 256, height: 256, frames: 25 });
    // Its first frame, averaged back over 4 x 4 blocks, is the canvas at t = 10.
    const back = downscaleMean(firstFrame(file, 'rgb24'), 256, 4);
    const diff = meanAbsDiff(back, canvas);
    console.log(`[panels] 4x first frame averaged to 64 px vs the canvas: mean |RGB| ${diff.toFixed(2)}`);
    expect(diff).toBeLessThan(3);
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('"Save frame" at 2x nearest writes every pixel of the canvas as a 2 x 2 block', async () => {
    const canvas = await studio.framePixels();
    await page.getByLabel('Frame size', { exact: true }).selectOption('2-nearest');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save frame' }).click();
    const done = await download;
    expect(done.suggestedFilename()).toBe('sky64_c1_m1_t10_2x.png');
    const file = join(dir, 'frame.png');
    await done.saveAs(file);
    const png = PNG.sync.read(await import('node:fs').then((fs) => fs.readFileSync(file)));
    expect([png.width, png.height]).toEqual([128, 128]);
    expect(meanAbsDiff(Array.from(png.data), upscaleNearest(canvas, 64, 2))).toBe(0);
    await page.getByLabel('Frame size', { exact: true }).selectOption('1-nearest');
  });

  it('a click or Enter on a grid cell opens its content × motion pair in the Video view (one undo step)', async () => {
    await page.getByRole('tab', { name: 'Content × motion grid' }).click();
    await studio.idle();
    // Columns share content (seed 1 + column), rows share motion (seed 1 + row).
    const cell = page.getByRole('button', { name: 'Content 2, motion 3', exact: true });
    await cell.click();
    await page.locator('canvas[aria-label="Video frame"]').waitFor();
    expect(await seeds()).toEqual({ content: '2', motion: '3' });
    await studio.idle();
    const opened = await studio.framePixels();
    // Undo goes back to both seeds at once.
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(seeds).toEqual({ content: '1', motion: '1' });
    await studio.idle();
    expect(meanAbsDiff(await studio.framePixels(), opened)).toBeGreaterThan(1);

    await page.getByRole('tab', { name: 'Content × motion grid' }).click();
    const keyed = page.getByRole('button', { name: 'Content 3, motion 2', exact: true });
    await keyed.focus();
    await page.keyboard.press('Enter');
    await page.locator('canvas[aria-label="Video frame"]').waitFor();
    expect(await seeds()).toEqual({ content: '3', motion: '2' });
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(seeds).toEqual({ content: '1', motion: '1' });
    await studio.idle();
  });

  it('filmstrip thumbnails are named buttons that seek to their t', async () => {
    // The loop 0..250 in 8 thumbnails: the second is at 250/7 training frames.
    const thumb = page.getByRole('button', { name: 'Frame at 35.71 frames', exact: true });
    await thumb.click();
    await expect.poll(() => studio.state('t')).toBeCloseTo(250 / 7, 6);
    await page.getByRole('button', { name: 'Frame at 250 frames', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => studio.state('t')).toBe(250);
    await studio.setTime(10);
  });

  it('direction previews show the current frame from −2σ to +2σ, and ranges name their resolutions', async () => {
    await studio.idle();
    expect(((await studio.state('directionSigmas')) as number[]).length).toBeGreaterThan(0);
    const preview = (d: number, sigma: string) => `canvas[aria-label="Direction ${d} at ${sigma}"]`;
    // Rendered in idle time: wait until every preview shows t = 10.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.direction-previews canvas')].every(
          (c) => (c as HTMLCanvasElement).dataset.t === '10',
        ),
      undefined,
      { timeout: 180_000, polling: 100 },
    );
    const frame = await studio.framePixels();
    // 0σ of an unedited video is the frame itself; ±2σ differ from it and from each other.
    expect(meanAbsDiff(await studio.pixels(preview(1, '0σ')), frame)).toBe(0);
    const minus = await studio.pixels(preview(1, '−2σ'));
    const plus = await studio.pixels(preview(1, '+2σ'));
    console.log(`[panels] direction 1: −2σ vs +2σ differ by ${meanAbsDiff(minus, plus).toFixed(2)} (mean |RGB|)`);
    expect(meanAbsDiff(minus, plus)).toBeGreaterThan(1);
    expect(spread(plus)).toBeGreaterThan(5);
    // The layer choices say which ws they edit and at which resolutions.
    const options = await page.getByLabel('Direction 1 layers', { exact: true }).locator('option').allTextContents();
    console.log(`[panels] layer choices: ${options.join(' | ')}`);
    expect(options).toContain('coarse: ws 0–2 (4–8 px)');
    await page.getByLabel('Direction 1 layers', { exact: true }).selectOption('explicit');
    expect(await page.getByTestId('Direction 1 layers edits').textContent()).toBe('ws 0–9 (4–64 px)');
    await page.getByLabel('Direction 1 layers', { exact: true }).selectOption('all');
    await page.locator('.inspector').screenshot({ path: 'e2e-artifacts/edit-previews.png' });
    await page.screenshot({ path: 'e2e-artifacts/edit-previews-page.png' });
  });

  it('"Animate a picture" opens in the stage; the crop rectangle is dragged by pointer and keys', async () => {
    await page.getByRole('button', { name: 'Animate a picture' }).click();
    const stage = page.locator('.animate-stage');
    await stage.waitFor();
    expect(await page.locator('canvas[aria-label="Video frame"]').count()).toBe(0);
    await page
      .getByLabel('Picture file')
      .setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: gradientPng() });
    await expect.poll(() => page.getByTestId('picture-name').textContent()).toContain('gradient.png: 96×72');
    const values = () => page.getByTestId('crop-values').textContent();
    expect(await values()).toBe('Crop 72×72 px at x 12, y 0');
    const rect = page.getByTestId('crop-rect');
    const picture = (await page.getByTestId('crop-picture').boundingBox())!;
    const box = (await rect.boundingBox())!;
    // The rectangle is drawn over the picture where the crop is (x 12 of 96, the full height).
    expect(box.x - picture.x).toBeCloseTo((12 / 96) * picture.width, 0);
    expect(box.height).toBeCloseTo(picture.height, 0);
    const px = picture.width / 96; // CSS pixels per picture pixel
    await page.screenshot({ path: 'e2e-artifacts/animate-stage.png' });

    // Its corner handle, dragged up and left by 36 picture pixels, halves it.
    const handle = (await page.getByTestId('crop-handle').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 - 36 * px, handle.y + handle.height / 2 - 36 * px, { steps: 5 });
    await page.mouse.up();
    expect(await values()).toBe('Crop 36×36 px at x 12, y 0');
    // The square, dragged right and down by 20 picture pixels, moves with the pointer.
    const small = (await rect.boundingBox())!;
    await page.mouse.move(small.x + small.width / 2, small.y + small.height / 2);
    await page.mouse.down();
    await page.mouse.move(small.x + small.width / 2 + 20 * px, small.y + small.height / 2 + 20 * px, { steps: 5 });
    await page.mouse.up();
    expect(await values()).toBe('Crop 36×36 px at x 32, y 20');
    // Keys: → moves it 1 px (1% of 72), Shift+↑ 7 px, − shrinks it; the time stays where it is.
    const t = await studio.state('t');
    await rect.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('-');
    expect(await values()).toBe('Crop 35×35 px at x 33, y 13');
    expect(await studio.state('t')).toBe(t);
    // The target shows the crop.
    await expect.poll(() => page.getByLabel('Target').getAttribute('data-drawn')).toBe('yes');
    await page.screenshot({ path: 'e2e-artifacts/animate-stage-cropped.png' });
    await stage.getByRole('button', { name: 'Back to the video' }).click();
    await page.locator('canvas[aria-label="Video frame"]').waitFor();
    // The session stays: opened again, the picture and its crop are there.
    await page.getByRole('button', { name: 'Animate a picture' }).click();
    expect(await values()).toBe('Crop 35×35 px at x 33, y 13');
  });

  it('logs no console errors', () => {
    expect(studio.consoleErrors).toEqual([]);
  });
});
