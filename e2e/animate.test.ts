/**
 * "Animate a picture" in the studio (WASM, sky64): a bad file's message, a picture projected live (target and
 * reconstruction, PSNR), Cancel leaving the worker's tensor count flat and nothing stored, Keep, the video
 * playing from the projected content, a link reopening the identical frame, and a 1 s export of it.
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

/** A 96x72 picture (not square, so the crop matters): a diagonal gradient with a bright disc. */
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

describe('Animate a picture (WASM, sky64)', () => {
  let browser: Browser;
  let studio: StudioPage;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'animate-e2e-'));
  const baseUrl = inject('baseUrl');
  /** "Animate a picture" in the stage. */
  const panel = () => page.locator('.animate-stage');
  const openStage = async () => {
    const button = page.getByRole('button', { name: 'Animate a picture' });
    if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
    await panel().waitFor();
  };

  const status = () => page.getByTestId('projection-status');
  const tensors = () => page.evaluate(() => window.__studio.renderer.numTensors());
  const stored = () => page.evaluate(() => localStorage.getItem('stylegan-v-studio:projected-pictures'));
  let seedFrame: number[];

  beforeAll(async () => {
    browser = await launchChromium();
    studio = await StudioPage.open(browser, `${baseUrl}/?backend=wasm`);
    page = studio.page;
    seedFrame = await studio.framePixels();
    await openStage();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the clear message for a file that is not a picture; a dropped picture is chosen', async () => {
    await page.getByLabel('Picture file').setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('these are not pixels'),
    });
    await expect
      .poll(() => page.getByTestId('picture-error').textContent())
      .toBe('notes.png is not a picture (not PNG, JPEG or WebP)');
    await page.screenshot({ path: 'e2e-artifacts/animate-bad-file.png' });
    // A picture dropped on the sidebar's panel is chosen like a picked one (the stage shows it).
    const bytes = Array.from(gradientPng());
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'dropped.png', { type: 'image/png' }));
      const zone = document.querySelector('.animate-sidebar')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await expect.poll(() => panel().textContent()).toContain('dropped.png: 96×72, square crop resized to 64×64');
    expect(await page.getByTestId('picture-error').count()).toBe(0);
  });

  it('projects live, Keep takes the best so far, and the video plays from the projected content', async () => {
    await page.getByLabel('Picture file').setInputFiles({
      name: 'gradient.png',
      mimeType: 'image/png',
      buffer: gradientPng(),
    });
    await expect.poll(() => page.getByLabel('Target').getAttribute('data-drawn')).toBe('yes');
    expect(await page.getByTestId('picture-error').count()).toBe(0);
    expect(await stored()).toBeNull();
    await studio.typeNumber('Steps', 300);
    await panel().getByRole('button', { name: 'Project' }).click();
    await expect
      .poll(() => status().textContent(), { timeout: 120_000 })
      .toMatch(/^Step (\d\d+) \/ 300 · loss \d+\.\d{4} · PSNR \d+\.\d dB \(best \d+\.\d\) · \d+:\d\d left$/);
    expect(await page.getByLabel('Reconstruction').getAttribute('data-drawn')).toBe('yes');
    const reconstruction = await studio.pixels('canvas[aria-label="Reconstruction"]');
    expect(spread(reconstruction)).toBeGreaterThan(1);
    await page.screenshot({ path: 'e2e-artifacts/animate-running.png' });
    await panel().getByRole('button', { name: 'Keep' }).click();
    const done = page.getByTestId('projection-done');
    await expect
      .poll(() => done.textContent(), { timeout: 60_000 })
      .toMatch(/^Kept gradient\.png: PSNR \d+\.\d dB \(step \d+ of 300, w\+, motion seed 1\)/);
    console.log(`[animate] ${await done.textContent()}`);
    expect(await studio.state('contentWs')).toEqual(expect.any(String));
    expect(await page.getByTestId('content-source').isVisible()).toBe(true);
    expect(await panel().getByRole('button', { name: 'Use gradient.png' }).getAttribute('aria-pressed')).toBe('true');
    const shown = await studio.pixels('canvas[aria-label="Reconstruction"]');
    await page.screenshot({ path: 'e2e-artifacts/animate-stage-kept.png' });
    await panel().getByRole('button', { name: 'Play it in the video' }).click();

    await studio.setTime(0);
    const atZero = await studio.framePixels();
    // The reconstruction shown for the kept result is the video's first frame, and its PSNR is that frame's.
    expect(meanAbsDiff(shown, atZero)).toBe(0);
    expect(meanAbsDiff(atZero, seedFrame)).toBeGreaterThan(2);
    await studio.setTime(100);
    const later = await studio.framePixels();
    console.log(`[animate] frames at t=0 and t=100 differ by ${meanAbsDiff(atZero, later).toFixed(2)} (mean |RGB|)`);
    expect(meanAbsDiff(atZero, later)).toBeGreaterThan(0.5);
    await page.screenshot({ path: 'e2e-artifacts/animate-kept.png' });
  });

  it('motion seeds, PCA edits, style mixing and the grid work on the projected content', async () => {
    await studio.setTime(20);
    const projected = await studio.framePixels();
    await studio.setNumber('Motion seed', 2);
    expect(meanAbsDiff(await studio.framePixels(), projected)).toBeGreaterThan(0.5);
    await studio.setNumber('Motion seed', 1);
    expect(meanAbsDiff(await studio.framePixels(), projected)).toBe(0);
    await page.getByLabel('Direction 1', { exact: true }).fill('3');
    await studio.idle();
    expect(meanAbsDiff(await studio.framePixels(), projected)).toBeGreaterThan(1);
    await page.getByLabel('Direction 1', { exact: true }).fill('0');
    await studio.idle();
    await page.getByLabel('Style mixing', { exact: true }).check();
    await studio.idle();
    expect(meanAbsDiff(await studio.framePixels(), projected)).toBeGreaterThan(0.5);
    await page.getByLabel('Style mixing', { exact: true }).uncheck();
    await studio.idle();
    expect(meanAbsDiff(await studio.framePixels(), projected)).toBe(0);
    // Grid column 0 is the picture: its cell at motion seed 1 is the main video's frame.
    await page.getByRole('tab', { name: 'Content × motion grid' }).click();
    await studio.idle();
    const cell = await studio.pixels('canvas[aria-label="Grid video content picture motion 1"]');
    expect(meanAbsDiff(cell, projected)).toBe(0);
    const next = await studio.pixels('canvas[aria-label="Grid video content 2 motion 1"]');
    expect(meanAbsDiff(next, projected)).toBeGreaterThan(1);
    await page.screenshot({ path: 'e2e-artifacts/animate-grid.png' });
    await page.getByRole('tab', { name: 'Video' }).click();
    await studio.idle();
  });

  it('the link reopens the identical frame of the projected content', async () => {
    await studio.setTime(37.5);
    const frame = await studio.framePixels();
    await page.waitForFunction(() => location.hash.includes('ws=') && location.hash.includes('t=37.5'));
    const url = page.url();
    console.log(`[animate] link length ${url.length} characters`);
    const reopened = await StudioPage.open(browser, url);
    await reopened.page.waitForFunction(
      () => document.querySelector('canvas[aria-label="Video frame"]')?.getAttribute('data-rendered-t') === '37.5',
      undefined,
      { timeout: 120_000 },
    );
    expect(meanAbsDiff(await reopened.framePixels(), frame)).toBe(0);
    expect(await reopened.page.getByTestId('content-source').isVisible()).toBe(true);
    await reopened.page.screenshot({ path: 'e2e-artifacts/animate-reopened.png' });
    expect(reopened.consoleErrors).toEqual([]);
    await reopened.page.close();
  });

  it('exports 1 s of the projected video as H.264', async () => {
    const button = page.getByRole('button', { name: 'Export MP4' });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await page.getByLabel('Content', { exact: true }).selectOption('video');
    await studio.typeNumber('Start t', 0);
    await studio.typeNumber('Duration (s)', 1);
    await studio.typeNumber('Frames per second', 25);
    await page.getByLabel('Save to', { exact: true }).selectOption('download');
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Start export' }).click();
    const file = join(dir, 'picture.mp4');
    await (await download).saveAs(file);
    const media = probe(file);
    expect([media.codec, media.width, media.height, media.frames]).toEqual(['h264', 64, 64, 25]);
    expect(Math.abs(media.duration - 1)).toBeLessThanOrEqual(1 / 25);
    // Its first frame is the projected content at t = 0, not the content seed's.
    const first = firstFrame(file, 'rgba');
    await studio.setTime(0);
    const canvas = await studio.framePixels();
    expect(meanAbsDiff(Array.from(first), canvas)).toBeLessThan(meanAbsDiff(Array.from(first), seedFrame));
    expect(studio.consoleErrors).toEqual([]);
  });

  it('Cancel mid-run leaves the tensor count flat, stores nothing and keeps the content', async () => {
    // After the first projection: its one-time engine caches (the non-fused synthesis) stay by design.
    await studio.idle();
    const before = await tensors();
    const storedBefore = await stored();
    const contentBefore = await studio.state('contentWs');
    await openStage();
    await studio.typeNumber('Steps', 500);
    await panel().getByRole('button', { name: 'Project' }).click();
    await expect.poll(() => status().textContent(), { timeout: 120_000 }).toMatch(/^Step ([3-9]|\d\d+) \/ 500/);
    await panel().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => panel().textContent()).toContain('Projection canceled: nothing was kept.');
    await studio.idle();
    expect(await tensors()).toBe(before);
    expect(await stored()).toBe(storedBefore);
    expect(await studio.state('contentWs')).toBe(contentBefore);
    await page.screenshot({ path: 'e2e-artifacts/animate-canceled.png' });
  });

  it('a run to the end in w with the best of 8 motion seeds is kept and listed; saved pictures can be chosen again', async () => {
    const first = await studio.state('contentWs');
    await openStage();
    await studio.typeNumber('Steps', 12);
    await page.getByLabel('Latent space', { exact: true }).selectOption('w');
    await page.getByLabel('Find the best motion', { exact: true }).check();
    await panel().getByRole('button', { name: 'Project' }).click();
    await expect
      .poll(() => page.getByTestId('projection-done').textContent(), { timeout: 120_000 })
      .toMatch(/^Projected gradient\.png: PSNR \d+\.\d dB \(step \d+ of 12, w, motion seed [1-8]\)/);
    const chosen = Number(/motion seed (\d)/.exec((await page.getByTestId('projection-done').textContent()) ?? '')![1]);
    expect(await studio.state('motionSeed')).toBe(chosen);
    const second = await studio.state('contentWs');
    expect(second).not.toBe(first);
    const saved = panel().getByRole('button', { name: 'Use gradient.png' });
    expect(await saved.count()).toBe(2);
    await page.getByRole('button', { name: 'Use content seed' }).click();
    expect(await studio.state('contentWs')).toBeNull();
    await saved.nth(1).click(); // the older one: newest first
    expect(await studio.state('contentWs')).toBe(first);
    await page.screenshot({ path: 'e2e-artifacts/animate-saved.png' });
    expect(studio.consoleErrors).toEqual([]);
  });
});
