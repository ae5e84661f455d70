import { build } from 'vite';
import { launchChromium } from '../chromium';
import { startStaticServer } from '../static-server';
import type { BenchRow } from './report';

const BACKENDS = ['wasm', 'webgl', 'webgpu'] as const;

/** Engine figures in Chromium for each backend and model, through bench.html. */
export async function benchBrowser(models: Array<{ name: string; dir: string }>, options: { quick: boolean }): Promise<BenchRow[]> {
  process.stderr.write('building bench page...\n');
  await build({
    configFile: false,
    logLevel: 'error',
    // tfjs-wasm's threaded build re-creates its pthread workers from function source; minified identifiers
    // break them (tensorflow/tfjs#4539), so the bench page is not minified.
    build: { outDir: '.cache/bench-dist', emptyOutDir: true, minify: false, rollupOptions: { input: 'bench.html' } },
  });
  const mounts: Record<string, string> = { '/': '.cache/bench-dist' };
  models.forEach((m, i) => (mounts[`/models/${i}/`] = m.dir));
  const server = await startStaticServer(mounts);
  const browser = await launchChromium();
  const rows: BenchRow[] = [];
  try {
    for (const backend of BACKENDS) {
      for (const [i, model] of models.entries()) {
        process.stderr.write(`chromium ${backend}: ${model.name}...\n`);
        const page = await browser.newPage();
        try {
          const query = new URLSearchParams({ backend, model: `/models/${i}/`, seconds: options.quick ? '2' : '8', batches: '1,2,4' });
          await page.goto(`${server.url}/bench.html?${query}`);
          await page.waitForFunction(() => window.__bench?.done, undefined, { timeout: 15 * 60_000, polling: 500 });
          const state = await page.evaluate(() => window.__bench);
          if (state.error) {
            rows.push({ backend: `chromium-${backend}`, model: model.name, note: state.error });
            continue;
          }
          const r = state.result as Record<string, unknown> & BenchRow;
          const notes = [
            backend === 'wasm' ? `threads ${String(r.wasmThreads)}` : '',
            backend === 'webgpu' ? `adapter ${String(r.adapter)}` : '',
            r.slow ? 'slow: batch 1 only' : '',
          ].filter(Boolean);
          rows.push({ ...r, backend: `chromium-${backend}`, model: model.name, note: notes.join(', ') });
        } finally {
          await page.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}
