import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumForSuite } from './support/chromium';
import { probe } from './support/media';
import { StudioPage } from './support/studio-page';

const state = <T>(page: Page, key: string) =>
  page.evaluate((k) => (window.__studio.state() as unknown as Record<string, unknown>)[k], key) as Promise<T>;

/** Select all, type key by key, then Tab or Enter: what a person does in a field. */
async function typeInto(page: Page, label: string, text: string, leave: 'Tab' | 'Enter' = 'Enter'): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text, { delay: 15 });
  await page.keyboard.press(leave);
}

/** Focus on nothing that takes keys, so the studio's keys act. */
const away = (page: Page) => page.locator('h1').click();

interface Tracks {
  time: Array<{ at: number; t: number }>;
  content: Array<{ at: number; seed?: number; ease?: string }>;
  psi: Array<{ at: number; value: number }>;
}

describe('keyframe tracks and project files (sky64, WASM)', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');
  const dir = mkdtempSync(join(tmpdir(), 'tracks-e2e-'));
  let studio: StudioPage;
  let page: Page;
  let savedFile = '';
  let framePixels: number[] = [];

  beforeAll(async () => {
    mkdirSync('e2e-artifacts', { recursive: true });
    studio = await StudioPage.open(chromium.browser, `${baseUrl}/?backend=wasm`);
    page = studio.page;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tracks = () => state<Tracks>(page, 'tracks');
  /** The frame on the main canvas once the page has drawn the playhead's frame. */
  const shownFrame = async () => {
    await studio.idle();
    return studio.framePixels();
  };

  it('adds Time keyframes by mouse (at 0 and at 2 s, the second with t changed in the inspector)', async () => {
    const before = await shownFrame();
    // The panel is folded until opened (the video keeps the stage).
    expect(await page.getByRole('button', { name: 'Add Time keyframe' }).isVisible()).toBe(false);
    await page.locator('summary', { hasText: 'Keyframes' }).click();
    await page.getByRole('button', { name: 'Add Time keyframe' }).click();
    expect((await tracks()).time).toEqual([{ at: 0, t: 0 }]);
    await typeInto(page, 'Timecode', '50');
    await page.getByRole('button', { name: 'Add Time keyframe' }).click();
    // One keyframe holds t = 0 everywhere: the new one holds the t shown there.
    expect((await tracks()).time).toEqual([
      { at: 0, t: 0 },
      { at: 2, t: 0 },
    ]);
    await expect
      .poll(() => page.getByRole('group', { name: 'Keyframe' }).locator('legend').textContent())
      .toBe('Time keyframe at 2.00 s');
    await typeInto(page, 'Generator time', '100');
    expect((await tracks()).time).toEqual([
      { at: 0, t: 0 },
      { at: 2, t: 100 },
    ]);
    await expect(page.getByRole('button', { name: 'Time keyframe at 2.00 s' }).count()).resolves.toBe(1);
    // At 2 s the frame is the generator's t = 100 now, not t = 50.
    expect(await shownFrame()).not.toEqual(before);
    await expect(page.getByTestId('speed-graph').count()).resolves.toBe(1);
  });

  it('adds Content keyframes by keyboard (A on the track picked): seed 1 at 0 and seed 2 at 3 s', async () => {
    await page.getByRole('button', { name: 'Content', exact: true }).click();
    await away(page);
    await page.keyboard.press('Home');
    await page.keyboard.press('a');
    await typeInto(page, 'Timecode', '75');
    await typeInto(page, 'Content seed', '2');
    await away(page);
    await page.keyboard.press('a');
    expect((await tracks()).content).toEqual([
      { at: 0, seed: 1 },
      { at: 3, seed: 2 },
    ]);
    await expect(page.getByRole('button', { name: 'Content keyframe at 3.00 s' }).count()).resolves.toBe(1);
    expect(await page.getByTestId('keyed-values').textContent()).toContain('The Content track sets the video');
  });

  it('moves a keyframe with ← / → and by dragging, deletes it, and undoes each as one step', async () => {
    const key = page.getByRole('button', { name: 'Content keyframe at 3.00 s' });
    await key.focus();
    await page.keyboard.press('Shift+ArrowRight');
    expect((await tracks()).content.map((k) => k.at)).toEqual([0, 4]);
    await page.keyboard.press('ControlOrMeta+z');
    expect((await tracks()).content.map((k) => k.at)).toEqual([0, 3]);
    // A drag along the row: one undo step however far it goes.
    const box = (await key.boundingBox())!;
    const lane = (await page.getByTestId('lane-content').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(box.x + box.width / 2 + (i * lane.width) / 50, box.y + 4);
    await page.mouse.up();
    const dragged = (await tracks()).content.map((k) => k.at);
    expect(dragged[1]).toBeGreaterThan(3.5);
    await away(page);
    await page.keyboard.press('ControlOrMeta+z');
    expect((await tracks()).content.map((k) => k.at)).toEqual([0, 3]);
    // Delete, then undo it.
    await page.getByRole('button', { name: 'Content keyframe at 3.00 s' }).focus();
    await page.keyboard.press('Delete');
    expect((await tracks()).content.map((k) => k.at)).toEqual([0]);
    await away(page);
    await page.keyboard.press('ControlOrMeta+z');
    expect((await tracks()).content).toEqual([
      { at: 0, seed: 1 },
      { at: 3, seed: 2 },
    ]);
  });

  it('plays the project and shows its frames', async () => {
    await away(page);
    await page.keyboard.press('Home');
    // The generator times drawn while playing (the Time track runs t from 0 to 100 over the first 2 s).
    await page.evaluate(() => {
      const canvas = document.querySelector('canvas[aria-label="Video frame"]')!;
      const shown: string[] = [];
      (window as unknown as { __shown: string[] }).__shown = shown;
      new MutationObserver(() => shown.push(canvas.getAttribute('data-rendered-t') ?? '')).observe(canvas, {
        attributeFilter: ['data-rendered-t'],
      });
    });
    await page.keyboard.press('Space');
    await page.waitForFunction(
      () => new Set((window as unknown as { __shown: string[] }).__shown).size >= 4,
      undefined,
      { timeout: 120_000, polling: 50 },
    );
    await page.keyboard.press('Space');
    const shown = await page.evaluate(() => (window as unknown as { __shown: string[] }).__shown);
    console.log(`[tracks] generator times drawn while playing: ${shown.slice(0, 12).join(' ')}`);
    expect(await state(page, 'playing')).toBe(false);
    expect(studio.consoleErrors).toEqual([]);
    expect(await state(page, 'renderError')).toBeNull();
  });

  it('Save project downloads the project file, which opens in a fresh page with the same frame', async () => {
    await typeInto(page, 'Timecode', '62.5');
    framePixels = await shownFrame();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save project' }).click();
    const done = await download;
    expect(done.suggestedFilename()).toBe('sky64-project.json');
    savedFile = join(dir, 'project.json');
    await done.saveAs(savedFile);
    const json = JSON.parse(readFileSync(savedFile, 'utf8'));
    expect(json).toMatchObject({
      format: 'stylegan-v-studio-project',
      version: 1,
      model: 'sky64',
      clip: { duration: 10 },
      motion: { seed: 1 },
      tracks: {
        time: [
          { at: 0, t: 0 },
          { at: 2, t: 100 },
        ],
        content: [
          { at: 0, seed: 1 },
          { at: 3, seed: 2 },
        ],
        psi: [{ at: 0, value: 0.8 }],
      },
    });

    const fresh = await StudioPage.open(chromium.browser, `${baseUrl}/?backend=wasm`);
    try {
      await fresh.page.getByLabel('Project file', { exact: true }).setInputFiles(savedFile);
      await fresh.page.waitForFunction(() => window.__studio.state().tracks.content.length === 2);
      await typeInto(fresh.page, 'Timecode', '62.5');
      await fresh.idle();
      expect(await fresh.framePixels()).toEqual(framePixels);
      // A refused file says why and changes nothing.
      const tracksBefore = await fresh.state('tracks');
      await fresh.page.getByLabel('Project file', { exact: true }).setInputFiles({
        name: 'broken.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"format": "stylegan-v-studio-project", "version": 9}'),
      });
      await expect
        .poll(async () => ((await fresh.state('notices')) as string[]).at(-1))
        .toMatch(/^Could not open broken\.json: /);
      expect(await fresh.state('tracks')).toEqual(tracksBefore);
      expect(fresh.consoleErrors).toEqual([]);
    } finally {
      await fresh.page.close();
    }
  });

  it('the link carries the project: it reopens the same frame in a fresh page', async () => {
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/&project=[A-Za-z0-9_-]+/);
    const hash = await page.evaluate(() => location.hash);
    const linked = await StudioPage.open(chromium.browser, `${baseUrl}/?backend=wasm${hash}`);
    try {
      await linked.page.waitForFunction(() => window.__studio.state().tracks.content.length === 2);
      expect(await linked.state('tracks')).toEqual(await state(page, 'tracks'));
      expect(await linked.state('t')).toBe(62.5);
      await linked.idle();
      expect(await linked.framePixels()).toEqual(framePixels);
    } finally {
      await linked.page.close();
    }
  });

  it('exports the project as an MP4 of its N = round(D × F) frames', async () => {
    const button = page.getByRole('button', { name: 'Export MP4' });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await page.getByLabel('Start t', { exact: true }).fill('0');
    await page.getByLabel('Duration (s)', { exact: true }).fill('4');
    await page.getByLabel('Frames per second', { exact: true }).fill('5');
    await page.getByLabel('Save to', { exact: true }).selectOption('download');
    const download = page.waitForEvent('download', { timeout: 180_000 });
    await page.getByRole('button', { name: 'Start export' }).click();
    const file = join(dir, 'project.mp4');
    await (await download).saveAs(file);
    expect(probe(file)).toMatchObject({ width: 64, height: 64, frames: 20 });

    // The page's export frames (τ = i / 5) against `bin/stylegan-v render-project` of the saved project with the
    // export's clip (4 s at 5 fps): the same 20 frames within the WASM parity bound.
    const project = JSON.parse(readFileSync(savedFile, 'utf8'));
    const cliFile = join(dir, 'cli-project.json');
    writeFileSync(cliFile, JSON.stringify({ ...project, clip: { duration: 4, fps: 5 } }));
    execFileSync('bin/stylegan-v', ['render-project', cliFile, '--png', join(dir, 'cli-%d.png'), '--workers', '1'], {
      stdio: 'pipe',
    });
    const positions = Array.from({ length: 20 }, (_, i) => i * 5);
    const pageFrames = await page.evaluate(async (times) => {
      const source = await window.__studio.renderer.createFrameSource('video', 5);
      try {
        return (await source.render(times)).map((image) => Array.from(image.data));
      } finally {
        source.dispose();
      }
    }, positions);
    const mp4 = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
      maxBuffer: 64 * 2 ** 20,
    });
    let worst = 0;
    let worstVideo = Infinity;
    for (const [i, rgba] of pageFrames.entries()) {
      const png = execFileSync('ffmpeg', [
        '-v',
        'error',
        '-i',
        join(dir, `cli-${i}.png`),
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-',
      ]);
      const video = mp4.subarray(i * png.length, (i + 1) * png.length);
      let squared = 0;
      for (let p = 0; p < png.length / 3; p++)
        for (let c = 0; c < 3; c++) {
          worst = Math.max(worst, Math.abs(png[p * 3 + c]! - rgba[p * 4 + c]!));
          squared += (video[p * 3 + c]! - rgba[p * 4 + c]!) ** 2;
        }
      worstVideo = Math.min(worstVideo, 10 * Math.log10((255 * 255) / Math.max(1e-9, squared / png.length)));
    }
    console.log(`[tracks] page vs CLI: max |diff| ${worst}/255; MP4 vs page: worst PSNR ${worstVideo.toFixed(1)} dB`);
    expect(worst).toBeLessThanOrEqual(2);
    expect(worstVideo).toBeGreaterThanOrEqual(30);
  });

  it('screenshots of the tracks at 1400x900 and 390x844', async () => {
    await page.getByRole('button', { name: 'Time keyframe at 2.00 s' }).click();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.screenshot({ path: 'e2e-artifacts/tracks-1400x900.png' });
    // The open panel leaves the video most of the stage.
    expect((await page.getByLabel('Video frame').boundingBox())!.height).toBeGreaterThan(200);
    await page.getByRole('group', { name: 'Tracks' }).screenshot({ path: 'e2e-artifacts/tracks-panel-1400.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('group', { name: 'Tracks' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'e2e-artifacts/tracks-390x844.png' });
    const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});
