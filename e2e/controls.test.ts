import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumForSuite } from './support/chromium';
import { meanAbsDiff, StudioPage } from './support/studio-page';

const state = <T>(page: Page, key: string) =>
  page.evaluate((k) => (window.__studio.state() as unknown as Record<string, unknown>)[k], key) as Promise<T>;

/** Select all, type key by key, Tab: what a person does in a number field. */
async function typeInto(page: Page, label: string, text: string, leave: 'Tab' | 'Enter' = 'Tab'): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.press('ControlOrMeta+a');
  if (text === '') await page.keyboard.press('Backspace');
  else await page.keyboard.type(text, { delay: 20 });
  await page.keyboard.press(leave);
}

const problemOf = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((input) => {
    const id = input.getAttribute('aria-describedby');
    return id ? (document.getElementById(id)?.textContent ?? null) : null;
  });

describe('controls that never fight you (sky64, WASM)', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');
  let studio: StudioPage;
  let page: Page;

  beforeAll(async () => {
    studio = await StudioPage.open(chromium.browser, baseUrl);
    page = studio.page;
  });

  it('timeline fields take what is typed, key by key, and apply it on Tab or Enter', async () => {
    await typeInto(page, 'In', '50');
    expect(await state(page, 'loopStart')).toBe(50);
    // Before: the "7" was clamped to 50.01 and the loop ended at 50.015.
    await typeInto(page, 'Out', '75');
    expect(await state(page, 'loopEnd')).toBe(75);
    await typeInto(page, 'Clip length', '3s', 'Enter');
    expect([await state(page, 'clipSeconds'), await state(page, 'loopEnd')]).toEqual([3, 75]);
    // Before: the "2" applied a 2 s clip and pulled the loop end to 50.
    await typeInto(page, 'Clip length', '20s');
    expect([await state(page, 'clipSeconds'), await state(page, 'loopEnd')]).toEqual([20, 75]);
    // Before: clearing snapped to 60 and "120" became 60120.
    await typeInto(page, 'Playback FPS', '120');
    expect(await state(page, 'playbackFps')).toBe(120);
    await typeInto(page, 'In', '0');
    await typeInto(page, 'Out', '250');
    await typeInto(page, 'Clip length', '10s');
    await typeInto(page, 'Playback FPS', '25');
  });

  it('a cleared or bad value shows why under the field and is not applied; Escape reverts', async () => {
    await typeInto(page, 'Playback FPS', '');
    expect(await problemOf(page, 'Playback FPS')).toBe('Playback FPS must be a number from 1 to 240 FPS');
    expect(await state(page, 'playbackFps')).toBe(25);
    await typeInto(page, 'Playback FPS', '500');
    expect(await problemOf(page, 'Playback FPS')).toMatch(/from 1 to 240/);
    expect(await state(page, 'playbackFps')).toBe(25);
    await page.getByLabel('Playback FPS', { exact: true }).click();
    await page.keyboard.press('Escape');
    expect(await page.getByLabel('Playback FPS', { exact: true }).inputValue()).toBe('25');
    expect(await problemOf(page, 'Playback FPS')).toBeNull();
    await typeInto(page, 'Out', '0');
    expect(await problemOf(page, 'Out')).toBe('Out point must be a time from 1 to 250 frames');
    await page.getByLabel('Out', { exact: true }).press('Escape');
    await typeInto(page, 'Clip length', 'abc');
    expect(await problemOf(page, 'Clip length')).toMatch(/whole number of seconds \(25 frames each\) from 25 to 90000 frames/);
    await page.getByLabel('Clip length', { exact: true }).press('Escape');
    // The stepper and ↑/↓ commit at once.
    await page.getByLabel('Playback FPS', { exact: true }).locator('xpath=..').locator('[data-step="up"]').click();
    expect(await state(page, 'playbackFps')).toBe(26);
    await page.getByLabel('Playback FPS', { exact: true }).press('ArrowDown');
    expect(await state(page, 'playbackFps')).toBe(25);
  });

  it('seed fields: cleared is not seed 0, "-5" is refused, a seed above 2^31 is kept exactly', async () => {
    const before = await studio.framePixels();
    await typeInto(page, 'Content seed', '');
    expect(await state(page, 'contentSeed')).toBe(1);
    expect(await problemOf(page, 'Content seed')).toBe('Content seed must be a whole number from 0 to 4,294,967,295');
    await typeInto(page, 'Content seed', '-5');
    expect(await state(page, 'contentSeed')).toBe(1);
    await typeInto(page, 'Content seed', '99999999999');
    expect(await state(page, 'contentSeed')).toBe(1);
    await typeInto(page, 'Content seed', '3000000001');
    await studio.idle();
    expect(await state(page, 'contentSeed')).toBe(3000000001);
    await page.waitForFunction(() => location.hash.includes('content=3000000001'));
    const big = await studio.framePixels();
    expect(meanAbsDiff(before, big)).toBeGreaterThan(1);
    // The link reopens that seed's frame in a new tab, not seed 2147483647's.
    const reopened = await StudioPage.open(chromium.browser, page.url());
    expect(await state(reopened.page, 'contentSeed')).toBe(3000000001);
    expect(meanAbsDiff(big, await reopened.framePixels())).toBe(0);
    await reopened.page.close();
    await typeInto(page, 'Motion seed', '4294967295');
    expect(await state(page, 'motionSeed')).toBe(4294967295);
    await typeInto(page, 'Motion seed', '1');
    await typeInto(page, 'Content seed', '1');
    await studio.idle();
  });

  it('mix seed and explicit ws ranges: a range 8-3 is refused with a message', async () => {
    await page.getByLabel('Style mixing').check();
    await typeInto(page, 'Mix seed', '12');
    expect(await state(page, 'mixSeed')).toBe(12);
    await page.getByLabel('Direction 1 layers', { exact: true }).selectOption('explicit');
    await typeInto(page, 'Direction 1 layers first w', '3');
    await typeInto(page, 'Direction 1 layers last w', '8');
    expect((await state<Array<{ first: number; last: number }>>(page, 'editRanges'))[0]).toMatchObject({
      first: 3,
      last: 8,
    });
    await typeInto(page, 'Direction 1 layers first w', '9');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'must not be after the last' }).count()).toBe(1);
    expect((await state<Array<{ first: number }>>(page, 'editRanges'))[0]!.first).toBe(3);
    await typeInto(page, 'Direction 1 layers last w', '-3');
    expect(await problemOf(page, 'Direction 1 layers last w')).toMatch(/whole number from 0 to 9/);
    await page.getByLabel('Direction 1 layers last w', { exact: true }).press('Escape');
    await page.getByLabel('Direction 1 layers', { exact: true }).selectOption('all');
    await page.getByLabel('Style mixing').uncheck();
    await studio.idle();
  });

  it('every key works after clicking a button; a click leaves no focus that Space presses again', async () => {
    await studio.setTime(10);
    await page.getByRole('button', { name: 'Next frame' }).click();
    expect(await state(page, 't')).toBe(11);
    await page.keyboard.press('ArrowRight'); // before: nothing
    expect(await state(page, 't')).toBe(12);
    await page.keyboard.press('Space'); // before: pressed "1 ›" again
    expect(await state(page, 'playing')).toBe(true);
    await page.keyboard.press('Space');
    expect(await state(page, 'playing')).toBe(false);
    await studio.setTime(40);
    await page.getByRole('button', { name: 'Previous frame' }).click();
    await page.keyboard.press('Shift+ArrowRight');
    expect(await state(page, 't')).toBe(39 + 25);
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await state(page, 't')).toBe(38);
    await page.getByLabel('Play every frame').click();
    await page.keyboard.press('End');
    expect(await state(page, 't')).toBe(250);
    await page.keyboard.press('Home');
    expect(await state(page, 't')).toBe(0);
    // Its label's text too: the checkbox keeps no focus that Space would toggle.
    await page.getByText('Every frame', { exact: true }).click();
    expect(await state(page, 'playEveryFrame')).toBe(false);
    await page.keyboard.press('Space');
    expect([await state(page, 'playing'), await state(page, 'playEveryFrame')]).toEqual([true, false]);
    await page.keyboard.press('Space');
    // Undo and redo after clicking a button, then the keys overlay.
    await page.getByLabel('Random motion seed').click();
    const random = await state<number>(page, 'motionSeed');
    await page.keyboard.press('ControlOrMeta+z');
    expect(await state(page, 'motionSeed')).toBe(1);
    await page.keyboard.press('ControlOrMeta+Shift+z');
    expect(await state(page, 'motionSeed')).toBe(random);
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await state(page, 'motionSeed')).toBe(1);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent()).toContain('One second back');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await studio.idle();
  });

  it('on the Time slider ←/→ step one frame and Shift one second, with a readable value', async () => {
    await typeInto(page, 'Clip length', '3600s');
    await studio.setTime(12.37);
    const time = page.getByLabel('Time', { exact: true });
    expect(await time.getAttribute('aria-valuetext')).toBe('12.37 frames, 0:00.49');
    await time.focus();
    await page.keyboard.press('ArrowRight'); // before: 1% of the clip, 900 frames
    expect(await state(page, 't')).toBe(13.37);
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await state(page, 't')).toBe(0);
    await page.keyboard.press('Space');
    await page.keyboard.press('Space');
    expect(await state(page, 'playing')).toBe(false);
    // Other sliders keep their own arrows.
    await page.getByRole('slider', { name: 'Truncation' }).focus();
    await page.keyboard.press('ArrowRight');
    expect([await state(page, 'psi'), await state(page, 't')]).toEqual([0.81, 0]);
    await page.getByRole('button', { name: 'Undo' }).click();
    await typeInto(page, 'Clip length', '10s');
    await studio.idle();
  });

  it('a slider drag is one undo step; seeking is none', async () => {
    const slider = page.getByRole('slider', { name: 'Truncation' });
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.53, y);
    await page.mouse.down();
    for (const f of [0.45, 0.35, 0.25, 0.2]) await page.mouse.move(box.x + box.width * f, y, { steps: 3 });
    await page.mouse.up();
    const dragged = await state<number>(page, 'psi');
    expect(dragged).toBeLessThan(0.4);
    await studio.setTime(20);
    await page.keyboard.press('ControlOrMeta+z');
    expect([await state(page, 'psi'), await state(page, 't')]).toEqual([0.8, 20]);
    await page.keyboard.press('ControlOrMeta+Shift+z');
    expect(await state(page, 'psi')).toBe(dragged);
    await page.keyboard.press('ControlOrMeta+z');
    await studio.idle();
  });

  it('applies a link pasted into the open tab, clamped and named as the UI clamps', async () => {
    await page.goto(`${baseUrl}/#model=sky64&content=5&motion=3&t=12.5&view=grid&grid=2`);
    await page.waitForFunction(() => window.__studio.state().contentSeed === 5);
    expect([await state(page, 'motionSeed'), await state(page, 't'), await state(page, 'gridSize')]).toEqual([
      3, 12.5, 2,
    ]);
    expect(await state(page, 'view')).toBe('grid');
    await page.goto(`${baseUrl}/#model=sky64&t=1e30&edits=10`);
    await page.waitForFunction(() => window.__studio.state().view === 'video');
    expect([await state(page, 't'), (await state<number[]>(page, 'edits'))[0]]).toEqual([250, 5]);
    const notices = page.getByRole('status').filter({ hasText: "The link's" });
    await expect
      .poll(() => notices.allTextContents())
      .toEqual([
        expect.stringContaining('t="1e30" is outside Time from 0 to 250 frames'),
        expect.stringContaining('edits[1]="10" is outside Direction from -5 to 5'),
      ]);
    await studio.idle();
    // The frame at the clamped t renders, and no error is left about t = 1e30.
    expect(await page.getByRole('alert').count()).toBe(0);
    // The pasted link is one undo step.
    await page.getByRole('button', { name: 'Undo' }).click();
    expect((await state<number[]>(page, 'edits'))[0]).toBe(0);
    await page.getByRole('button', { name: 'Redo' }).click();
    expect((await state<number[]>(page, 'edits'))[0]).toBe(5);
  });

  it('a link to a model this browser lacks says which and how to load it, and keeps the link', async () => {
    const fresh = await StudioPage.open(chromium.browser, `${baseUrl}/#model=cache:elsewhere-1234&content=9&t=5`);
    const notice = fresh.page.getByRole('status').filter({ hasText: 'Load checkpoint' });
    expect(await notice.textContent()).toContain('cache:elsewhere-1234');
    expect(await state(fresh.page, 'modelId')).toBe('sky64');
    expect(await state(fresh.page, 'contentSeed')).toBe(1);
    // The address stays as it came, so the same link works once the checkpoint is loaded.
    expect(fresh.page.url()).toContain('#model=cache:elsewhere-1234&content=9&t=5');
    expect(fresh.consoleErrors).toEqual([]);
    await fresh.page.close();
  });

  it('"Copy link" copies the link of what is on screen', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await page.getByRole('button', { name: 'Copy link' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('edits=5');
    expect(copied).toContain('t=250');
  });

  it('looks right at 390x844 and 1400x900', async () => {
    await page.keyboard.press('?');
    await page.screenshot({ path: 'e2e-artifacts/controls-keys-1400.png' });
    await page.keyboard.press('Escape');
    await typeInto(page, 'Playback FPS', '999');
    await page.screenshot({ path: 'e2e-artifacts/controls-1400.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'e2e-artifacts/controls-390.png', fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(studio.consoleErrors).toEqual([]);
  });
});
