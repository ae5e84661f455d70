/// <reference lib="webworker" />
// The render worker: the only place in the studio that runs tfjs (WASM with SIMD + threads, or WebGPU).
import * as tf from '@tensorflow/tfjs';
import { Generator } from '../../../engine';
import {
  activateBackend,
  backendMemoryLimits,
  chooseBackend,
  isBrowserBackend,
  probeWebGpu,
} from '../../../engine/browser';
import type { PageMessage } from '../shared/protocol';
import { RenderRuntime } from './runtime';

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function wasmThreads(): Promise<number | null> {
  if (tf.getBackend() !== 'wasm') return null;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return wasm.getThreadsCount();
}

const runtime = new RenderRuntime({
  post: (message, transfer = []) => scope.postMessage(message, transfer),
  async startBackend(requested) {
    const forced = isBrowserBackend(requested) ? requested : undefined;
    const notices = requested && !forced ? [`Unknown backend "${requested}" in the URL; choosing automatically`] : [];
    const choice = await chooseBackend(forced);
    const softwareGpu = choice.backend === 'webgpu' && (await probeWebGpu().catch(() => ({ software: true }))).software;
    return {
      backend: choice.backend,
      notices: [...notices, ...choice.notices],
      threads: await wasmThreads(),
      softwareGpu,
    };
  },
  async fallBack() {
    const backend = tf.getBackend();
    if (backend !== 'webgpu' && backend !== 'webgl') throw new Error('no fallback');
    await activateBackend('wasm');
    return 'wasm';
  },
  async loadGenerator(json, shards, nonFiniteCounted) {
    const files = {
      readJson: async () => json,
      readShard: async (path: string) => {
        const shard = shards[path];
        if (!shard) throw new Error(`missing weight file ${path}`);
        return shard;
      },
    };
    const generator = await Generator.load(files, undefined, { nonFiniteCounted });
    generator.setMemoryLimits(backendMemoryLimits());
    return generator;
  },
});

scope.onmessage = (event: MessageEvent<PageMessage>) => runtime.handle(event.data);
