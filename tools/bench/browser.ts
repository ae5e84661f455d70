import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { firstLineOf } from '../../src/util';
import { launchChromium } from '../chromium';
import { startStaticServer } from '../static-server';
import { type BenchRow, rowSummary } from './report';

const BACKENDS = ['wasm', 'webgl', 'webgpu'] as const;

/** Engine figures in Chromium for each backend and model, through bench.html. */
export async function benchBrowser(
  models: Array<{ name: string; dir: string }>,
  options: { quick: boolean },
): Promise<BenchRow[]> {
  process.stderr.write('building the studio and the bench page...\n');
  // The project's Vite config builds both index.html (the studio) and bench.html.
  await build({ logLevel: 'error', build: { outDir: '.cache/bench-dist', emptyOutDir: true } });
  const mounts: Record<string, string> = { '/': '.cache/bench-dist' };
  models.forEach((m, i) => {
    mounts[`/models/${i}/`] = m.dir;
  });
  const server = await startStaticServer(mounts);
  const browser = await launchChromium();
  const rows: BenchRow[] = [];
  const push = (row: BenchRow) => {
    rows.push(row);
    process.stderr.write(`${rowSummary(row)}\n`);
  };
  try {
    for (const backend of BACKENDS) {
      for (const [i, model] of models.entries()) {
        process.stderr.write(`chromium ${backend}: ${model.name}...\n`);
        const page = await browser.newPage();
        try {
          const query = new URLSearchParams({
            backend,
            model: `/models/${i}/`,
            seconds: options.quick ? '2' : '8',
            batches: '1,2,4',
          });
          await page.goto(`${server.url}/bench.html?${query}`);
          await page.waitForFunction(() => window.__bench?.done, undefined, { timeout: 15 * 60_000, polling: 500 });
          const state = await page.evaluate(() => window.__bench);
          if (state.error) {
            push({ backend: `chromium-${backend}`, model: model.name, note: state.error });
            continue;
          }
          const r = state.result as Record<string, unknown> & BenchRow;
          const notes = [
            backend === 'wasm' ? `threads ${String(r.wasmThreads)}` : '',
            backend === 'webgpu' ? `adapter ${String(r.adapter)}` : '',
            r.slow ? 'slow: batch 1 only' : '',
          ].filter(Boolean);
          push({ ...r, backend: `chromium-${backend}`, model: model.name, note: notes.join(', ') });
        } finally {
          await page.close();
        }
      }
    }
    for (const backend of ['webgpu', 'wasm'] as const) {
      process.stderr.write(`chromium ${backend}: studio scrub latency...\n`);
      try {
        push(await scrubLatency(browser, server.url, backend));
      } catch (error) {
        push({
          backend: `chromium-${backend}`,
          model: 'sky64 (studio)',
          note: `scrub latency failed: ${firstLineOf(error)}`,
        });
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

/**
 * From a change of the studio's "Time" slider to the new frame's pixels on the canvas (shipped 64x64 model),
 * median over a sweep of times, as a person scrubbing would see it.
 */
async function scrubLatency(browser: Browser, baseUrl: string, backend: 'webgpu' | 'wasm'): Promise<BenchRow> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('crash', () => problems.push('page crashed'));
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  try {
    await page.goto(`${baseUrl}/?backend=${backend}`);
    await page.waitForFunction(() => window.__studio?.ready && window.__studio.renderer.isIdle(), undefined, {
      timeout: 120_000,
      polling: 100,
    });
    // Sent as source text: tsx's keep-names transform would inject a `__name` helper the page lacks.
    const latencies = (await page.evaluate(`(async () => {
      const input = document.querySelector('input[aria-label="Time"]');
      const canvas = document.querySelector('canvas[aria-label="Video frame"]');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const results = [];
      for (let i = 0; i < 30; i++) {
        const started = performance.now();
        setValue.call(input, String(5 + i * 1.37));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // The value the slider took (the studio renders exactly that t).
        const t = input.value;
        await new Promise((done, fail) => {
          const check = () => {
            if (canvas.dataset.renderedT === t) done();
            else if (performance.now() - started > 60000) fail(new Error('no frame for t = ' + t + ' within 60 s'));
            else requestAnimationFrame(check);
          };
          check();
        });
        results.push(performance.now() - started);
      }
      return results;
    })()`)) as number[];
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const shown = await page.getByTestId('backend').textContent();
    return {
      backend: `chromium-${backend}`,
      model: 'sky64 (studio)',
      scrubLatencyMs: median,
      note: `studio scrub, median of 30; ${shown}`,
    };
  } catch (error) {
    throw new Error(`${firstLineOf(error)}${problems.length ? ` (${problems.slice(0, 3).join('; ')})` : ''}`);
  } finally {
    await page.close().catch(() => undefined);
  }
}
