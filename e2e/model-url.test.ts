import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SNAPSHOTS } from '../test/support/fixtures';
import { startStaticServer } from '../tools/static-server';
import { chromiumForSuite } from './support/chromium';
import { StudioPage } from './support/studio-page';

const tiny = readFileSync(SNAPSHOTS.tiny);
const CORS = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
const HTML = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>';

/** A model host with CORS headers and the ways a download goes wrong; `requests` records "METHOD path". */
async function startModelHost() {
  const requests: string[] = [];
  let stalled: Array<() => void> = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push(`${request.method} ${path}`);
    const file = (bytes: Buffer, length = bytes.length) => {
      response.writeHead(200, { ...CORS, 'Content-Type': 'application/octet-stream', 'Content-Length': length });
      if (request.method === 'HEAD') response.end();
      return request.method !== 'HEAD';
    };
    switch (path) {
      case '/tiny.pkl':
        if (file(tiny)) response.end(tiny);
        return;
      case '/cut.pkl': // the connection drops after 1.5 MB of the announced 4.7 MB
        if (file(tiny)) response.write(tiny.subarray(0, 1_500_000), () => setTimeout(() => response.destroy(), 100));
        return;
      case '/short.pkl': // a complete response of a file that was itself cut short
        if (file(tiny.subarray(0, 1_500_000))) response.end(tiny.subarray(0, 1_500_000));
        return;
      case '/slow.pkl': // 4.5 MB, then nothing until the test ends
        if (file(tiny)) {
          response.write(tiny.subarray(0, 4_500_000));
          stalled.push(() => response.destroy());
        }
        return;
      case '/page.pkl':
        response.writeHead(200, { ...CORS, 'Content-Type': 'text/html; charset=utf-8' }).end(HTML);
        return;
      case '/sniffed.pkl': // a web page sent as a binary file
        response.writeHead(200, { ...CORS, 'Content-Type': 'application/octet-stream' }).end(`\n  ${HTML}`);
        return;
      case '/private/model.pkl':
        response.writeHead(302, { ...CORS, Location: '/accounts/login?next=/private/model.pkl' }).end();
        return;
      case '/accounts/login':
        response.writeHead(200, { ...CORS, 'Content-Type': 'text/html' }).end(HTML);
        return;
      default:
        response.writeHead(404, CORS).end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((done) => {
      for (const drop of stalled) drop();
      stalled = [];
      server.close(() => done());
      server.closeAllConnections();
    });
  return { url, requests, close };
}

/** Types a URL into "Model URL" key by key and presses "Load from URL". */
async function loadFromUrl(page: Page, url: string): Promise<void> {
  const field = page.getByLabel('Model URL');
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.press('Backspace');
  await field.pressSequentially(url, { delay: 0 });
  await page.getByRole('button', { name: 'Load from URL' }).click();
}

/** The model ids stored in this browser's private storage (entries written part-way included). */
function storedIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('stylegan-v-models', { create: true });
    const ids: string[] = [];
    for await (const key of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) ids.push(key);
    return ids;
  });
}

const waitForModel = (page: Page, resolution: number) =>
  page.waitForFunction((r) => window.__studio.state().model?.resolution === r, resolution, { timeout: 120_000 });

describe('models by link', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');
  let host: Awaited<ReturnType<typeof startModelHost>>;
  let folders: Awaited<ReturnType<typeof startStaticServer>>;
  let noCors: Awaited<ReturnType<typeof startStaticServer>>;

  beforeAll(async () => {
    host = await startModelHost();
    folders = await startStaticServer({ '/': 'public/models' }, { isolation: false, cors: true });
    noCors = await startStaticServer({ '/': 'public/models' }, { isolation: false });
  });
  afterAll(async () => {
    await host?.close();
    await folders?.close();
    await noCors?.close();
  });

  it('loads a .pkl by URL (converted as it downloads) and a model folder by its model.json, storing both', async () => {
    const context = await chromium.browser.newContext();
    const studio = await StudioPage.open(context, baseUrl);
    await loadFromUrl(studio.page, `${host.url}/tiny.pkl`);
    await waitForModel(studio.page, 32);
    await studio.idle();
    expect(await studio.state('modelId')).toMatch(/^cache:tiny-/);
    await loadFromUrl(studio.page, `${folders.url}/cond-noise-64/model.json`);
    await studio.page.waitForFunction(() => (window.__studio.state().model?.cDim ?? 0) > 0, undefined, {
      timeout: 120_000,
    });
    await studio.idle();
    const options = studio.page.locator('optgroup[label="Converted in this browser"] option');
    await expect
      .poll(() => options.allTextContents())
      .toEqual([
        expect.stringMatching(/^cond-noise-64 64px \([\d.]+ MB\)$/),
        expect.stringMatching(/^tiny 32px \([\d.]+ MB\)$/),
      ]);
    // The full name is shown beside the picker, not only inside it.
    expect(await studio.page.locator('#model-full-name').textContent()).toBe('cond-noise-64 64px');
    // A new visit reopens both from the browser, without downloading again.
    const before = host.requests.length;
    const again = await StudioPage.open(context, baseUrl);
    await expect.poll(() => again.page.locator('optgroup[label="Converted in this browser"] option').count()).toBe(2);
    expect(host.requests.length).toBe(before);
    expect([...studio.consoleErrors, ...again.consoleErrors]).toEqual([]);
    await context.close();
  });

  it('gives each failed download its own one-line message and keeps the current model and storage as they were', async () => {
    const context = await chromium.browser.newContext();
    const studio = await StudioPage.open(context, baseUrl);
    const cases: Array<[string, RegExp]> = [
      [
        `${noCors.url}/sky64/model.json`,
        /^could not download model\.json from 127\.0\.0\.1:\d+: the server sends no CORS headers.*then choose it with "Load checkpoint"$/,
      ],
      [`${host.url}/missing.pkl`, /missing\.pkl was not found on 127\.0\.0\.1:\d+ \(HTTP 404\): check the link$/],
      [`${host.url}/page.pkl`, /sent a web page, not a checkpoint: use the file's direct download link/],
      [`${host.url}/sniffed.pkl`, /sent a web page, not a checkpoint/],
      [
        `${host.url}/private/model.pkl`,
        /the link to model\.pkl redirected to a login page on 127\.0\.0\.1:\d+: the file is not public/,
      ],
      [
        `${host.url}/cut.pkl`,
        new RegExp(
          `the download of cut\\.pkl was cut short: \\d+ [kM]B of 5 MB arrived \\(\\d+ of ${tiny.length} bytes\\)`,
        ),
      ],
      [
        `${host.url}/short.pkl`,
        /the file is truncated or corrupted: the data breaks off at byte .* the download was probably cut short/,
      ],
    ];
    for (const [url, message] of cases) {
      await loadFromUrl(studio.page, url);
      const alert = studio.page.getByRole('alert');
      await expect.poll(() => alert.textContent(), { timeout: 60_000 }).toMatch(message);
      expect((await alert.textContent())?.includes('\n')).toBe(false);
      expect(await studio.state('modelId')).toBe('sky64');
    }
    expect(await storedIds(studio.page)).toEqual([]);
    expect(await studio.state('cachedModels')).toEqual([]);
    await context.close();
  });

  it('Cancel during a download stops it and leaves nothing stored', async () => {
    const context = await chromium.browser.newContext();
    const studio = await StudioPage.open(context, baseUrl);
    await loadFromUrl(studio.page, `${host.url}/slow.pkl`);
    const bar = studio.page.locator('.progress').filter({ hasText: /Downloading slow\.pkl: \d+ MB of 5 MB/ });
    await bar.waitFor({ timeout: 60_000 });
    await studio.page.getByRole('button', { name: 'Cancel download' }).click();
    await studio.page.getByRole('status').filter({ hasText: 'was cancelled; nothing was stored' }).waitFor();
    await expect.poll(() => bar.count()).toBe(0);
    expect(await studio.page.getByRole('button', { name: 'Cancel download' }).count()).toBe(0);
    expect(await storedIds(studio.page)).toEqual([]);
    expect(await studio.state('cachedModels')).toEqual([]);
    expect(await studio.state('modelId')).toBe('sky64');
    expect(await studio.state('modelError')).toBeNull();
    await context.close();
  });

  it('a link with model-url= asks before downloading, then loads it and applies the rest of the link', async () => {
    const context = await chromium.browser.newContext();
    const url = `${host.url}/tiny.pkl`;
    const mark = host.requests.length;
    const studio = await StudioPage.open(
      context,
      `${baseUrl}/#model-url=${encodeURIComponent(url)}&content=9&motion=4&t=5`,
    );
    const dialog = studio.page.getByRole('dialog', { name: /^Load tiny\.pkl \(5 MB\) from 127\.0\.0\.1:\d+\?$/ });
    await dialog.waitFor();
    // Nothing but the size was asked for yet; the default model shows meanwhile.
    expect(host.requests.slice(mark)).toEqual(['HEAD /tiny.pkl']);
    expect(await studio.state('modelId')).toBe('sky64');
    await dialog.getByRole('button', { name: 'Load' }).click();
    await waitForModel(studio.page, 32);
    await studio.idle();
    expect([await studio.state('contentSeed'), await studio.state('motionSeed'), await studio.state('t')]).toEqual([
      9, 4, 5,
    ]);
    expect(await studio.state('pendingLink')).toBeNull();
    expect(await dialog.count()).toBe(0);

    // Cancel: nothing is downloaded, the default model stays and says so.
    const second = host.requests.length;
    const other = await StudioPage.open(
      context,
      `${baseUrl}/#model-url=${encodeURIComponent(`${host.url}/cut.pkl`)}&t=2`,
    );
    const ask = other.page.getByRole('dialog', { name: /^Load cut\.pkl/ });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await other.page.getByRole('status').filter({ hasText: "The link's model was not downloaded" }).waitFor();
    expect(host.requests.slice(second).filter((r) => r.startsWith('GET '))).toEqual([]);
    expect(await other.state('modelId')).toBe('sky64');
    expect([...studio.consoleErrors, ...other.consoleErrors]).toEqual([]);
    await context.close();
  });

  it('renames a stored model and deletes it only once confirmed', async () => {
    const context = await chromium.browser.newContext();
    const studio = await StudioPage.open(context, baseUrl);
    const { page } = studio;
    await loadFromUrl(page, `${host.url}/tiny.pkl`);
    await waitForModel(page, 32);
    await page.getByRole('button', { name: 'Rename' }).click();
    const name = page.getByLabel('Model name');
    await name.press('ControlOrMeta+a');
    await name.pressSequentially('My tiny sky');
    await name.press('Enter');
    const option = page.locator('optgroup[label="Converted in this browser"] option');
    await expect.poll(() => option.textContent()).toMatch(/^My tiny sky \(32px, [\d.]+ MB\)$/);
    // The name is kept in the browser: a new visit lists it so.
    const again = await StudioPage.open(context, baseUrl);
    await expect
      .poll(() => again.page.locator('optgroup[label="Converted in this browser"] option').textContent())
      .toMatch(/^My tiny sky/);

    await page.getByRole('button', { name: 'Delete from this browser' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete My tiny sky?' });
    await confirm.getByRole('button', { name: 'Keep' }).click();
    expect(await confirm.count()).toBe(0);
    expect(await option.count()).toBe(1);
    await page.getByRole('button', { name: 'Delete from this browser' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => option.count()).toBe(0);
    await page.waitForFunction(() => window.__studio.state().modelId === 'sky64');
    expect(await storedIds(page)).toEqual([]);
    await context.close();
  });

  it('a .pkl dropped anywhere on the page loads it; other drops never navigate away', async () => {
    const context = await chromium.browser.newContext();
    const studio = await StudioPage.open(context, baseUrl);
    const { page } = studio;
    const address = page.url();
    const drop = (target: string, name: string, url: string | null) =>
      page.evaluate(
        async ([selector, fileName, from]) => {
          const data = new DataTransfer();
          const bytes = from ? await (await fetch(from)).arrayBuffer() : new TextEncoder().encode('hello');
          data.items.add(new File([bytes], fileName));
          const at = document.querySelector(selector)!;
          at.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
          const event = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
          at.dispatchEvent(event);
          return event.defaultPrevented;
        },
        [target, name, url] as const,
      );
    expect(await drop('.status-bar', 'notes.txt', null)).toBe(true);
    await page.getByRole('status').filter({ hasText: 'Drop an official .pkl or a converted model folder' }).waitFor();
    expect(await drop('canvas[aria-label="Video frame"]', 'network-snapshot-000600.pkl', `${host.url}/tiny.pkl`)).toBe(
      true,
    );
    await waitForModel(page, 32);
    expect(page.url()).toBe(address.split('#')[0] + new URL(page.url()).hash);
    expect(await page.locator('optgroup[label="Converted in this browser"] option').textContent()).toMatch(
      /^network-snapshot-000600 32px/,
    );
    expect(studio.consoleErrors).toEqual([]);
    await context.close();
  });
});
