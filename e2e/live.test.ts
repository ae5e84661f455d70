import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { presetArchitecture, writeRandomModel } from '../src/model';
import { createFolderSink } from '../src/model/node';
import { chromiumForSuite } from './support/chromium';
import { meanAbsDiff, StudioPage, spread } from './support/studio-page';

const MODEL_256 = '.cache/e2e-models/narrow256';

const stats = (studio: StudioPage) => studio.page.evaluate(() => ({ ...window.__studio.renderer.stats }));

describe('live studio: render worker, progressive frames, frame cache (WASM)', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');
  let studio: StudioPage;

  beforeAll(async () => {
    studio = await StudioPage.open(chromium.browser, baseUrl);
  });

  it('runs tfjs only in the worker: the page registers no backend', async () => {
    const page = await studio.page.evaluate(() => ({
      engine: (globalThis as { _tfengine?: unknown })._tfengine !== undefined,
      tf: 'tf' in globalThis,
    }));
    expect(page).toEqual({ engine: false, tf: false });
    expect(await studio.backendText()).toBe('Backend: wasm');
    expect(spread(await studio.framePixels())).toBeGreaterThan(5);
  });

  it('shows a cached t with identical pixels and no render request', async () => {
    await studio.setTime(12.5);
    const first = await studio.framePixels();
    await studio.setTime(20);
    const before = await stats(studio);
    await studio.page.getByLabel('Time', { exact: true }).fill('12.5');
    // Drawn from the cache while the input event is handled: no waiting for the worker.
    expect(
      await studio.page.$eval('canvas[aria-label="Video frame"]', (c) => (c as HTMLCanvasElement).dataset.renderedT),
    ).toBe('12.5');
    expect(meanAbsDiff(first, await studio.framePixels())).toBe(0);
    const after = await stats(studio);
    expect(after.playheadRequests).toBe(before.playheadRequests);
  });

  it('an edit invalidates the cached frames and the filmstrip', async () => {
    const before = await stats(studio);
    const original = await studio.framePixels();
    const strip = () => studio.page.getByTestId('filmstrip').getAttribute('data-render-count').then(Number);
    const stripBefore = await strip();
    await studio.page.getByLabel('Direction 2', { exact: true }).fill('2.5');
    await studio.idle();
    const after = await stats(studio);
    expect(after.playheadRequests).toBe(before.playheadRequests + 1);
    expect(meanAbsDiff(original, await studio.framePixels())).toBeGreaterThan(1);
    expect(await strip()).toBe(stripBefore + 8);
    // Undoing the edit brings back the cached frame of the unedited video.
    await studio.page.getByLabel('Direction 2', { exact: true }).fill('0');
    await studio.idle();
    expect(meanAbsDiff(original, await studio.framePixels())).toBe(0);
    expect((await stats(studio)).playheadRequests).toBe(after.playheadRequests);
  });

  it('fills the loop while paused and marks it ready on the timeline', async () => {
    await studio.setNumber('Out', 50);
    await studio.setTime(0);
    // The loop 0..50 is the first 40 of 200 bins over the 250-frame clip; the filmstrip alone fills 8 of them.
    await studio.page.waitForFunction(
      () => window.__studio.state().readyBins.slice(0, 40) === '1'.repeat(40),
      undefined,
      { timeout: 120_000, polling: 200 },
    );
    expect(Number(await studio.page.getByTestId('ready-strip').getAttribute('data-ready-bins'))).toBeGreaterThanOrEqual(
      40,
    );
    await studio.page.screenshot({ path: 'e2e-artifacts/live-ready-strip.png' });
    expect(await studio.page.getByTestId('cache-usage').textContent()).toMatch(/Frame cache [\d.]+ \//);
  });

  it('keyboard: Space plays and pauses, arrows step frames and seconds, Home/End go to the loop bounds', async () => {
    const { page } = studio;
    await studio.setTime(10);
    // Away from the Time slider, which keeps its own arrow keys.
    await page.locator('h1').click();
    await page.keyboard.press('ArrowRight');
    expect(await studio.state('t')).toBe(11);
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await studio.state('t')).toBe(0); // one second back from 11, clamped at the clip's start
    await page.keyboard.press('End');
    expect(await studio.state('t')).toBe(50);
    await page.keyboard.press('Home');
    expect(await studio.state('t')).toBe(0);
    await page.keyboard.press('Shift+ArrowRight');
    expect(await studio.state('t')).toBe(25);
    await page.keyboard.press(' ');
    expect(await studio.state('playing')).toBe(true);
    await page.waitForTimeout(300);
    await page.keyboard.press(' ');
    expect(await studio.state('playing')).toBe(false);
    expect(await studio.state('t')).not.toBe(25);
    await studio.idle();
  });

  it('grid view renders only the grid, and every cell changes while playing', async () => {
    const { page } = studio;
    await page.getByRole('tab', { name: 'Content × motion grid' }).click();
    await studio.setNumber('Playback FPS', 25);
    const cells = () =>
      page.$$eval('.grid canvas', (list) =>
        list.map((c) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 64, 64).data)),
      );
    await page.waitForFunction(() => window.__studio.state().shownT === window.__studio.state().t, undefined, {
      timeout: 120_000,
    });
    const first = await cells();
    expect(first).toHaveLength(9);
    await page.getByRole('button', { name: 'Play' }).click();
    const changed = new Array<boolean>(9).fill(false);
    for (let i = 0; i < 30 && changed.includes(false); i++) {
      await page.waitForTimeout(200);
      for (const [c, pixels] of (await cells()).entries()) changed[c] ||= meanAbsDiff(pixels, first[c]!) > 0;
    }
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(changed).toEqual(new Array<boolean>(9).fill(true));
    await page.screenshot({ path: 'e2e-artifacts/live-grid.png' });
    await page.getByRole('tab', { name: 'Video' }).click();
    await studio.idle();
  });

  it('lays out at 1400x900 and 900x900: export Start in view, transport on one line, filmstrip above the status bar', async () => {
    for (const [width, height] of [
      [1400, 900],
      [900, 900],
    ] as const) {
      const page = await chromium.browser.newPage({ viewport: { width, height } });
      await page.goto(baseUrl);
      await page.waitForFunction(() => window.__studio?.ready && window.__studio.renderer.isIdle(), undefined, {
        timeout: 120_000,
      });
      await page.getByRole('button', { name: 'Export MP4' }).click();
      await page.getByRole('button', { name: 'Start export' }).waitFor();
      await page.waitForTimeout(300);
      const start = (await page.getByRole('button', { name: 'Start export' }).boundingBox())!;
      const status = (await page.locator('.status-bar').boundingBox())!;
      const strip = (await page.getByTestId('filmstrip').boundingBox())!;
      const back = (await page.getByRole('button', { name: 'Previous frame' }).boundingBox())!;
      const step = (await page.getByRole('button', { name: 'Next frame' }).boundingBox())!;
      await page.screenshot({ path: `e2e-artifacts/layout-${width}x${height}.png` });
      expect(start.y + start.height, `${width}: Start export visible`).toBeLessThanOrEqual(status.y);
      expect(strip.y + strip.height, `${width}: filmstrip above the status bar`).toBeLessThanOrEqual(status.y);
      // One line of 13 px text with padding is about 28 px high; a wrapped "1 ›" about 44.
      for (const button of [back, step])
        expect(button.height, `${width}: frame-step buttons on one line`).toBeLessThan(36);
      expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
      await page.close();
    }
  });

  it('secondary text meets WCAG AA contrast (4.5:1)', async () => {
    const failures = await studio.page.evaluate(() => {
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const f = (byte: number) => {
          const c = byte / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      const background = (el: Element | null): number[] => {
        for (; el; el = el.parentElement) {
          const c = rgb(getComputedStyle(el).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3]! > 0.9)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const out: string[] = [];
      let checked = 0;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement!;
        if (!node.textContent!.trim() || el.closest('[disabled], [aria-hidden="true"], option')) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || el.getClientRects().length === 0 || Number(style.opacity) < 1) continue;
        const [l1, l2] = [luminance(rgb(style.color)), luminance(background(el))].sort((a, b) => b - a);
        const ratio = (l1! + 0.05) / (l2! + 0.05);
        checked++;
        if (ratio < 4.5) out.push(`${node.textContent!.trim().slice(0, 30)}: ${ratio.toFixed(2)}`);
      }
      return { out, checked };
    });
    expect(failures.checked).toBeGreaterThan(50);
    expect(failures.out).toEqual([]);
  });

  it('logs no console errors', () => {
    expect(studio.consoleErrors).toEqual([]);
  });
});

describe('live studio on a 256x256 model (WASM)', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');
  let studio: StudioPage;

  beforeAll(async () => {
    await writeRandomModel(
      presetArchitecture({ resolution: 256, channelBase: 8192, channelMax: 256, cDim: 0 }),
      createFolderSink(MODEL_256),
      {
        name: 'narrow256 (random weights)',
      },
    );
    studio = await StudioPage.open(chromium.browser, baseUrl);
    const files = readdirSync(MODEL_256).map((name) => join(MODEL_256, name));
    await studio.page.getByLabel('Load checkpoint').setInputFiles(files);
    await studio.page.waitForFunction(() => window.__studio.state().model?.resolution === 256, undefined, {
      timeout: 120_000,
    });
    await studio.idle();
  });

  it('shows a coarse image for a new t before the full frame, which equals the non-progressive render', async () => {
    const mark = await studio.page.evaluate(() => window.__studio.renderer.live.shownLog.length);
    await studio.setTime(33.3);
    const events = await studio.page.evaluate((from) => window.__studio.renderer.live.shownLog.slice(from), mark);
    const coarse = events.findIndex((e) => e.t === 33.3 && e.coarse);
    const full = events.findIndex((e) => e.t === 33.3 && !e.coarse);
    expect(coarse).toBeGreaterThanOrEqual(0);
    expect(full).toBeGreaterThan(coarse);
    // The skip architecture's RGB at 8, 16 and 64 px, then the full 256 px frame.
    expect(events.filter((e) => e.t === 33.3).map((e) => e.width)).toEqual([8, 16, 64, 256]);
    console.log(
      `[live] 256x256: coarse after ${(events[coarse]!.at - events[0]!.at).toFixed(0)} ms of the first event, full ${(events[full]!.at - events[coarse]!.at).toFixed(0)} ms later`,
    );
    const shown = await studio.framePixels();
    // The export path renders full frames without progressive previews.
    const exact = await studio.page.evaluate(async () => {
      const source = await window.__studio.renderer.createFrameSource('video');
      try {
        const [image] = await source.render([33.3]);
        return Array.from(image!.data);
      } finally {
        source.dispose();
      }
    });
    expect(meanAbsDiff(shown, exact)).toBe(0);
  });

  it('holds the filmstrip while someone scrubs, so no thumbnail render is in the way, then fills it', async () => {
    const time = studio.page.getByLabel('Time', { exact: true });
    // What the page asks the worker for the filmstrip, in order.
    await studio.page.evaluate(() => {
      const client = window.__studio.renderer.client;
      const want = client.want.bind(client);
      const log: number[] = [];
      (window as unknown as { filmstripWants: number[] }).filmstripWants = log;
      client.want = (lane, frames, abandon) => {
        if (lane === 'filmstrip') log.push(frames.length);
        want(lane, frames, abandon);
      };
    });
    const filmstripWants = () =>
      studio.page.evaluate(() => [...(window as unknown as { filmstripWants: number[] }).filmstripWants]);
    // A new loop wants new thumbnails; a scrub starts at once.
    await studio.page.getByLabel('Out', { exact: true }).fill('40');
    await studio.page.getByLabel('Out', { exact: true }).press('Enter');
    for (let i = 0; i <= 6; i++) {
      await time.fill(String(70.1 + i * 3.3));
      await studio.page.waitForTimeout(150);
    }
    const whileScrubbing = await filmstripWants();
    expect(whileScrubbing.length).toBeGreaterThan(0);
    expect(whileScrubbing.at(-1)).toBe(0);
    await studio.idle();
    const after = (await filmstripWants()).slice(whileScrubbing.length);
    expect(after.some((count) => count > 0)).toBe(true);
    const times = await studio.page.$$eval('[data-testid="filmstrip"] canvas', (canvases) =>
      canvases.map((c) => Number((c as HTMLCanvasElement).dataset.t)),
    );
    expect(Math.max(...times)).toBeLessThanOrEqual(40);
  });

  it('playing in real time reports dropped frames until it stops; "play every frame" drops none', async () => {
    const { page } = studio;
    // At 240 FPS no machine renders 256x256 frames in time on WASM.
    await studio.setNumber('Playback FPS', 240);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(1500);
    const text = await page.getByTestId('dropped-frames').textContent();
    expect(Number(/^(\d+) dropped$/.exec(text ?? '')?.[1])).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Pause' }).click();
    // The counter is about that run of playback: it goes when playback stops.
    expect(await studio.state('droppedFrames')).toBe(0);
    expect(await page.getByTestId('dropped-frames').count()).toBe(0);
    await studio.idle();
    await page.getByLabel('Play every frame').check();
    const t0 = (await studio.state('t')) as number;
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await studio.state('droppedFrames')).toBe(0);
    const advanced = ((await studio.state('t')) as number) - t0;
    expect(advanced).toBeGreaterThan(0);
    expect(studio.consoleErrors).toEqual([]);
  });
});
