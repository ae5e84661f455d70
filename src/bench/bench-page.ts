/**
 * In-browser engine benchmark, driven by tools/bench/browser.ts through Playwright:
 * bench.html?backend=webgpu|webgl|wasm&model=/models/x/&seconds=8&batches=1,2,4
 * Results land on window.__bench.
 */
import * as tf from '@tensorflow/tfjs';
import { activateBackend, isBrowserBackend } from '../engine/browser';
import { Generator, measureEngine } from '../engine';
import { modelFilesFromUrl } from '../model';
import { errorMessage } from '../util';

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

async function run(): Promise<Record<string, unknown>> {
  const params = new URLSearchParams(location.search);
  const backend = params.get('backend') ?? 'wasm';
  const modelUrl = params.get('model');
  if (!modelUrl) throw new Error('no ?model= given');
  if (!isBrowserBackend(backend)) throw new Error(`unknown backend ${backend}`);
  await activateBackend(backend);
  const details: Record<string, unknown> = { backend: tf.getBackend(), crossOriginIsolated, cores: navigator.hardwareConcurrency };
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
    const figures = await measureEngine(generator, {
      secondsPerMeasure: Number(params.get('seconds') ?? 8),
      batches: (params.get('batches') ?? '1,2,4').split(',').map(Number),
    });
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    const tensorBytes = tf.memory().numBytes;
    return { ...details, ...figures, loadMs, peakMemoryMB: ((memory?.usedJSHeapSize ?? 0) + tensorBytes) / 1e6 };
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
