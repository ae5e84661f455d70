/**
 * In-browser engine benchmark, driven by tools/bench/browser.ts through Playwright:
 * bench.html?backend=webgpu|webgl|wasm&model=/models/x/&seconds=8&batches=1,2,4[&verify=1][&mode=scrub]
 * Results land on window.__bench. With verify=1 the result also holds how far one frame is from the same frame
 * on tfjs's plain-JavaScript CPU backend (`verify`). mode=scrub measures instead how long a frame at a new t
 * takes when the page renders it itself and draws it (the studio's path before its render worker). mode=morph
 * (&fps=25&frames=12&rounds=3) renders issue 21's clip, content morphing vs fixed, in alternating rounds.
 */
import * as tf from '@tensorflow/tfjs';
import { ProjectRenderer } from '../authoring/render';
import { frameToRgbaBytes, Generator, measureEngine } from '../engine';
import { activateBackend, isBrowserBackend } from '../engine/browser';
import { modelFilesFromUrl } from '../model';
import { errorMessage } from '../util';
import { morphProject } from './morph-projects';

interface BenchState {
  done: boolean;
  result?: Record<string, unknown>;
  error?: string;
}

declare global {
  interface Window {
    __bench: BenchState;
  }
}

window.__bench = { done: false };
const log = (line: string) => {
  document.getElementById('log')!.textContent += `\n${line}`;
};

/** Frames at a few times of one video on the current backend, as plain numbers. */
async function sampleFrames(modelUrl: string): Promise<Float32Array> {
  const generator = await Generator.load(modelFilesFromUrl(modelUrl));
  try {
    const cDim = generator.arch.cDim;
    const video = generator.prepareVideo({
      content: { seed: 1 },
      motion: { seed: 2 },
      ...(cDim > 0 ? { classIndex: 0 } : {}),
    });
    try {
      const frames = await video.render([0, 10.5, 37.25]);
      try {
        return (await frames.data()) as Float32Array;
      } finally {
        frames.dispose();
      }
    } finally {
      video.dispose();
    }
  } finally {
    generator.dispose();
  }
}

/** The largest difference between this backend's frames and the CPU backend's, and the CPU frames' range. */
async function verifyAgainstCpu(modelUrl: string, backend: string): Promise<{ maxAbsDiff: number; maxAbs: number }> {
  const here = await sampleFrames(modelUrl);
  await tf.setBackend('cpu');
  try {
    const cpu = await sampleFrames(modelUrl);
    let maxAbsDiff = 0;
    let maxAbs = 0;
    for (let i = 0; i < cpu.length; i++) {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(here[i]! - cpu[i]!));
      maxAbs = Math.max(maxAbs, Math.abs(cpu[i]!));
    }
    return { maxAbsDiff, maxAbs };
  } finally {
    await tf.setBackend(backend);
  }
}

/** Median ms from asking for a frame at a new t to its pixels on a canvas, rendered on this page. */
async function scrubOnPage(
  generator: Generator,
  start: number,
  count: number,
): Promise<{ directFrameMs: number; durations: number[] }> {
  const size = generator.arch.imgResolution;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  document.body.append(canvas);
  const context = canvas.getContext('2d')!;
  const video = generator.prepareVideo({
    content: { seed: 1 },
    motion: { seed: 2 },
    ...(generator.arch.cDim > 0 ? { classIndex: 0 } : {}),
  });
  try {
    const durations: number[] = [];
    for (let i = -1; i < count; i++) {
      const started = performance.now();
      const frames = await video.render([start + i * 9.37]);
      const values = (await frames.data()) as Float32Array;
      frames.dispose();
      context.putImageData(new ImageData(frameToRgbaBytes(values, 0, size, size), size, size), 0, 0);
      if (i >= 0) durations.push(performance.now() - started); // i = -1 warms up
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const sorted = [...durations].sort((a, b) => a - b);
    return { directFrameMs: sorted[Math.floor(sorted.length / 2)]!, durations };
  } finally {
    video.dispose();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Frames/s of the morphing and the fixed clip's first `frames` frames (after one warm-up), alternating rounds. */
async function morphRounds(generator: Generator, fps: number, frames: number, rounds: number) {
  const figures = { morph: [] as number[], fixed: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const kind of ['morph', 'fixed'] as const) {
      const renderer = await ProjectRenderer.open(generator, morphProject(kind === 'morph', fps));
      try {
        const render = async (i: number) => {
          const frame = await renderer.render(i);
          await frame.data();
          frame.dispose();
        };
        await render(0);
        const started = performance.now();
        for (let i = 1; i <= frames; i++) await render(i);
        figures[kind].push(frames / ((performance.now() - started) / 1000));
        log(`round ${round + 1}: ${kind} ${figures[kind].at(-1)!.toFixed(2)} frames/s`);
      } finally {
        renderer.dispose();
      }
    }
  }
  return { morphFps: median(figures.morph), fixedFps: median(figures.fixed), rounds: figures };
}

async function run(): Promise<Record<string, unknown>> {
  const params = new URLSearchParams(location.search);
  const backend = params.get('backend') ?? 'wasm';
  const modelUrl = params.get('model');
  if (!modelUrl) throw new Error('no ?model= given');
  if (!isBrowserBackend(backend)) throw new Error(`unknown backend ${backend}`);
  await activateBackend(backend);
  const details: Record<string, unknown> = {
    backend: tf.getBackend(),
    crossOriginIsolated,
    cores: navigator.hardwareConcurrency,
  };
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    details.wasmThreads = wasm.getThreadsCount();
    details.wasmThreadsSupported = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    details.wasmSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  }
  if (backend === 'webgpu') {
    const adapter = await navigator.gpu?.requestAdapter();
    details.adapter = adapter?.info?.architecture ?? 'unknown';
  }
  log(JSON.stringify(details));
  // The first load fills the HTTP cache; the second is the "load from cache" figure.
  (await Generator.load(modelFilesFromUrl(modelUrl))).dispose();
  const loadStarted = performance.now();
  const generator = await Generator.load(modelFilesFromUrl(modelUrl));
  const loadMs = performance.now() - loadStarted;
  try {
    if (params.get('mode') === 'morph') {
      const [fps, frames, rounds] = ['fps', 'frames', 'rounds'].map((name) => Number(params.get(name) ?? 0));
      return { ...details, ...(await morphRounds(generator, fps || 25, frames || 12, rounds || 3)) };
    }
    if (params.get('mode') === 'scrub') {
      const start = Number(params.get('start') ?? 100);
      return { ...details, ...(await scrubOnPage(generator, start, Number(params.get('frames') ?? 15))) };
    }
    const figures = await measureEngine(generator, {
      secondsPerMeasure: Number(params.get('seconds') ?? 8),
      batches: (params.get('batches') ?? '1,2,4').split(',').map(Number),
    });
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    const tensorBytes = tf.memory().numBytes;
    const peakMemoryMB = ((memory?.usedJSHeapSize ?? 0) + tensorBytes) / 1e6;
    const verify = params.get('verify') === '1' ? await verifyAgainstCpu(modelUrl, backend) : undefined;
    return { ...details, ...figures, loadMs, peakMemoryMB, ...(verify ? { verify } : {}) };
  } finally {
    generator.dispose();
  }
}

run().then(
  (result) => {
    window.__bench = { done: true, result };
    log(JSON.stringify(result));
  },
  (error: unknown) => {
    window.__bench = { done: true, error: errorMessage(error) };
    log(`error: ${window.__bench.error}`);
  },
);
