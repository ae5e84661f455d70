/**
 * Issue 21's speed target: a 10 s sky256 clip whose content morphs from seed 1 to seed 2 over the whole clip
 * (every frame its own ws: per-frame modulation) against the same clip with fixed content (per-video
 * kernels), in frames/s, target ratio >= 0.8. Node WASM, over the CLI's render pool (one thread per core),
 * rounds alternating morph and fixed; a fresh pool each run, timed from the first frame requested to the last
 * received (model load and project preparation left out); medians. Also the same pair on one thread, in
 * process, and in Chromium WASM (bench.html?mode=morph: one page, the engine on the page, alternating
 * rounds), and the studio's first new pixels and prepared loop on the morphing clip (morph-studio.ts).
 * Figures taken while the machine does other work are only indicative.
 */
import { build } from 'vite';
import type { Project } from '../../src/authoring';
import { ProjectRenderer } from '../../src/authoring/render';
import { morphProject } from '../../src/bench/morph-projects';
import { defaultWorkerCount, RenderPool } from '../../src/cli/render-pool';
import { Generator } from '../../src/engine';
import { useNodeBackend } from '../../src/engine/node';
import { modelFilesFromDirectory } from '../../src/model/node';
import { firstLineOf } from '../../src/util';
import { launchChromium } from '../chromium';
import { startStaticServer } from '../static-server';
import type { LiveFigure } from './live';
import { benchMorphStudio } from './morph-studio';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function poolFps(modelDir: string, project: Project, frames: number): Promise<number> {
  const pool = new RenderPool(modelDir, { threads: defaultWorkerCount(), backend: 'wasm' });
  try {
    await pool.prepare({ project });
    // Every thread has prepared once its first frame is back; then the timed run.
    await pool.render([0], async () => undefined);
    const started = performance.now();
    await pool.render(
      Array.from({ length: frames }, (_, i) => i),
      async () => undefined,
    );
    return frames / ((performance.now() - started) / 1000);
  } finally {
    await pool.close();
  }
}

async function threadFps(renderer: ProjectRenderer, frames: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < frames; i++) {
    const frame = await renderer.render(i);
    await frame.data();
    frame.dispose();
  }
  return frames / ((performance.now() - started) / 1000);
}

/** The same pair in Chromium WASM, on the bench page. */
export async function chromiumFps(modelDir: string, options: { quick: boolean; fps: number; rounds: number }) {
  process.stderr.write('  morph bench: building the bench page for Chromium...\n');
  await build({ logLevel: 'error', build: { outDir: '.cache/bench-dist', emptyOutDir: true } });
  const server = await startStaticServer({ '/': '.cache/bench-dist', '/models/0/': modelDir });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('console', (message) => process.stderr.write(`  chromium: ${message.text().split('\n').at(-1)}\n`));
    const query = new URLSearchParams({
      backend: 'wasm',
      model: '/models/0/',
      mode: 'morph',
      fps: String(options.fps),
      frames: options.quick ? '3' : '12',
      rounds: String(options.rounds),
    });
    await page.goto(`${server.url}/bench.html?${query}`);
    await page.waitForFunction(() => window.__bench?.done, undefined, { timeout: 30 * 60_000, polling: 500 });
    const state = await page.evaluate(() => window.__bench);
    if (state.error) throw new Error(state.error);
    const result = state.result as { morphFps: number; fixedFps: number; wasmThreads?: number };
    return { morph: result.morphFps, fixed: result.fixedFps, threads: result.wasmThreads };
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function benchMorph(modelDir: string, options: { quick: boolean }): Promise<LiveFigure[]> {
  // The clip's frame rate: 25 fps (250 frames) in a full run, 1 fps (10 frames) with --quick.
  const fps = options.quick ? 1 : 25;
  const frames = Math.round(10 * fps);
  const rounds = options.quick ? 1 : 3;
  const figures = { morph: [] as number[], fixed: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const kind of ['morph', 'fixed'] as const) {
      const value = await poolFps(modelDir, morphProject(kind === 'morph', fps), frames);
      figures[kind].push(value);
      process.stderr.write(`  morph bench, round ${round + 1}: ${kind} ${value.toFixed(2)} frames/s (pool)\n`);
    }
  }
  const pool = { morph: median(figures.morph), fixed: median(figures.fixed) };

  await useNodeBackend('wasm');
  const generator = await Generator.load(modelFilesFromDirectory(modelDir));
  const one = { morph: [] as number[], fixed: [] as number[] };
  try {
    const threadFrames = options.quick ? 3 : 12;
    for (let round = 0; round < rounds; round++) {
      for (const kind of ['morph', 'fixed'] as const) {
        const renderer = await ProjectRenderer.open(generator, morphProject(kind === 'morph', fps));
        try {
          await threadFps(renderer, 1);
          one[kind].push(await threadFps(renderer, threadFrames));
        } finally {
          renderer.dispose();
        }
      }
    }
  } finally {
    generator.dispose();
  }
  const thread = { morph: median(one.morph), fixed: median(one.fixed) };
  const figure = (what: string, f: { morph: number; fixed: number }): LiveFigure => ({
    what,
    value: f.morph / f.fixed,
    unit: 'x',
    target: '>= 0.8',
    met: f.morph / f.fixed >= 0.8,
    note: `morph ${f.morph.toFixed(2)} vs fixed ${f.fixed.toFixed(2)} frames/s`,
  });
  const browserFigures: LiveFigure[] = [];
  try {
    const chromium = await chromiumFps(modelDir, { quick: options.quick, fps, rounds });
    browserFigures.push(
      figure(`the same in Chromium WASM (${chromium.threads ?? '?'} threads, alternating rounds)`, chromium),
    );
  } catch (error) {
    browserFigures.push({
      what: 'the same in Chromium WASM',
      value: null,
      unit: 'x',
      target: '>= 0.8',
      met: null,
      note: `failed: ${firstLineOf(error)}`,
    });
  }
  const studioFigures: LiveFigure[] = [];
  try {
    studioFigures.push(...(await benchMorphStudio(modelDir, options)));
  } catch (error) {
    studioFigures.push({
      what: 'sky256 studio, content morphing over the clip',
      value: null,
      unit: '',
      target: 'first new pixels <= 100 ms; prepared loop >= 24 distinct frames/s',
      met: null,
      note: `failed: ${firstLineOf(error)}`,
    });
  }
  return [
    figure(
      `sky256 10 s clip, content morphing vs fixed: Node WASM pool (${defaultWorkerCount()} threads, ${frames} frames, median of ${rounds})`,
      pool,
    ),
    figure('the same, one thread in process', thread),
    ...browserFigures,
    ...studioFigures,
  ];
}
