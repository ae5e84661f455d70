import type { Browser, BrowserContext, Page } from 'playwright-core';

/** A studio page with the helpers the browser tests share. */
export class StudioPage {
  readonly consoleErrors: string[] = [];

  private constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(error.message));
  }

  static async open(browser: Browser | BrowserContext, url: string): Promise<StudioPage> {
    // A page of its own browser context gets no service worker (e2e/offline.test.ts tests it): it would hide
    // requests from page.route and download the build for offline use while the test measures.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
    const studio = new StudioPage(page);
    await page.goto(url);
    await page.waitForFunction(() => window.__studio?.ready, undefined, { timeout: 120_000 });
    await studio.idle();
    return studio;
  }

  /** The helpers on a page the caller opens and navigates itself (console errors are collected from now on). */
  static attach(page: Page): StudioPage {
    return new StudioPage(page);
  }

  /** Waits until every requested frame and thumbnail is drawn. */
  async idle(): Promise<void> {
    await this.page.waitForTimeout(50);
    await this.page.waitForFunction(
      () => window.__studio.renderer.isIdle() && window.__studio.state().pcaProgress.phase !== 'busy',
      undefined,
      {
        timeout: 180_000,
        polling: 50,
      },
    );
  }

  async backendText(): Promise<string> {
    return (await this.page.getByTestId('backend').textContent()) ?? '';
  }

  /** RGBA bytes of a canvas. */
  async pixels(selector: string): Promise<number[]> {
    return this.page.$eval(selector, (canvas) => {
      const c = canvas as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
    });
  }

  framePixels(): Promise<number[]> {
    return this.pixels('canvas[aria-label="Video frame"]');
  }

  async setTime(t: number): Promise<void> {
    await this.page.getByLabel('Time', { exact: true }).fill(String(t));
    await this.page.waitForFunction(
      (value) =>
        document.querySelector('canvas[aria-label="Video frame"]')?.getAttribute('data-rendered-t') === String(value),
      t,
      { timeout: 120_000 },
    );
    await this.idle();
  }

  /** Types a value into a studio number field and commits it (Enter): the fields apply nothing before. */
  async setNumber(label: string, value: number): Promise<void> {
    const field = this.page.getByLabel(label, { exact: true });
    await field.fill(String(value));
    await field.press('Enter');
    await this.idle();
  }

  /** Types a value key by key into a number field (select all, type, Tab): Tab commits it. */
  async typeNumber(label: string, value: number): Promise<void> {
    const field = this.page.getByLabel(label, { exact: true });
    await field.click();
    await field.press('ControlOrMeta+A');
    await field.pressSequentially(String(value));
    await field.press('Tab');
  }

  state<K extends string>(key: K): Promise<unknown> {
    return this.page.evaluate((k) => (window.__studio.state() as unknown as Record<string, unknown>)[k], key);
  }
}

export function meanAbsDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i]! - b[i]!);
  return sum / ((a.length / 4) * 3);
}

/** Standard deviation of the RGB values: a blank (constant) frame has 0. */
export function spread(pixels: number[]): number {
  const values = pixels.filter((_, i) => i % 4 !== 3);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}
