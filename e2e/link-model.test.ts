import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { SNAPSHOTS } from '../test/support/fixtures';
import { chromiumForSuite } from './support/chromium';
import { StudioPage } from './support/studio-page';

const tiny = { name: 'tiny-snapshot.pkl', mimeType: 'application/octet-stream', buffer: readFileSync(SNAPSHOTS.tiny) };

describe('a link to a checkpoint converted in another browser', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');

  it('says which model and how to load it, then applies the rest of the link once it is loaded', async () => {
    const elsewhere = await chromium.browser.newContext();
    const first = await StudioPage.open(elsewhere, baseUrl);
    await first.page.getByLabel('Load checkpoint').setInputFiles(tiny);
    await first.page.waitForFunction(() => window.__studio.state().model?.resolution === 32, undefined, {
      timeout: 120_000,
    });
    const key = (await first.state('modelId')) as string;
    expect(key).toMatch(/^cache:/);
    await elsewhere.close();

    // A fresh browser profile: its model cache is empty.
    const here = await chromium.browser.newContext();
    const studio = await StudioPage.open(here, `${baseUrl}/#model=${key}&content=9&motion=4&t=5`);
    const notice = studio.page.getByRole('status').filter({ hasText: 'Load checkpoint' });
    expect(await notice.textContent()).toContain(key);
    expect([await studio.state('modelId'), await studio.state('contentSeed')]).toEqual(['sky64', 1]);
    await studio.page.getByLabel('Load checkpoint').setInputFiles(tiny);
    await studio.page.waitForFunction((k) => window.__studio.state().modelId === k, key, { timeout: 120_000 });
    await studio.idle();
    expect([await studio.state('contentSeed'), await studio.state('motionSeed'), await studio.state('t')]).toEqual([
      9, 4, 5,
    ]);
    expect(await studio.state('pendingLink')).toBeNull();
    await studio.page.waitForFunction(() => location.hash.includes('content=9'));
    expect(studio.consoleErrors).toEqual([]);
    await here.close();
  });
});
