import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../tools/chromium';
import { chromiumForSuite } from './support/chromium';
import { meanAbsDiff, StudioPage, spread } from './support/studio-page';

// Without ?backend the studio must pick WASM on these GPU-less machines (WebGPU is SwiftShader there);
// with ?backend=webgpu it must really run on WebGPU.
describe.each([
  { query: '', expected: 'wasm' },
  { query: '?backend=webgpu', expected: 'webgpu' },
])('studio in Chromium $query', ({ query, expected }) => {
  let browser: Browser;
  let studio: StudioPage;
  const baseUrl = inject('baseUrl');

  beforeAll(async () => {
    browser = await launchChromium();
    studio = await StudioPage.open(browser, `${baseUrl}/${query}`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`runs on ${expected} and says so`, async () => {
    expect(await studio.backendText()).toBe(`Backend: ${expected}`);
  });

  it('shows a frame that is not blank', async () => {
    expect(spread(await studio.framePixels())).toBeGreaterThan(5);
  });

  it('changes the frame when a seed changes', async () => {
    const before = await studio.framePixels();
    await studio.setNumber('Content seed', 7);
    const other = await studio.framePixels();
    expect(meanAbsDiff(before, other)).toBeGreaterThan(2);
    await studio.setNumber('Content seed', 1);
    expect(meanAbsDiff(before, await studio.framePixels())).toBe(0);
  });

  it('renders continuous time: 12.5 and 12.75 differ a little, 12.5 twice is identical', async () => {
    await studio.setTime(12.5);
    const a = await studio.framePixels();
    await studio.setTime(12.75);
    const b = await studio.framePixels();
    await studio.setTime(40);
    const far = await studio.framePixels();
    await studio.setTime(12.5);
    const again = await studio.framePixels();
    expect(meanAbsDiff(a, again)).toBe(0);
    const near = meanAbsDiff(a, b);
    expect(near).toBeGreaterThan(0);
    expect(near).toBeLessThan(meanAbsDiff(a, far));
  });

  it('carries an edit through every filmstrip thumbnail', async () => {
    const thumbs = (p: StudioPage) =>
      Promise.all(Array.from({ length: 8 }, (_, i) => p.pixels(`canvas[aria-label="Thumbnail ${i + 1}"]`)));
    const before = await thumbs(studio);
    await studio.page.getByLabel('Direction 1', { exact: true }).fill('3');
    await studio.idle();
    const after = await thumbs(studio);
    for (let i = 0; i < 8; i++) expect(meanAbsDiff(before[i]!, after[i]!), `thumbnail ${i + 1}`).toBeGreaterThan(1);
    await studio.page.getByLabel('Show original (before edits)').check();
    await studio.idle();
    const original = await thumbs(studio);
    expect(meanAbsDiff(before[0]!, original[0]!)).toBe(0);
    await studio.page.getByLabel('Show original (before edits)').uncheck();
    await studio.idle();
  });

  it('reproduces the same pixels from the URL', async () => {
    await studio.setNumber('Motion seed', 5);
    await studio.setTime(33.33);
    await studio.page.waitForFunction(() => location.hash.includes('t=33.33'));
    const url = studio.page.url();
    const pixels = await studio.framePixels();
    await studio.page.screenshot({ path: `e2e-artifacts/studio-${expected}.png` });
    const reopened = await StudioPage.open(browser, url);
    expect(meanAbsDiff(pixels, await reopened.framePixels())).toBe(0);
    expect(reopened.consoleErrors).toEqual([]);
    await reopened.page.close();
  });

  it('advances t by the right amount when playing at 60 FPS', async () => {
    await studio.setNumber('Playback FPS', 60);
    // Clock and t read in the page while it plays: how long a click takes to arrive is not the player's time.
    const sample = () => studio.page.evaluate(() => ({ t: window.__studio.state().t, now: performance.now() }));
    await studio.page.getByRole('button', { name: 'Play' }).click();
    const a = await sample();
    await studio.page.waitForTimeout(2000);
    const b = await sample();
    await studio.page.getByRole('button', { name: 'Pause' }).click();
    const elapsed = (b.now - a.now) / 1000;
    const advanced = b.t - a.t;
    // 25 training frames per second at speed 1, in steps of 25/60 frame per displayed frame; either sample
    // may find a tick a little late (the timer's), so both bounds allow 0.1 s.
    expect(advanced).toBeGreaterThan(25 * (elapsed - 0.1));
    expect(advanced).toBeLessThan(25 * (elapsed + 0.1));
    // Each step is 25/60 on t's grid (a billionth of a frame).
    const steps = advanced / (25 / 60);
    expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-5);
  });

  it('logs no console errors', () => {
    expect(studio.consoleErrors).toEqual([]);
  });
});

describe('WebGPU and WASM in Chromium', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');

  it('show the same frame for the same URL', async () => {
    const hash = '#model=sky64&content=4&motion=9&t=21.7';
    const gpu = await StudioPage.open(chromium.browser, `${baseUrl}/?backend=webgpu${hash}`);
    const wasm = await StudioPage.open(chromium.browser, `${baseUrl}/${hash}`);
    expect(await gpu.backendText()).toBe('Backend: webgpu');
    expect(await wasm.backendText()).toBe('Backend: wasm');
    const [a, b] = [await gpu.framePixels(), await wasm.framePixels()];
    expect(spread(a)).toBeGreaterThan(5);
    // Float rounding differs between backends by far less than one byte level on average.
    expect(meanAbsDiff(a, b)).toBeLessThan(0.5);
    expect([...gpu.consoleErrors, ...wasm.consoleErrors]).toEqual([]);
  });
});
