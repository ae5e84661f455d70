import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumForSuite } from './support/chromium';
import { StudioPage } from './support/studio-page';

const state = <T>(page: Page, key: string) =>
  page.evaluate((k) => (window.__studio.state() as unknown as Record<string, unknown>)[k], key) as Promise<T>;

/** Select all, type key by key, then Tab or Enter: what a person does in a field. */
async function typeInto(page: Page, label: string, text: string, leave: 'Tab' | 'Enter' = 'Tab'): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text, { delay: 15 });
  await page.keyboard.press(leave);
}

const problemOf = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((input) => {
    const id = input.getAttribute('aria-describedby');
    return id ? (document.getElementById(id)?.textContent ?? null) : null;
  });

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue();

/** Focus on nothing that takes keys, so the studio's keys act. */
const away = (page: Page) => page.locator('h1').click();

describe('the timeline: timecode, markers, shuttle, zoom, readiness (sky64, WASM)', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');
  let studio: StudioPage;
  let page: Page;

  beforeAll(async () => {
    studio = await StudioPage.open(chromium.browser, baseUrl);
    page = studio.page;
  });

  it('Timecode takes frames, seconds and m:ss.xx, key by key; the Time slider follows', async () => {
    await typeInto(page, 'Timecode', '12.37');
    expect(await field(page, 'Time')).toBe('12.37');
    expect(await state(page, 't')).toBe(12.37);
    await typeInto(page, 'Timecode', '0.49s', 'Enter');
    expect(await field(page, 'Time')).toBe('12.25');
    await typeInto(page, 'Timecode', '20');
    await typeInto(page, 'Timecode', '0:00.49');
    expect(await field(page, 'Time')).toBe('12.25');
    expect(await field(page, 'Timecode')).toBe('12.25');
  });

  it('a bad time says why under the field and changes nothing; Escape reverts', async () => {
    await typeInto(page, 'Timecode', '0:75');
    expect(await problemOf(page, 'Timecode')).toBe(
      'Time must be a time from 0 to 250 frames: type frames (12.37), seconds (0.49s) or m:ss.xx',
    );
    expect(await state(page, 't')).toBe(12.25);
    await typeInto(page, 'Timecode', '11s');
    expect(await problemOf(page, 'Timecode')).toBe('Time must be a time from 0 to 250 frames');
    expect(await state(page, 't')).toBe(12.25);
    await page.getByLabel('Timecode', { exact: true }).press('Escape');
    expect(await field(page, 'Timecode')).toBe('12.25');
    expect(await problemOf(page, 'Timecode')).toBeNull();
  });

  it('the unit setting shows every time field as timecode, labelled, and back', async () => {
    await page.getByLabel('Time unit', { exact: true }).selectOption('timecode');
    expect(await field(page, 'Timecode')).toBe('0:00.49');
    expect([await field(page, 'In'), await field(page, 'Out'), await field(page, 'Clip length')]).toEqual([
      '0:00.00',
      '0:10.00',
      '0:10.00',
    ]);
    const captions = await page.locator('.timeline label > span:first-child').allTextContents();
    expect(captions).toEqual(
      expect.arrayContaining(['Timecode (m:ss)', 'In (m:ss)', 'Out (m:ss)', 'Clip length (m:ss)']),
    );
    // A bare number is still frames.
    await typeInto(page, 'Timecode', '25');
    expect(await field(page, 'Timecode')).toBe('0:01.00');
    expect((await page.locator('[data-testid="ruler"] .tick').allTextContents())[1]).toMatch(/^0:0\d\.00$/);
    await page.getByLabel('Time unit', { exact: true }).selectOption('frames');
    expect(await field(page, 'Clip length')).toBe('250');
    expect(await page.locator('.timeline label > span:first-child').allTextContents()).toEqual(
      expect.arrayContaining(['Timecode (frames)', 'In (frames)', 'Out (frames)', 'Clip length (frames)']),
    );
  });

  it('I and O set the loop at the playhead, each one undo step; Home and End jump to them; the markers are drawn', async () => {
    await typeInto(page, 'Timecode', '30');
    await away(page);
    await page.keyboard.press('i');
    expect(await field(page, 'In')).toBe('30');
    await typeInto(page, 'Timecode', '80');
    await away(page);
    await page.keyboard.press('o');
    expect([await field(page, 'In'), await field(page, 'Out')]).toEqual(['30', '80']);
    await page.keyboard.press('ControlOrMeta+z');
    expect([await field(page, 'In'), await field(page, 'Out')]).toEqual(['30', '250']);
    await page.keyboard.press('ControlOrMeta+Shift+z');
    expect(await field(page, 'Out')).toBe('80');
    await page.keyboard.press('Home');
    expect(await state(page, 't')).toBe(30);
    await page.keyboard.press('End');
    expect(await state(page, 't')).toBe(80);
    // The markers sit where the loop is: In at 30 / 250 of the track, Out at 80 / 250.
    const track = await page.getByTestId('timeline-track').boundingBox();
    const inBox = (await page.getByTestId('in-marker').boundingBox())!;
    const outBox = (await page.getByTestId('out-marker').boundingBox())!;
    const at = (x: number) => (x - track!.x - 7) / (track!.width - 14);
    expect(at(inBox.x)).toBeCloseTo(30 / 250, 2);
    expect(at(outBox.x + outBox.width)).toBeCloseTo(80 / 250, 2);
    // Dragging the out marker moves the loop's end: one undo step for the whole drag.
    const y = outBox.y + outBox.height / 2;
    await page.mouse.move(outBox.x + outBox.width - 1, y);
    await page.mouse.down();
    for (const f of [90, 100, 110]) await page.mouse.move(track!.x + 7 + (track!.width - 14) * (f / 250), y);
    await page.mouse.up();
    expect(Number(await field(page, 'Out'))).toBeCloseTo(110, 0);
    await away(page);
    await page.keyboard.press('ControlOrMeta+z');
    expect(await field(page, 'Out')).toBe('80');
  });

  it('the In and Out markers are sliders reached by name (Tab, click): arrows move them, each an undo step, and do not seek', async () => {
    const inMarker = page.getByRole('slider', { name: 'In marker', exact: true });
    const outMarker = page.getByRole('slider', { name: 'Out marker', exact: true });
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    const loop = async () => [await field(page, 'In'), await field(page, 'Out')];
    expect(await state(page, 't')).toBe(80);
    expect(
      await inMarker.evaluate((m) => ['aria-valuemin', 'aria-valuemax', 'aria-valuenow'].map((a) => m.getAttribute(a))),
    ).toEqual(['0', '79', '30']);
    expect(await inMarker.getAttribute('aria-valuetext')).toBe('30 frames');
    // Tab from the Timecode field reaches the In marker, then the Out marker.
    await page.getByLabel('Timecode', { exact: true }).click();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('In marker');
    await page.keyboard.press('ArrowRight');
    expect(await loop()).toEqual(['31', '80']);
    await page.keyboard.press('Shift+ArrowRight');
    expect(await loop()).toEqual(['56', '80']);
    expect(await inMarker.getAttribute('aria-valuetext')).toBe('56 frames');
    // The arrows moved the marker only: the playhead stays.
    expect(await state(page, 't')).toBe(80);
    await page.keyboard.press('ControlOrMeta+z');
    expect(await loop()).toEqual(['31', '80']);
    await page.keyboard.press('ControlOrMeta+z');
    expect(await loop()).toEqual(['30', '80']);
    expect(await focused()).toBe('In marker');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Out marker');
    await page.keyboard.press('End');
    expect(await loop()).toEqual(['30', '250']);
    await page.keyboard.press('Home');
    expect(await loop()).toEqual(['30', '31']);
    await page.keyboard.press('ControlOrMeta+z');
    await page.keyboard.press('ControlOrMeta+z');
    expect(await loop()).toEqual(['30', '80']);
    // A click focuses a marker too (the top corner is inside its triangle); the time unit reads out.
    await away(page);
    await outMarker.click({ position: { x: 10, y: 2 } });
    expect(await focused()).toBe('Out marker');
    await page.keyboard.press('ArrowLeft');
    expect(await loop()).toEqual(['30', '79']);
    await page.getByLabel('Time unit', { exact: true }).selectOption('timecode');
    expect(await outMarker.getAttribute('aria-valuetext')).toBe('0:03.16');
    await page.getByLabel('Time unit', { exact: true }).selectOption('frames');
    await away(page);
    await page.keyboard.press('ControlOrMeta+z');
    expect(await loop()).toEqual(['30', '80']);
    expect(await state(page, 't')).toBe(80);
  });

  it('Clip length typed as a bare 3 (frames) says to type 3s for seconds; 3s applies, and undoes', async () => {
    await typeInto(page, 'Clip length', '3');
    expect(await problemOf(page, 'Clip length')).toBe(
      'Clip length must be a whole number of seconds (25 frames each) from 25 to 90000 frames: 3 is 3 frames; type 3s for 3 seconds',
    );
    expect(await state(page, 'clipSeconds')).toBe(10);
    await typeInto(page, 'Clip length', '3s');
    expect(await problemOf(page, 'Clip length')).toBeNull();
    expect([await state(page, 'clipSeconds'), await field(page, 'Clip length')]).toEqual([3, '75']);
    await away(page);
    await page.keyboard.press('ControlOrMeta+z');
    expect([await state(page, 'clipSeconds'), await field(page, 'In'), await field(page, 'Out')]).toEqual([
      10,
      '30',
      '80',
    ]);
  });

  it('Save project and Open project are reachable by name with the Keyframes panel folded', async () => {
    const panel = page.getByRole('group', { name: 'Tracks', exact: true });
    expect(await panel.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
    const save = page.getByRole('button', { name: 'Save project', exact: true });
    const open = page.getByRole('button', { name: 'Open project', exact: true });
    expect([await save.count(), await open.count()]).toEqual([1, 1]);
    expect([await save.isVisible(), await open.isVisible()]).toEqual([true, true]);
    // Tab from the folded panel's title reaches them.
    await page.locator('details.tracks > summary').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save project');
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toBe('sky64-project.json');
    // On the title row, and the panel stays folded.
    const summary = (await page.locator('details.tracks > summary').boundingBox())!;
    const box = (await save.boundingBox())!;
    expect(box.y).toBeLessThan(summary.y + summary.height);
    expect(box.y + box.height).toBeGreaterThan(summary.y);
    await save.click();
    expect(await panel.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
    await page.screenshot({ path: 'e2e-artifacts/timeline-project-files-folded.png' });
  });

  it('J, K, L: L plays forwards (again 2x, 4x), J backwards, K stops; the stored speed stays', async () => {
    await away(page);
    await page.keyboard.press('Home');
    await page.keyboard.press('l');
    expect([await state(page, 'playing'), await state(page, 'shuttle')]).toEqual([true, 1]);
    await page.keyboard.press('l');
    expect(await state(page, 'shuttle')).toBe(2);
    await page.keyboard.press('l');
    await page.keyboard.press('l');
    expect(await state(page, 'shuttle')).toBe(4);
    await page.keyboard.press('j');
    expect(await state(page, 'shuttle')).toBe(-1);
    await page.keyboard.press('j');
    expect(await state(page, 'shuttle')).toBe(-2);
    expect(await page.getByTestId('shuttle').textContent()).toBe('◀◀ 2×');
    // Backwards: t sampled in the page steps down (modulo the 30..80 loop), never up.
    const samples = await page.evaluate(
      () =>
        new Promise<number[]>((done) => {
          const seen: number[] = [];
          const timer = setInterval(() => {
            seen.push(window.__studio.state().t);
            if (seen.length === 25) {
              clearInterval(timer);
              done(seen);
            }
          }, 20);
        }),
    );
    const steps = samples
      .slice(1)
      .map((t, i) => (((samples[i]! - t) % 50) + 50) % 50)
      .filter((d) => d !== 0);
    expect(steps.length).toBeGreaterThan(0);
    for (const back of steps) expect(back).toBeLessThan(25);
    expect(await state(page, 'speed')).toBe(1);
    expect(await page.evaluate(() => location.hash)).not.toMatch(/speed|shuttle/);
    await page.keyboard.press('k');
    expect([await state(page, 'playing'), await state(page, 'shuttle')]).toEqual([false, 0]);
    const stopped = await state<number>(page, 't');
    await page.waitForTimeout(300);
    expect(await state(page, 't')).toBe(stopped);
    await studio.idle();
  });

  it('zooms a 1 h clip down to single frames (a ruler tick on every frame), and out again with the wheel', async () => {
    await away(page);
    await page.keyboard.press('k');
    await typeInto(page, 'Clip length', '3600s', 'Enter');
    expect(await state(page, 'clipSeconds')).toBe(3600);
    await typeInto(page, 'Timecode', '30:00');
    expect(await state(page, 't')).toBe(45_000);
    const zoomIn = page.getByRole('button', { name: 'Zoom in', exact: true });
    for (let i = 0; i < 30; i++) await zoomIn.click();
    const ticks = (await page
      .locator('[data-testid="ruler"] .tick')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-t'))))) as number[];
    expect(ticks.length).toBeGreaterThanOrEqual(8);
    expect(ticks.slice(1).map((t, i) => t - ticks[i]!)).toEqual(new Array(ticks.length - 1).fill(1));
    expect(ticks).toContain(45_000);
    // Labelled frame by frame.
    const labels = await page.locator('[data-testid="ruler"] .tick').allTextContents();
    expect(labels.slice(0, 3)).toEqual(ticks.slice(0, 3).map(String));
    const time = page.getByLabel('Time', { exact: true });
    const span = async () => Number(await time.getAttribute('max')) - Number(await time.getAttribute('min'));
    expect(await span()).toBe(8);
    // The "−" key and the wheel zoom out.
    await away(page);
    await page.keyboard.press('-');
    expect(await span()).toBeCloseTo(12, 6);
    const track = (await page.getByTestId('timeline-track').boundingBox())!;
    await page.mouse.move(track.x + track.width / 2, track.y + 10);
    for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 100);
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input.time')!.max === '90000');
    expect(await span()).toBe(90_000);
    await page.screenshot({ path: 'e2e-artifacts/timeline-1h-zoomed-out.png' });
  });

  it('the readiness strip of a fully cached loop is full, and of a 1 h clip with few frames is not', async () => {
    // The loop is the whole hour (90,000 frames, 450 to a column of the whole-clip view): a column is ready only
    // when all its 450 frames are cached, so the ready columns never claim more frames than the cache holds.
    await typeInto(page, 'In', '0');
    await typeInto(page, 'Out', '1:00:00');
    expect(await state(page, 'loopEnd')).toBe(90_000);
    await page.waitForTimeout(500);
    // Both are written together (cacheUsedBytes with the strip): 64x64 RGBA frames are 16,384 bytes.
    const { bins, cached } = await page.evaluate(() => ({
      bins: window.__studio.state().readyBins,
      cached: window.__studio.state().cacheUsedBytes / (64 * 64 * 4),
    }));
    expect(bins).toHaveLength(200);
    expect(bins.includes('-')).toBe(false);
    expect([...bins].filter((c) => c === '1').length * 450).toBeLessThanOrEqual(cached);
    await typeInto(page, 'Clip length', '10s', 'Enter');
    await typeInto(page, 'In', '0');
    await typeInto(page, 'Out', '25');
    await typeInto(page, 'Timecode', '0');
    await studio.idle();
    // The loop 0..25 is the first 20 of the 200 columns over the 250-frame clip: all of them full once idle
    // filling has rendered the loop's 25 frames.
    await page.waitForFunction(() => window.__studio.state().readyBins.startsWith('1'.repeat(20)), undefined, {
      timeout: 120_000,
      polling: 200,
    });
    const strip = page.getByTestId('ready-strip');
    expect([await strip.getAttribute('data-ready-bins'), await strip.getAttribute('data-loop-bins')]).toEqual([
      '20',
      '20',
    ]);
    await page.screenshot({ path: 'e2e-artifacts/timeline-ready-strip.png' });
  });

  it('the view tabs move with the arrow keys and control the tab panel; the grid fits above the timeline', async () => {
    const video = page.getByRole('tab', { name: 'Video', exact: true });
    const grid = page.getByRole('tab', { name: 'Content × motion grid', exact: true });
    await video.focus();
    await page.keyboard.press('ArrowRight');
    expect(await grid.getAttribute('aria-selected')).toBe('true');
    expect(await grid.evaluate((tab) => tab === document.activeElement)).toBe(true);
    expect(await state(page, 'view')).toBe('grid');
    const panel = page.getByRole('tabpanel');
    expect(await panel.getAttribute('aria-labelledby')).toBe(await grid.getAttribute('id'));
    await page.locator('.grid canvas').last().waitFor();
    const cell = (await page.locator('.grid canvas').last().boundingBox())!;
    const timeline = (await page.getByRole('region', { name: 'Timeline' }).boundingBox())!;
    expect(cell.y + cell.height).toBeLessThanOrEqual(timeline.y);
    await page.screenshot({ path: 'e2e-artifacts/timeline-grid-1400x900.png' });
    await page.keyboard.press('ArrowLeft');
    expect(await state(page, 'view')).toBe('video');
    expect(await video.evaluate((tab) => tab === document.activeElement)).toBe(true);
    await studio.idle();
    expect(studio.consoleErrors).toEqual([]);
  });
});
