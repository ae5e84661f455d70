/**
 * Issue 21's studio figures on a morphing segment, in Chromium (WASM): the sky256 studio with a Content
 * track morphing from seed 1 at 0 s to seed 2 at 10 s (every position its own ws, so every frame per-frame
 * modulation). Time change -> first new pixels, in rounds alternating with the same scrub on plain frames
 * (no track) in the same page, background work off meanwhile; then the prepared 2 s loop at 25 FPS on the
 * morphing clip (distinct frames/s, as the live bench measures it for plain frames).
 */
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../chromium';
import { startStaticServer } from '../static-server';
import { type LiveFigure, loopFigure, openStudio, type ScrubTimes, scrub } from './live';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** The studio's tracks: a morph over the clip, or none. */
async function setMorph(page: Page, morph: boolean): Promise<void> {
  await page.evaluate((on) => {
    const s = window.__studio.state();
    const content = on
      ? [
          { at: 0, seed: 1 },
          { at: 10, seed: 2 },
        ]
      : [];
    s.update({
      clipSeconds: 10,
      tracks: { time: [], content, psi: [], directions: s.tracks.directions.map(() => []) },
    });
  }, morph);
  await page.waitForFunction(() => window.__studio.renderer.isIdle(), undefined, { timeout: 600_000, polling: 100 });
}

export async function benchMorphStudio(sky256: string, options: { quick: boolean }): Promise<LiveFigure[]> {
  process.stderr.write('  morph bench: building the studio...\n');
  await build({ logLevel: 'error', build: { outDir: '.cache/bench-live-dist', emptyOutDir: true } });
  const server = await startStaticServer({ '/': '.cache/bench-live-dist', '/models/sky256/': sky256 });
  const browser = await launchChromium();
  try {
    const page = await openStudio(browser, server.url, sky256);
    await page.evaluate(() => {
      window.__studio.renderer.live.idleFilling = false;
      window.__studio.state().update({ loopStart: 0, loopEnd: 50 });
    });
    const rounds = options.quick ? 1 : 3;
    const count = options.quick ? 3 : 5;
    const times = { morph: [] as ScrubTimes[], plain: [] as ScrubTimes[] };
    for (let round = 0; round < rounds; round++) {
      for (const kind of ['plain', 'morph'] as const) {
        await setMorph(page, kind === 'morph');
        // New positions each round and kind (nothing cached, no motion codes shared with the other kind).
        times[kind].push(await scrub(page, 60 + round * 60 + (kind === 'morph' ? 4.1 : 0), count));
        process.stderr.write(`  morph bench, studio round ${round + 1}: ${kind} scrubbed\n`);
      }
    }
    const of = (kind: 'morph' | 'plain', k: keyof ScrubTimes) => median(times[kind].flatMap((t) => t[k]));
    const first = of('morph', 'first');
    const figures: LiveFigure[] = [
      {
        what: 'sky256 studio, content morphing over the clip: Time change -> first new pixels (median)',
        value: first,
        unit: 'ms',
        target: '<= 100',
        met: first <= 100,
        note: `plain frames ${of('plain', 'first').toFixed(0)} ms, same rounds; the 16 px image after ${of('morph', 'sixteen').toFixed(0)} ms (plain ${of('plain', 'sixteen').toFixed(0)}), the full frame after ${of('morph', 'full').toFixed(0)} ms (plain ${of('plain', 'full').toFixed(0)})`,
      },
    ];
    await setMorph(page, true);
    await page.evaluate(() => {
      window.__studio.renderer.live.idleFilling = true;
    });
    figures.push(await loopFigure(page, 'sky256 studio, content morphing over the clip: prepared 2 s loop at 25 FPS'));
    await page.close();
    return figures;
  } finally {
    await browser.close();
    await server.close();
  }
}
