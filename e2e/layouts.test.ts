/** The viewer and the page's layouts at every size, with the shipped model and a 256x256 one; screenshots in e2e-artifacts/. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumForSuite } from './support/chromium';
import { StudioPage } from './support/studio-page';

/** Focus on nothing that takes keys, so the studio's keys act. */
const away = (page: Page) => page.locator('h1').click();

const SIZES = [
  { width: 390, height: 844 },
  { width: 900, height: 900 },
  { width: 1400, height: 900 },
  { width: 1920, height: 1080 },
];

/** Whether the page is wider than the window (horizontal overflow). */
const overflows = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth);

/** The box of an element by its accessible name, in CSS px of the viewport. */
async function boxOf(page: Page, label: string, role?: 'button') {
  const locator = role ? page.getByRole(role, { name: label, exact: true }) : page.getByLabel(label, { exact: true });
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${label} is not on the page`);
  return box;
}

describe('the viewer and layouts at every size (sky64 and a 256x256 model)', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');
  const sky256 = '.cache/models/sky256';

  beforeAll(() => {
    if (!existsSync(join(sky256, 'model.json'))) execFileSync('bin/stylegan-v', ['random', 'sky256', sky256]);
  });

  async function shoot(studio: StudioPage, name: string): Promise<void> {
    const { page } = studio;
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await page.screenshot({ path: `e2e-artifacts/layout-${name}-${size.width}x${size.height}.png` });
      expect(await overflows(page), `${name} at ${size.width}x${size.height}`).toBe(false);
      const canvas = await boxOf(page, 'Video frame');
      expect(Math.abs(canvas.width - canvas.height), `${name} at ${size.width}: square`).toBeLessThan(1);
      expect(canvas.x + canvas.width).toBeLessThanOrEqual(size.width);
      if (size.width === 390) {
        // A phone: the video and its transport first, then the panels.
        const play = await boxOf(page, 'Play', 'button');
        const model = (await page.getByRole('complementary').first().boundingBox())!;
        expect(canvas.y).toBeLessThan(play.y);
        expect(play.y).toBeLessThan(model.y);
        expect(canvas.width).toBeGreaterThan(300);
        await page.screenshot({ path: `e2e-artifacts/layout-${name}-390-full.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.waitForTimeout(300);
  }

  /** The whole transport is inside the 1400x900 window. */
  async function transportOnScreen(page: Page): Promise<void> {
    for (const [label, role] of [['Time'], ['Timecode'], ['Play', 'button'], ['Zoom in', 'button']] as const) {
      const box = await boxOf(page, label, role);
      expect(box.y, label).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, label).toBeLessThanOrEqual(900);
      expect(box.x + box.width, label).toBeLessThanOrEqual(1400);
    }
  }

  it('sky64: fits the stage, square, transport on screen, no overflow at 390, 900, 1400 and 1920', async () => {
    const studio = await StudioPage.open(chromium.browser, baseUrl);
    await transportOnScreen(studio.page);
    const canvas = await boxOf(studio.page, 'Video frame');
    // Fit: far larger than 64 px on a 1400x900 window.
    expect(canvas.width).toBeGreaterThan(300);
    await shoot(studio, 'sky64');
    // Fullscreen: F (and back), and the button; the frame then fits the screen.
    const { page } = studio;
    await away(page);
    await page.keyboard.press('f');
    await page.waitForFunction(() => document.fullscreenElement?.matches('[data-fullscreen]') === true);
    await page.waitForTimeout(300);
    const full = await boxOf(page, 'Video frame');
    const screen = await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
    expect(Math.abs(full.width - full.height)).toBeLessThan(1);
    expect(full.height).toBeLessThanOrEqual(screen.height);
    await page.keyboard.press('f');
    await page.waitForFunction(() => document.fullscreenElement === null);
    await page.getByRole('button', { name: 'Fullscreen', exact: true }).click();
    await page.waitForFunction(() => document.fullscreenElement !== null);
    await page.getByRole('button', { name: 'Exit fullscreen', exact: true }).click();
    await page.waitForFunction(() => document.fullscreenElement === null);
    await studio.page.close();
  });

  it('a 256x256 model loaded from its folder opens square with the whole transport on a 1400x900 screen', async () => {
    const studio = await StudioPage.open(chromium.browser, baseUrl);
    const files = readdirSync(sky256).map((f) => join(sky256, f));
    await studio.page.getByLabel('Load checkpoint').setInputFiles(files);
    await studio.page.waitForFunction(() => window.__studio.state().model?.resolution === 256, undefined, {
      timeout: 180_000,
    });
    // The first full frame (PCA and the thumbnails of a 256 px model take minutes on two busy cores).
    await studio.page.waitForFunction(
      () => document.querySelector('canvas[aria-label="Video frame"]')?.getAttribute('data-rendered-t') === '0',
      undefined,
      { timeout: 180_000 },
    );
    const canvas = await boxOf(studio.page, 'Video frame');
    expect(Math.abs(canvas.width - canvas.height)).toBeLessThan(1);
    expect(canvas.y + canvas.height).toBeLessThanOrEqual(900);
    await transportOnScreen(studio.page);
    // The tabs: arrow keys move between them, each tab controls the view's tabpanel.
    const video = studio.page.getByRole('tab', { name: 'Video', exact: true });
    expect(await video.getAttribute('aria-controls')).toBe(await studio.page.getByRole('tabpanel').getAttribute('id'));
    await shoot(studio, 'sky256');
    expect(studio.consoleErrors).toEqual([]);
    await studio.page.close();
  });
});
