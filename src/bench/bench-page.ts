/**
 * In-browser engine benchmark, driven by tools/bench/browser.ts through Playwright:
 * bench.html?backend=webgpu|webgl|wasm&model=/models/x/&seconds=8&batches=1,2,4
 * Results land on window.__bench.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { measureEngine } from '../engine/benchmark';
import { Generator } from '../engine/generator';
import { modelFilesFromUrl } from '../engine/fetch-files';

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
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  // tfjs defaults to half the cores; XNNPACK scales with all of them.
  setThreadsCount(Math.max(1, navigator.hardwareConcurrency || 1));
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not available here`);
  await tf.ready();
  const details: Record<string, unknown> = { backend: tf.getBackend(), crossOriginIsolated, cores: navigator.hardwareConcurrency };
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    details.wasmThreads = wasm.getThreadsCount();
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
    window.__bench = { done: true, error: error instanceof Error ? error.message : String(error) };
    log(`error: ${window.__bench.error}`);
  },
);
