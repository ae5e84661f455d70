import { describe, expect, inject, it } from 'vitest';
import { chromiumForSuite } from './support/chromium';

describe('WASM in Chromium', () => {
  const chromium = chromiumForSuite();
  const baseUrl = inject('baseUrl');

  it('runs with SIMD and one thread per core (tfjs-wasm alone would take half the cores), and renders the same frames as the CPU backend', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(`${baseUrl}/bench.html?backend=wasm&model=/models/sky64/&seconds=0.2&batches=1&verify=1`);
    await page.waitForFunction(() => window.__bench?.done, undefined, { timeout: 120_000, polling: 200 });
    const bench = await page.evaluate(() => window.__bench);
    expect(bench.error).toBeUndefined();
    const result = bench.result as Record<string, unknown>;
    expect(result).toMatchObject({
      backend: 'wasm',
      crossOriginIsolated: true,
      wasmSimd: true,
      wasmThreadsSupported: true,
    });
    expect(result.wasmThreads).toBe(await page.evaluate(() => navigator.hardwareConcurrency));
    // Threads and SIMD change how the frames are computed, not what they are (the parity tests' tolerance).
    const verify = result.verify as { maxAbsDiff: number; maxAbs: number };
    console.log(
      `[wasm] max |wasm - cpu| over 3 frames: ${verify.maxAbsDiff.toExponential(2)} (frames reach ${verify.maxAbs.toFixed(2)})`,
    );
    expect(verify.maxAbs).toBeGreaterThan(0.1);
    expect(verify.maxAbsDiff).toBeLessThanOrEqual(1e-3 * (1 + verify.maxAbs));
    await page.close();
  });
});
