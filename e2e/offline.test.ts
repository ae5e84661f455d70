/**
 * The production build as a plain static host serves it: from a sub-path, with no cross-origin isolation
 * headers. The service worker isolates the page (one reload on the first visit), keeps it working with the
 * server gone, and replaces itself with a new build on the next load, saying so.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumProfile } from '../tools/chromium';
import { startStaticServer } from '../tools/static-server';
import { StudioPage, spread } from './support/studio-page';

const SUB_PATH = '/studio/';

/** A file's hash as the build lists it in sw.js. */
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Waits for the studio to be ready on whatever document the page now shows (it may reload meanwhile). */
async function studioReady(page: Page): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await page.waitForFunction(() => window.__studio?.ready, undefined, { timeout: 5_000, polling: 100 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

const facts = (page: Page) =>
  page.evaluate(async () => ({
    isolated: crossOriginIsolated,
    controlled: navigator.serviceWorker.controller !== null,
    backend: window.__studio.state().backend,
    threads: window.__studio.renderer.backendThreads,
    cores: navigator.hardwareConcurrency,
    caches: (await caches.keys()).filter((name) => name.startsWith('stylegan-v-studio ')),
    notices: window.__studio.state().notices,
  }));

describe('the build on a plain static host, then offline', () => {
  const site = mkdtempSync(join(tmpdir(), 'studio-site-'));
  const profile = mkdtempSync(join(tmpdir(), 'studio-profile-'));
  let server: Awaited<ReturnType<typeof startStaticServer>>;
  let context: BrowserContext;
  let page: Page;
  let studio: StudioPage;
  let loads = 0;

  beforeAll(async () => {
    // A copy of dist/ (the global setup's build): the update test below publishes a changed one.
    cpSync('dist', site, { recursive: true });
    server = await startStaticServer({ [SUB_PATH]: site }, { isolation: false });
    context = await launchChromiumProfile(profile);
    page = context.pages()[0] ?? (await context.newPage());
    studio = StudioPage.attach(page);
    // Documents loaded (framenavigated would also count the studio's own hash updates).
    page.on('load', () => void loads++);
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    rmSync(site, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it('is cross-origin isolated after one reload, runs WASM with threads and renders', async () => {
    const response = await page.goto(`${server.url}${SUB_PATH}?backend=wasm`);
    expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
    await studioReady(page);
    expect(loads).toBe(2);
    const state = await facts(page);
    expect(state).toMatchObject({ isolated: true, controlled: true, backend: 'wasm', threads: state.cores });
    expect(state.threads).toBeGreaterThan(1);
    expect(state.caches).toHaveLength(1);
    await studio.idle();
    expect(spread(await studio.framePixels())).toBeGreaterThan(5);
    expect(studio.consoleErrors).toEqual([]);
  });

  it('is installable: the manifest and its icons resolve under the sub-path', async () => {
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!;
      const json = (await (await fetch(link.href)).json()) as { start_url: string; icons: Array<{ src: string }> };
      const icons = await Promise.all(
        json.icons.map(async (icon) => {
          const response = await fetch(new URL(icon.src, link.href));
          return `${response.status} ${response.headers.get('content-type')} ${new URL(response.url).pathname}`;
        }),
      );
      return { start: new URL(json.start_url, link.href).pathname, icons };
    });
    expect(manifest.start).toBe(SUB_PATH);
    expect(manifest.icons).toEqual([
      `200 image/png ${SUB_PATH}icons/icon-192.png`,
      `200 image/png ${SUB_PATH}icons/icon-512.png`,
    ]);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
  });

  it('opens and renders with the server stopped', async () => {
    await server.close();
    await page.reload();
    await studioReady(page);
    const state = await facts(page);
    expect(state).toMatchObject({ isolated: true, controlled: true, backend: 'wasm' });
    expect(state.threads).toBeGreaterThan(1);
    await studio.idle();
    await studio.setTime(7.5);
    expect(spread(await studio.framePixels())).toBeGreaterThan(5);
    // The other shipped model is cached too.
    await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('cond-noise-64');
    await page.waitForFunction(() => window.__studio.state().model?.cDim === 3, undefined, { timeout: 120_000 });
    await studio.idle();
    expect(spread(await studio.framePixels())).toBeGreaterThan(1);
    await page.screenshot({ path: 'e2e-artifacts/offline-studio.png' });
  });

  it('takes a new build on the next load and says so', async () => {
    // Publish a new version: index.html changed, and sw.js listing its new hash under a new version.
    const cache = (await facts(page)).caches[0]!;
    const version = cache.split(' ').at(-1)!;
    const indexFile = join(site, 'index.html');
    const html = readFileSync(indexFile, 'utf8');
    const changed = html.replace('<title>', '<meta name="published" content="second" />\n    <title>');
    writeFileSync(indexFile, changed);
    const sw = readFileSync(join(site, 'sw.js'), 'utf8');
    expect(sw).toContain(version);
    expect(sw).toContain(hash(html));
    writeFileSync(join(site, 'sw.js'), sw.replaceAll(version, 'fedcba987654').replace(hash(html), hash(changed)));
    const published = () => page.evaluate(() => document.querySelector('meta[name="published"]') !== null);
    const requested: string[] = [];
    const onRequest = (path: string) => void requested.push(path);
    server = await startStaticServer({ [SUB_PATH]: site }, { isolation: false, port: server.port, onRequest });
    await page.reload();
    await studioReady(page);
    await expect
      .poll(async () => (await facts(page)).notices, { timeout: 60_000 })
      .toContain('A new version of the studio was downloaded: it opens on the next load');
    expect(await published()).toBe(false);
    // Only what changed came over the network: the worker and the new page (the rest from the old cache).
    expect([...new Set(requested)].sort()).toEqual([`${SUB_PATH}index.html`, `${SUB_PATH}sw.js`]);
    await page.reload();
    await studioReady(page);
    await expect
      .poll(async () => (await facts(page)).notices, { timeout: 10_000 })
      .toContain('The studio was updated to a new version (fedcba987654)');
    expect(await published()).toBe(true);
    await studio.idle();
    expect(spread(await studio.framePixels())).toBeGreaterThan(1);
    await page.screenshot({ path: 'e2e-artifacts/offline-updated.png' });
    const state = await facts(page);
    expect(state).toMatchObject({ isolated: true, controlled: true });
    // The previous version's cache stays for pages still open on it; older ones go.
    expect(state.caches).toEqual([cache, cache.replace(version, 'fedcba987654')]);
  });
});
