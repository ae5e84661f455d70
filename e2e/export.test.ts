import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../tools/chromium';
import { firstFrame, probe } from './support/media';
import { meanAbsDiff, StudioPage } from './support/studio-page';

/** Every frame of a video as RGB bytes. */
function allFrames(file: string, frameBytes: number): Buffer[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return Array.from({ length: raw.length / frameBytes }, (_, i) => raw.subarray(i * frameBytes, (i + 1) * frameBytes));
}

/** PSNR in dB between RGB bytes and the RGB channels of RGBA canvas pixels. */
function psnr(rgb: Uint8Array, rgba: number[]): number {
  expect(rgb.length).toBe((rgba.length / 4) * 3);
  let squared = 0;
  for (let p = 0; p < rgba.length / 4; p++)
    for (let c = 0; c < 3; c++) squared += (rgb[p * 3 + c]! - rgba[p * 4 + c]!) ** 2;
  const mse = squared / rgb.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** A File System Access picker that keeps files in page memory with Chromium's semantics (write to a swap, commit on close). */
function installFakeFilePicker(page: Page): Promise<void> {
  return page.evaluate(() => {
    const fsa = { files: {} as Record<string, Uint8Array>, log: [] as string[] };
    (window as unknown as { __fsa: typeof fsa }).__fsa = fsa;
    (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async ({
      suggestedName,
    }: {
      suggestedName: string;
    }) => {
      const name = suggestedName;
      fsa.files[name] = new Uint8Array(0);
      fsa.log.push(`create ${name}`);
      return {
        name,
        createWritable: async () => {
          let swap = new Uint8Array(0);
          return {
            write: async ({ data, position }: { data: Uint8Array; position: number }) => {
              if (position + data.byteLength > swap.byteLength) {
                const grown = new Uint8Array(Math.max(position + data.byteLength, swap.byteLength * 2));
                grown.set(swap);
                swap = grown;
              }
              swap.set(data, position);
              fsa.log.push('write');
            },
            close: async () => {
              fsa.files[name] = swap;
              fsa.log.push('close');
            },
            abort: async () => {
              fsa.log.push('abort');
            },
          };
        },
        remove: async () => {
          delete fsa.files[name];
          fsa.log.push('remove');
        },
      };
    };
  });
}

describe('export in Chromium (WASM, sky64)', () => {
  let browser: Browser;
  let studio: StudioPage;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'export-e2e-'));
  const baseUrl = inject('baseUrl');
  const downloads: Download[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    studio = await StudioPage.open(browser, `${baseUrl}/?backend=wasm`);
    page = studio.page;
    page.on('download', (download) => downloads.push(download));
    await studio.setTime(10);
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openOptions(options: {
    start: number;
    duration: number;
    fps: number;
    destination: 'download' | 'file';
    content?: 'video' | 'grid';
  }) {
    const button = page.getByRole('button', { name: 'Export MP4' });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await page.getByLabel('Content', { exact: true }).selectOption(options.content ?? 'video');
    await studio.typeNumber('Start t', options.start);
    await studio.typeNumber('Duration (s)', options.duration);
    await studio.typeNumber('Frames per second', options.fps);
    await page.getByLabel('Save to', { exact: true }).selectOption(options.destination);
  }

  const startButton = () => page.getByRole('button', { name: 'Start export' });

  /** Records every value the export progress bar shows (as a fraction) from now on, in window.__progress. */
  const watchProgress = () =>
    page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      const record = () => {
        const bar = document.querySelector('progress[aria-label="Export progress"]') as HTMLProgressElement | null;
        if (bar && bar.max > 0 && seen.at(-1) !== bar.value / bar.max) seen.push(bar.value / bar.max);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
  const progressSeen = () => page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
  const progressFraction = () =>
    page.evaluate(() => {
      const bar = document.querySelector('progress[aria-label="Export progress"]') as HTMLProgressElement | null;
      return bar ? bar.value / bar.max : -1;
    });

  it('exports 2 s at 30 fps from t = 10 as H.264 whose first frame is the canvas at t = 10', async () => {
    const canvas = await studio.framePixels();
    await openOptions({ start: 10, duration: 2, fps: 30, destination: 'download' });
    await expect.poll(() => page.getByTestId('export-summary').textContent()).toContain('60 frames, t 10 → 59.17');
    await startButton().scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'e2e-artifacts/export.png' });
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await watchProgress();
    await startButton().click();
    const file = join(dir, 'clip.mp4');
    const done = await download;
    // The bar showed the export moving forward: values in [0, 1], never going back, some past the start.
    const shown = await progressSeen();
    console.log(`[export] progress bar values: ${shown.map((f) => f.toFixed(2)).join(' ')}`);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= shown[i - 1]!))).toBe(true);
    expect(Math.max(...shown)).toBeGreaterThan(0);
    expect(done.suggestedFilename()).toBe('sky64_c1_m1_t10-2s-30fps.mp4');
    await done.saveAs(file);
    const status = await page.locator('.export-done').textContent();
    console.log(`[export] ${status}`);

    const info = probe(file);
    expect(info).toMatchObject({ codec: 'h264', width: 64, height: 64, frames: 60 });
    expect(Math.abs(info.duration - 2)).toBeLessThanOrEqual(1 / 30);
    const quality = psnr(firstFrame(file, 'rgb24'), canvas);
    console.log(`[export] first frame PSNR vs canvas at t=10: ${quality.toFixed(2)} dB`);
    expect(quality).toBeGreaterThanOrEqual(35);
  });

  it('renders new in-between frames at high frame rates: frame i of a 120 fps export is t = start + i * 25/120', async () => {
    await openOptions({ start: 10, duration: 1, fps: 120, destination: 'download' });
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await startButton().click();
    const file = join(dir, 'slow.mp4');
    await (await download).saveAs(file);
    const info = probe(file);
    expect(info).toMatchObject({ codec: 'h264', width: 64, height: 64, frames: 120 });
    expect(Math.abs(info.duration - 1)).toBeLessThanOrEqual(1 / 120);

    // Decode every frame and compare it with the studio's own rendering of the frame at its time.
    const times = Array.from({ length: 120 }, (_, i) => 10 + (i * 25) / 120);
    const expected = await page.evaluate(async (ts) => {
      const source = await window.__studio.renderer.createFrameSource('video');
      try {
        return (await source.render(ts)).map((image) => Array.from(image.data));
      } finally {
        source.dispose();
      }
    }, times);
    const decoded = allFrames(file, 64 * 64 * 3);
    expect(decoded).toHaveLength(120);
    const own = decoded.map((frame, i) => psnr(frame, expected[i]!));
    // Frame i against the frame half a second of video away: a wrong time mapping would match that better.
    const shifted = decoded.map((frame, i) => psnr(frame, expected[(i + 60) % 120]!));
    console.log(
      `[export] 120 fps frames vs their own t: PSNR >= ${Math.min(...own).toFixed(1)} dB; vs t 12.5 training frames away: mean ${(shifted.reduce((a, b) => a + b) / 120).toFixed(1)} dB`,
    );
    expect(Math.min(...own)).toBeGreaterThanOrEqual(35);
    for (let i = 0; i < 120; i++) expect(own[i]).toBeGreaterThan(shifted[i]!);
  });

  it('cancels half-way: no file, no leaked tensors', async () => {
    const before = await page.evaluate(() => window.__studio.renderer.numTensors());
    const downloadsBefore = downloads.length;
    await openOptions({ start: 0, duration: 30, fps: 30, destination: 'download' });
    await startButton().click();
    await page.waitForFunction(
      () => {
        const bar = document.querySelector('progress[aria-label="Export progress"]') as HTMLProgressElement | null;
        return bar !== null && bar.value / bar.max > 0.3;
      },
      undefined,
      { timeout: 120_000, polling: 20 },
    );
    await page.screenshot({ path: 'e2e-artifacts/export-progress.png' });
    // The model cannot change under a running export.
    expect(await page.getByRole('combobox', { name: 'Model', exact: true }).isDisabled()).toBe(true);
    console.log(`[export] at cancel: ${await page.locator('.export-numbers').textContent()}`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Export canceled' }).count(), { timeout: 1000 })
      .toBe(1);
    expect(await progressFraction()).toBe(-1);
    await expect.poll(() => startButton().isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('combobox', { name: 'Model', exact: true }).isDisabled()).toBe(false);
    await page.waitForTimeout(1000);
    expect(downloads.length).toBe(downloadsBefore);
    await expect
      .poll(() => page.evaluate(() => window.__studio.renderer.numTensors()), { timeout: 10_000 })
      .toBe(before);
  });

  it('streams to a picked file (File System Access) and leaves nothing behind on cancel', async () => {
    await installFakeFilePicker(page);
    await page.getByRole('button', { name: 'Close' }).click();
    // The grid: 3 x 3 videos of 64 px composited into one 192 x 192 frame.
    await openOptions({ start: 5, duration: 1, fps: 24, destination: 'file', content: 'grid' });
    await startButton().click();
    await page.locator('.export-done').waitFor({ timeout: 120_000 });
    console.log(`[export] ${await page.locator('.export-done').textContent()}`);
    const name = 'sky64_grid3x3_c1_m1_t5-1s-24fps.mp4';
    const bytes = await page.evaluate(
      (n) => Array.from((window as unknown as { __fsa: { files: Record<string, Uint8Array> } }).__fsa.files[n] ?? []),
      name,
    );
    const file = join(dir, 'grid.mp4');
    writeFileSync(file, Uint8Array.from(bytes));
    expect(probe(file)).toMatchObject({ codec: 'h264', width: 192, height: 192, frames: 24 });

    const before = await page.evaluate(() => window.__studio.renderer.numTensors());
    await openOptions({ start: 0, duration: 60, fps: 30, destination: 'file', content: 'video' });
    await startButton().click();
    await page.waitForFunction(
      () => {
        const bar = document.querySelector('progress[aria-label="Export progress"]') as HTMLProgressElement | null;
        return bar !== null && bar.value / bar.max > 0.05;
      },
      undefined,
      { timeout: 120_000, polling: 20 },
    );
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => startButton().isEnabled(), { timeout: 10_000 }).toBe(true);
    const fsa = await page.evaluate(
      () => (window as unknown as { __fsa: { files: Record<string, Uint8Array>; log: string[] } }).__fsa,
    );
    expect(Object.keys(fsa.files)).toEqual([name]);
    expect(fsa.log.slice(-2)).toEqual(['abort', 'remove']);
    await expect
      .poll(() => page.evaluate(() => window.__studio.renderer.numTensors()), { timeout: 10_000 })
      .toBe(before);
  });

  it('"Save frame" downloads a PNG with exactly the canvas pixels', async () => {
    await studio.setTime(12.5);
    const canvas = await studio.framePixels();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save frame' }).click();
    const done = await download;
    expect(done.suggestedFilename()).toBe('sky64_c1_m1_t12.5.png');
    const file = join(dir, 'frame.png');
    await done.saveAs(file);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    expect(meanAbsDiff(Array.from(firstFrame(file, 'rgba')), canvas)).toBe(0);
  });

  it('logs no console errors', () => {
    expect(studio.consoleErrors).toEqual([]);
  });
});
