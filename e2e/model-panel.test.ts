/**
 * The model panel: a failed model load says so once and keeps the current model; the model cannot be
 * changed while a picture projection runs (disabled, with the reason as title and description).
 */
import { PNG } from 'pngjs';
import { describe, expect, inject, it } from 'vitest';
import { chromiumForSuite } from './support/chromium';
import { StudioPage, spread } from './support/studio-page';

const NOT_A_MODEL = /unsupported model format "not-a-model"/;

/** A flat 64x64 picture: something to project. */
function flatPng(): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  png.data.fill(128);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  return PNG.sync.write(png);
}

describe('model panel', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');

  it('shows a broken model folder\'s message once, from "Load checkpoint" and from the picker, and keeps the model', async () => {
    const studio = await StudioPage.open(chromium.browser, baseUrl);
    const { page } = studio;
    const alerts = page.getByRole('alert').filter({ hasText: NOT_A_MODEL });

    await page.getByLabel('Load checkpoint').setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"not-a-model"}') },
      { name: 'group1-shard1of1.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(16) },
    ]);
    await alerts.first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(300); // a second copy, if any, would follow within a render
    expect(await alerts.count()).toBe(1);
    expect(await alerts.textContent()).toMatch(
      /^Could not load the picked model files: model\.json: unsupported model format/,
    );
    expect(await studio.state('modelId')).toBe('sky64');
    expect(spread(await studio.framePixels())).toBeGreaterThan(5);

    // A shipped model whose model.json is broken, chosen in the picker.
    await page.route('**/models/cond-noise-64/model.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"format":"not-a-model"}' }),
    );
    await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('cond-noise-64');
    await expect
      .poll(() => alerts.first().textContent(), { timeout: 60_000 })
      .toMatch(/^Could not load Conditional test model \(random weights\): /);
    await page.waitForTimeout(300);
    expect(await alerts.count()).toBe(1);
    expect(await studio.state('modelId')).toBe('sky64');
    expect(await page.getByRole('combobox', { name: 'Model', exact: true }).inputValue()).toBe('sky64');
    await studio.idle();
    expect(spread(await studio.framePixels())).toBeGreaterThan(5);
    await page.screenshot({ path: 'e2e-artifacts/model-load-error-once.png' });
    await page.close();
  });

  it('locks the model picker and "Load checkpoint" while a picture projection runs, saying why', async () => {
    const studio = await StudioPage.open(chromium.browser, `${baseUrl}/?backend=wasm`);
    const { page } = studio;
    const picker = page.getByRole('combobox', { name: 'Model', exact: true });
    const upload = page.getByLabel('Load checkpoint');
    expect(await picker.isEnabled()).toBe(true);
    expect(await picker.getAttribute('aria-description')).toBeNull();

    await page.getByRole('button', { name: 'Animate a picture' }).click();
    await page.getByLabel('Picture file').setInputFiles({ name: 'flat.png', mimeType: 'image/png', buffer: flatPng() });
    await expect.poll(() => page.getByLabel('Target').getAttribute('data-drawn')).toBe('yes');
    await page.getByLabel('Steps', { exact: true }).fill('5000');
    const panel = page.locator('.animate-panel');
    await panel.getByRole('button', { name: 'Project' }).click();
    await panel.getByRole('button', { name: 'Cancel' }).waitFor();

    const reason = /locked while a picture projection runs/;
    for (const control of [picker, upload]) {
      expect(await control.isDisabled()).toBe(true);
      expect(await control.getAttribute('aria-description')).toMatch(reason);
      expect(await control.getAttribute('title')).toMatch(reason);
    }
    expect(await page.locator('section[aria-labelledby="model-heading"] .hint').textContent()).toMatch(reason);
    await picker.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'e2e-artifacts/model-locked-while-projecting.png' });

    await panel.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => picker.isEnabled(), { timeout: 60_000 }).toBe(true);
    expect(await upload.isEnabled()).toBe(true);
    expect(await picker.getAttribute('aria-description')).toBeNull();
    expect(await studio.state('modelId')).toBe('sky64');
    await page.close();
  });
});
