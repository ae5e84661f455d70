/**
 * "Animate a video" end to end (WASM, sky64): a short clip dropped on the page is fitted with few steps (the
 * reconstructions and PSNR shown live), the result plays in Video with its fitted motion (at 0.25x, and past
 * the clip's end), is listed under "Saved videos" to choose again, and exports as the clip, its fit and the
 * edited video side by side (read back with ffprobe and ffmpeg); a second fit canceled leaves nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumForSuite } from './support/chromium';
import { probe } from './support/media';
import { meanAbsDiff, StudioPage, spread } from './support/studio-page';

/** 8 frames at 25 fps, 96x96, VP9: ffmpeg's moving test pattern (something for the motion to follow). */
function movingClip(dir: string): Buffer {
  const path = join(dir, 'moving.webm');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=96x96:rate=25'],
    ...['-frames:v', '8', '-c:v', 'libvpx-vp9', '-crf', '10', '-b:v', '0', '-pix_fmt', 'yuv420p', path],
  ]);
  return readFileSync(path);
}

/** Frame n of a video as RGBA bytes. */
function frameAt(file: string, n: number): Buffer {
  const select = ['-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'];
  return execFileSync('ffmpeg', ['-v', 'error', '-i', file, ...select], { maxBuffer: 64 * 1024 * 1024 });
}

/** Tile `i` (64x64) of an RGBA image `tiles` tiles wide. */
function tile(rgba: Buffer, tiles: number, i: number): number[] {
  const out: number[] = [];
  const width = 64 * tiles;
  for (let y = 0; y < 64; y++)
    for (let x = 64 * i; x < 64 * (i + 1); x++) {
      const at = (y * width + x) * 4;
      out.push(rgba[at]!, rgba[at + 1]!, rgba[at + 2]!, rgba[at + 3]!);
    }
  return out;
}

const SAVED_VIDEOS_KEY = 'stylegan-v-studio:projected-videos';

describe('Animate a video, fitted and played (WASM, sky64)', () => {
  const suite = chromiumForSuite();
  const dir = mkdtempSync(join(tmpdir(), 'animate-video-fit-e2e-'));
  let studio: StudioPage;
  let page: Page;
  let clip: Buffer;
  const stage = () => page.locator('.animate-stage');
  const besideOption = () => page.getByLabel('Content', { exact: true }).locator('option[value="beside"]');
  const savedVideos = () =>
    page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '[]') as unknown[]).length, SAVED_VIDEOS_KEY);
  const source = async () => ({
    contentWs: await studio.state('contentWs'),
    motionZ: await studio.state('motionZ'),
    motionSeed: await studio.state('motionSeed'),
    contentSeed: await studio.state('contentSeed'),
  });
  /** The reconstruction canvas's pixels when it shows clip frame `k`. */
  const reconstructionOf = async (k: number): Promise<number[]> => {
    // The loop steps on: read the canvas in the same task as its data-frame, until it is frame k.
    for (let tries = 0; tries < 2000; tries++) {
      const pixels = await page.evaluate((frame) => {
        const c = document.querySelector<HTMLCanvasElement>('canvas[aria-label="Reconstructed frames"]')!;
        if (c.dataset.frame !== String(frame)) return null;
        return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
      }, k);
      if (pixels) return pixels;
    }
    throw new Error(`the reconstruction loop never showed frame ${k}`);
  };
  /** The worker's tensor count once two reads a few seconds apart agree (idle work done, caches full). */
  const settledTensors = async () => {
    const count = () => page.evaluate(() => window.__studio.renderer.numTensors());
    let last = -1;
    for (let tries = 0; tries < 30; tries++) {
      await studio.idle();
      const now = await count();
      if (now === last) return now;
      last = now;
      await page.waitForTimeout(3000);
    }
    throw new Error(`the tensor count did not settle (last ${last})`);
  };
  let tStep = 0;
  let fitted: Awaited<ReturnType<typeof source>>;

  beforeAll(async () => {
    clip = movingClip(dir);
    studio = await StudioPage.open(suite.browser, `${inject('baseUrl')}/?backend=wasm`);
    page = studio.page;
  });
  afterAll(async () => {
    await studio?.page.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fits a dropped clip with few steps: reconstructions and PSNR live, then the result is kept and saved', async () => {
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'moving.webm', { type: 'video/webm' }));
      const zone = document.querySelector('.status-bar')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, Array.from(clip));
    await expect.poll(() => page.getByTestId('clip-name').textContent()).toMatch(/^moving\.webm: 96×96, VP9 in WebM/);
    await studio.typeNumber('Frames', 4);
    await studio.typeNumber('Steps', 8);
    expect(await page.getByTestId('clip-range').textContent()).toBe(
      'Frames 1 to 4 of the clip, every 1st: 0.00 s to 0.12 s, 4 frames',
    );
    expect(await savedVideos()).toBe(0);
    await page.getByRole('button', { name: 'Animate', exact: true }).click();
    // The joint phase: its status, each frame's PSNR and the reconstructions beside the targets.
    await expect
      .poll(() => page.getByTestId('video-fit-status').textContent(), { timeout: 180_000 })
      .toMatch(/^Whole clip: step \d+ \/ 8 · loss \d+\.\d{4} · PSNR \d+\.\d dB \(best \d+\.\d\) · \d+:\d\d left$/);
    await expect
      .poll(() => page.getByTestId('frame-psnr').textContent())
      .toMatch(/^PSNR per frame \(dB\): 1: \d+\.\d · 2: \d+\.\d · 3: \d+\.\d · 4: \d+\.\d$/);
    await expect.poll(() => page.getByLabel('Reconstructed frames').getAttribute('data-drawn')).toBe('yes');
    await page.screenshot({ path: 'e2e-artifacts/animate-video-fit-running.png' });
    const done = page.getByTestId('video-fit-done');
    await expect
      .poll(() => done.textContent(), { timeout: 240_000 })
      .toMatch(/^Fitted moving\.webm: mean PSNR \d+\.\d dB; it is now the video's content and motion\.$/);
    console.log(`[animate-video-fit] ${await done.textContent()}`);
    expect(await savedVideos()).toBe(1);
    fitted = await source();
    expect(fitted.contentWs).toEqual(expect.any(String));
    expect(fitted.motionZ).toEqual(expect.any(String));
    const model = (await studio.state('model')) as { trainingFps: number };
    tStep = model.trainingFps / 25;
    // The stage lists it under "Saved videos", chosen.
    expect(
      await stage()
        .getByRole('button', { name: /^Use moving\.webm/ })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    expect(studio.consoleErrors).toEqual([]);
  });

  it('in Video the fitted motion plays: the frames at the clip times are its reconstructions', async () => {
    const first = await reconstructionOf(0);
    const last = await reconstructionOf(3);
    await page.getByRole('button', { name: 'Play it in the video' }).click();
    expect(await page.getByTestId('motion-source').textContent()).toMatch(/^Motion: fitted to your clip/);
    expect(await page.getByTestId('content-source').textContent()).toMatch(/^Content: fitted to your clip/);
    await studio.setTime(0);
    expect(meanAbsDiff(await studio.framePixels(), first)).toBe(0);
    await studio.setTime(Number((3 * tStep).toFixed(4)));
    expect(meanAbsDiff(await studio.framePixels(), last)).toBe(0);
  });

  it('plays at 0.25x and continues past the clip end', async () => {
    const speed = page.getByLabel('Speed', { exact: true });
    await speed.focus();
    await speed.press('Home');
    for (let i = 0; i < 3; i++) await speed.press('ArrowRight');
    expect(await studio.state('speed')).toBe(0.25);
    await expect.poll(() => page.getByText('Speed 0.25×').count()).toBe(1);
    await studio.setTime(0);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(
      () => Number(document.querySelector('canvas[aria-label="Video frame"]')?.getAttribute('data-rendered-t')) > 0,
      undefined,
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    expect(await studio.state('playing')).toBe(false);
    // Past the clip (t = 3 x tStep): the fitted motion continued by the motion seed's rows.
    const end = Number((3 * tStep).toFixed(4));
    await studio.setTime(end);
    const atEnd = await studio.framePixels();
    await studio.setTime(40);
    const past = await studio.framePixels();
    expect(spread(past)).toBeGreaterThan(5);
    expect(meanAbsDiff(past, atEnd)).toBeGreaterThan(0.5);
    await page.screenshot({ path: 'e2e-artifacts/animate-video-fit-past-end.png' });
    expect(studio.consoleErrors).toEqual([]);
  });

  it('exports the clip, its fit and the edited video side by side', async () => {
    await studio.setTime(0);
    const unedited = await studio.framePixels();
    await page.getByLabel('Direction 1', { exact: true }).fill('3');
    await studio.idle();
    const edited = await studio.framePixels();
    expect(meanAbsDiff(edited, unedited)).toBeGreaterThan(1);
    const button = page.getByRole('button', { name: 'Export MP4' });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await page.getByLabel('Content', { exact: true }).selectOption('beside');
    expect(await besideOption().textContent()).toBe('Animated clip, its fit and the current video (192×64)');
    await studio.typeNumber('Start t', 0);
    await studio.typeNumber('Duration (s)', 1);
    await studio.typeNumber('Frames per second', 10);
    await page.getByLabel('Save to', { exact: true }).selectOption('download');
    const download = page.waitForEvent('download', { timeout: 180_000 });
    await page.getByRole('button', { name: 'Start export' }).click();
    const file = join(dir, 'beside.mp4');
    await (await download).saveAs(file);
    const media = probe(file);
    expect([media.codec, media.width, media.height, media.frames]).toEqual(['h264', 3 * 64, 64, 10]);
    const first = frameAt(file, 0);
    // Original (the clip's first frame, not the model's), reconstruction (unedited) and the edited video.
    expect(meanAbsDiff(tile(first, 3, 1), unedited)).toBeLessThan(6);
    expect(meanAbsDiff(tile(first, 3, 2), edited)).toBeLessThan(6);
    expect(meanAbsDiff(tile(first, 3, 0), unedited)).toBeGreaterThan(6);
    await page.getByLabel('Direction 1', { exact: true }).fill('0');
    await studio.idle();
    expect(studio.consoleErrors).toEqual([]);
  });

  it('a saved video is chosen again from the list, and deleted', async () => {
    await page.getByRole('button', { name: 'Use motion seed' }).click();
    await page.getByRole('button', { name: 'Use content seed' }).click();
    expect(await studio.state('motionZ')).toBeNull();
    expect(await studio.state('contentWs')).toBeNull();
    const sidebar = page.locator('.animate-sidebar');
    await sidebar.getByRole('button', { name: /^Use moving\.webm/ }).click();
    expect(await source()).toEqual(fitted);
    expect(await page.getByTestId('motion-source').isVisible()).toBe(true);
    expect(studio.consoleErrors).toEqual([]);
  });

  it('a second fit canceled leaves nothing: no saved entry, the studio unchanged', async () => {
    // The worker's count once its caches are full (the idle lane keeps preparing videos for a while): the
    // first fit's one-time engine caches and the prepared videos stay by design.
    const tensors = await settledTensors();
    const before = await source();
    const stored = await savedVideos();
    await page.getByRole('button', { name: 'Animate a video…' }).click();
    await page.getByRole('heading', { name: 'Animate a video' }).waitFor();
    await studio.typeNumber('Steps', 300);
    await page.getByRole('button', { name: 'Animate', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('video-fit-status').textContent(), { timeout: 120_000 })
      .toMatch(/step ([3-9]|\d\d+) \/ (150|300) /);
    // The sidebar says what runs.
    expect(await page.getByTestId('animate-summary').textContent()).toMatch(
      /^Fitting moving\.webm: step \d+ \/ (150|300) \((first frame|whole clip)\)$/,
    );
    await stage().getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => stage().textContent(), { timeout: 120_000 })
      .toContain('The fit was canceled: nothing was kept.');
    await studio.idle();
    expect(await settledTensors()).toBe(tensors);
    expect(await savedVideos()).toBe(stored);
    expect(await source()).toEqual(before);
    // The export has no fit of this clip to place beside it.
    const button = page.getByRole('button', { name: 'Export MP4' });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    expect(await besideOption().textContent()).toBe('Animated clip beside the current video (128×64)');
    // Deleting the saved video empties the list.
    await stage()
      .getByRole('button', { name: /^Delete moving\.webm/ })
      .click();
    expect(await savedVideos()).toBe(stored - 1);
    expect(
      await stage()
        .getByRole('button', { name: /^Use moving\.webm/ })
        .count(),
    ).toBe(0);
    expect(studio.consoleErrors).toEqual([]);
  });
});
