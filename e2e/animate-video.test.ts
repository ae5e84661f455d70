/**
 * "Animate a video" in the studio (WASM, sky64), up to handing the clip to the video fit: a file that is not a
 * video gets its one line; a clip dropped on the page opens the stage with its frame and the square crop over
 * it; the range fields typed key by key pick the frames shown (each frame's brightness says which file frame
 * and which crop it is); the fps mapping is shown; Animate shows the target frames and the fit's phase; the
 * export places the animated clip beside the current video over the clip's times.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumForSuite } from './support/chromium';
import { probe } from './support/media';
import { meanAbsDiff, StudioPage } from './support/studio-page';

/**
 * 45 frames at 30 fps, 160x90, VP9: grey with luma 4 n + x / 4 (limited range) in frame n, so a frame's mean
 * over a crop tells both which frame it is and where the crop is.
 */
function rampClip(dir: string): Buffer {
  const path = join(dir, 'ramp.webm');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', "nullsrc=size=160x90:rate=30,geq=lum='N*4+X/4':cb=128:cr=128"],
    ...['-frames:v', '45', '-c:v', 'libvpx-vp9', '-crf', '10', '-b:v', '0', '-pix_fmt', 'yuv420p', path],
  ]);
  return readFileSync(path);
}

/** The RGB level of luma `y` (limited range to full). */
const rgbOf = (y: number) => ((y - 16) * 255) / 219;

describe('Animate a video (WASM, sky64)', () => {
  const suite = chromiumForSuite();
  const dir = mkdtempSync(join(tmpdir(), 'animate-video-e2e-'));
  let studio: StudioPage;
  let page: Page;
  let clip: Buffer;
  const stage = () => page.locator('.animate-stage');

  beforeAll(async () => {
    clip = rampClip(dir);
    studio = await StudioPage.open(suite.browser, `${inject('baseUrl')}/?backend=wasm`);
    page = studio.page;
  });
  afterAll(async () => {
    await studio?.page.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens from the sidebar and refuses a file that is not a video with one line', async () => {
    await page.getByRole('button', { name: 'Animate a video…' }).click();
    await page.getByRole('heading', { name: 'Animate a video' }).waitFor();
    expect(await page.getByRole('radio', { name: 'A video' }).isChecked()).toBe(true);
    await page.getByLabel('Video file').setInputFiles({
      name: 'notes.mp4',
      mimeType: 'video/mp4',
      buffer: Buffer.from('these are notes, not a video'),
    });
    await expect
      .poll(() => page.getByTestId('clip-error').textContent())
      .toBe('"notes.mp4" is not a video the studio reads (MP4, MOV or WebM (H.264, VP8, VP9 or AV1)).');
    expect(await page.getByRole('button', { name: 'Animate', exact: true }).isDisabled()).toBe(true);
    // A picture dropped on the video stage goes to the picture stage; the header's choice comes back.
    const png = new PNG({ width: 8, height: 6 });
    png.data.fill(200);
    await page.evaluate(
      (data) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], 'still.png', { type: 'image/png' }));
        const zone = document.querySelector('.animate-stage')!;
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      Array.from(PNG.sync.write(png)),
    );
    await page.getByRole('heading', { name: 'Animate a picture' }).waitFor();
    await expect.poll(() => page.getByTestId('picture-name').textContent()).toMatch(/^still\.png: 8×6/);
    await page.getByRole('radio', { name: 'A video' }).check();
    await page.getByRole('heading', { name: 'Animate a video' }).waitFor();
    await page.getByRole('button', { name: 'Back to the video' }).click();
  });

  it('reads an H.264 MP4 and names a codec this browser cannot decode (H.265/HEVC) in one line', async () => {
    const make = (name: string, codec: string[]) => {
      const path = join(dir, name);
      execFileSync('ffmpeg', [
        ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=96x64:rate=25', '-frames:v', '10', ...codec],
        ...['-pix_fmt', 'yuv420p', path],
      ]);
      return readFileSync(path);
    };
    await page.getByRole('button', { name: 'Animate a video…' }).click();
    await page.getByLabel('Video file').setInputFiles({
      name: 'avc.mp4',
      mimeType: 'video/mp4',
      buffer: make('avc.mp4', ['-c:v', 'libx264']),
    });
    await expect
      .poll(() => page.getByTestId('clip-name').textContent())
      .toMatch(/^avc\.mp4: 96×64, H\.264 in MP4, 25 fps, 0\.40 s \(10 frames\)/);
    await page.getByLabel('Video file').setInputFiles({
      name: 'hevc.mp4',
      mimeType: 'video/mp4',
      buffer: make('hevc.mp4', ['-c:v', 'libx265', '-x265-params', 'log-level=error']),
    });
    await expect
      .poll(() => page.getByTestId('clip-error').textContent())
      .toMatch(
        /^This browser cannot decode the H\.265\/HEVC \(h(?:ev|vc)1\.[^)]+\) video in "hevc\.mp4"; use MP4, MOV or WebM \(H\.264, VP8, VP9 or AV1\)\.$/,
      );
    // The clip chosen before stays.
    expect(await page.getByTestId('clip-name').textContent()).toMatch(/^avc\.mp4: /);
    await page.getByRole('button', { name: 'Back to the video' }).click();
  });

  it('takes a clip dropped on the page: its facts, its frame and the square crop', async () => {
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'ramp.webm', { type: 'video/webm' }));
      const zone = document.querySelector('.status-bar')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, Array.from(clip));
    await expect
      .poll(() => page.getByTestId('clip-name').textContent())
      .toBe('ramp.webm: 160×90, VP9 in WebM, 30 fps, 1.50 s (45 frames); square crop resized to 64×64');
    expect(await page.getByTestId('clip-error').count()).toBe(0);
    expect(await page.getByTestId('crop-values').textContent()).toBe('Crop 90×90 px at x 35, y 0');
    // The frame at 0 s: its left column is luma 0 + 0 (black after the range's clamp) and its right one 40.
    const frame = await studio.pixels('canvas[aria-label="Clip frame"]');
    expect(frame.length).toBe(160 * 90 * 4);
    expect(frame[(45 * 160 + 159) * 4]).toBeCloseTo(rgbOf(39.75), -1);
    // Focused, the crop moves with the arrows (1% of the shorter side a press).
    await page.getByRole('slider', { name: 'Crop rectangle' }).focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    expect(await page.getByTestId('crop-values').textContent()).toBe('Crop 90×90 px at x 30, y 0');
  });

  it('picks the range typed key by key and shows how the clip maps onto the model', async () => {
    await studio.typeNumber('Start', 0.5);
    await studio.typeNumber('Frames', 8);
    await studio.typeNumber('Frame step', 2);
    expect(await page.getByTestId('clip-range').textContent()).toBe(
      'Frames 16 to 30 of the clip, every 2nd: 0.50 s to 0.97 s, 8 frames',
    );
    const fps = (await studio.state('model')) as { trainingFps: number };
    const tStep = Number(((fps.trainingFps / 30) * 2).toFixed(4));
    expect(await page.getByTestId('clip-fps').textContent()).toBe(
      `Clip 30 fps onto the model's ${fps.trainingFps} fps: one clip frame is ${Number((fps.trainingFps / 30).toFixed(4))} training frames, so fitted frame k is at t = k × ${tStep} (set by the two rates and the frame step).`,
    );
    // The crop view now shows the frame at the start.
    await expect.poll(() => stage().locator('figcaption').first().textContent()).toBe('Frame at 0.50 s and crop');
    // Too many frames: the field says so and keeps 8.
    const frames = page.getByLabel('Frames', { exact: true });
    await frames.click();
    await frames.press('ControlOrMeta+A');
    await frames.pressSequentially('65');
    await frames.press('Enter');
    await expect.poll(() => stage().getByRole('alert').first().textContent()).toMatch(/^Frames must be a whole number/);
    await frames.press('Escape');
    // A start past the end says why in one line.
    await studio.typeNumber('Start', 1.45);
    expect(await page.getByTestId('clip-range').textContent()).toBe(
      'From 1.45 s the clip holds 1 frame taking every 2nd frame (it is 1.50 s long); choose an earlier start or a smaller step.',
    );
    expect(await page.getByRole('button', { name: 'Animate', exact: true }).isDisabled()).toBe(true);
    await studio.typeNumber('Start', 0.5);
  });

  it('Animate shows the target frames (the range, cropped) and the fit as its session reports it', async () => {
    await page.getByRole('button', { name: 'Animate', exact: true }).click();
    await expect.poll(() => page.getByLabel('Target frames').getAttribute('data-drawn')).toBe('yes');
    // Each target frame, read with the frame number it was drawn for: frame i is file frame 15 + 2 i, whose
    // mean luma over the crop (x 30 to 120) is 4 (15 + 2 i) + 75 / 4; the caption names its time in the file.
    const seen = new Set<number>();
    for (let tries = 0; tries < 400 && seen.size < 3; tries++) {
      const { drawn, caption, mean } = await page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('canvas[aria-label="Target frames"]')!;
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += data[i]!;
        return {
          drawn: Number(c.dataset.frame),
          caption: document.querySelector('[data-testid="loop-frame"]')!.textContent!,
          mean: sum / (data.length / 4),
        };
      });
      const match = /^Frame (\d+) \/ 8 at (\d\.\d\d) s in the clip, t = /.exec(caption);
      expect(match, caption).not.toBeNull();
      if (Number(match![1]) - 1 === drawn) expect(Number(match![2])).toBeCloseTo((15 + 2 * drawn) / 30, 2);
      expect(Math.abs(mean - rgbOf(4 * (15 + 2 * drawn) + 75 / 4))).toBeLessThan(2.5);
      seen.add(drawn);
    }
    expect(seen.size).toBe(3);
    await page.screenshot({ path: 'e2e-artifacts/animate-video.png' });
    // The fit's own phase, whatever it is (running with its status, or the session's message).
    await stage()
      .locator('[data-testid="video-fit-status"], [data-testid="video-fit-error"], [data-testid="video-fit-done"]')
      .first()
      .waitFor();
    expect(studio.consoleErrors).toEqual([]);
  });

  it("exports the animated clip beside the current video, over the clip's times (black past its end)", async () => {
    // The running fit would share the worker with the export: it is canceled here (animate-video-fit.test.ts
    // runs a fit to its end and exports the clip, its fit and the video).
    const cancel = stage().getByRole('button', { name: 'Cancel' });
    if ((await cancel.count()) > 0) {
      await cancel.click();
      await expect
        .poll(() => stage().textContent(), { timeout: 120_000 })
        .toContain('The fit was canceled: nothing was kept.');
    }
    const button = page.getByRole('button', { name: 'Export MP4' });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await page.getByLabel('Content', { exact: true }).selectOption('beside');
    await studio.typeNumber('Start t', 0);
    await studio.typeNumber('Duration (s)', 1.2);
    await studio.typeNumber('Frames per second', 25);
    await page.getByLabel('Save to', { exact: true }).selectOption('download');
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Start export' }).click();
    const file = join(dir, 'beside.mp4');
    await (await download).saveAs(file);
    const media = probe(file);
    expect([media.codec, media.width, media.height, media.frames]).toEqual(['h264', 128, 64, 30]);
    const fps = ((await studio.state('model')) as { trainingFps: number }).trainingFps;
    /** Mean red of the left (clip) half of export frame n, and the right half's pixels. */
    const halves = (n: number) => {
      const rgba = frameAt(file, n);
      let sum = 0;
      const right: number[] = [];
      for (let y = 0; y < 64; y++)
        for (let x = 0; x < 128; x++) {
          const i = (y * 128 + x) * 4;
          if (x < 64) sum += rgba[i]!;
          else right.push(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!, rgba[i + 3]!);
        }
      return { left: sum / (64 * 64), right };
    };
    // Export frame n is at t = n x fps / 25, so at 0.5 s + t / fps in the file: file frame 15 + 30 t / fps.
    for (const n of [0, 5, 10]) {
      const fileFrame = Math.floor(15 + (30 * ((n * fps) / 25)) / fps + 1e-6);
      expect(Math.abs(halves(n).left - rgbOf(4 * fileFrame + 75 / 4))).toBeLessThan(4);
    }
    // Past the file's end (0.5 s + 1 s) the clip's half is black.
    expect(halves(29).left).toBeLessThan(3);
    // The right half is the current video at t = 0.
    await page.getByRole('button', { name: 'Back to the video' }).click();
    await studio.setTime(0);
    const shown = await studio.framePixels();
    expect(meanAbsDiff(halves(0).right, shown)).toBeLessThan(6);
    expect(studio.consoleErrors).toEqual([]);
  });
});

/** Frame n of a video as RGBA bytes. */
function frameAt(file: string, n: number): Buffer {
  return execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      file,
      '-vf',
      `select=eq(n\\,${n})`,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      '-',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
}
