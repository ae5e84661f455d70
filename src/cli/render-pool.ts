import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { framesPerChunk, type VideoSpec } from '../engine';
import type { ModelJson } from '../model';
import type { ThreadData, ThreadReply, ThreadRequest } from './render-thread';

/** Frames per request to a thread: fixed by the model alone, so any number of threads renders the same batches. */
const MAX_CHUNK = 2;

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/** Splits times into the fixed chunks every pool size renders identically. */
export function frameChunks(times: readonly number[], chunk: number): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < times.length; i += chunk) chunks.push(times.slice(i, i + chunk));
  return chunks;
}

// From the TypeScript sources, threads run through tsx as bin/stylegan-v does (a bundled CLI loads its
// render-thread.js directly); tfjs's advice to install tfjs-node is silenced there too.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const log = console.log, warn = console.warn;
console.log = (...a) => (String(a[0]).includes('tfjs-node') || String(a[0]).startsWith('=====') ? undefined : log(...a));
console.warn = (...a) => (String(a[0]).includes('tfjs-node') ? undefined : warn(...a));
(workerData.tsx ? import(workerData.tsx).then(({ register }) => register()) : Promise.resolve()).then(() => import(workerData.thread));
`;
const FROM_SOURCES = import.meta.url.endsWith('.ts');

export interface PoolFrame {
  index: number;
  /** NHWC float32, one frame. */
  nhwc: Float32Array;
  height: number;
  width: number;
}

/**
 * Renders `times` of one video over a pool of worker_threads (each its own WASM instance with the model
 * loaded), handing frames to `onFrame` as they finish (in any order; `index` says where each belongs).
 * Memory stays bounded: a thread holds one chunk at a time and frames are not collected here.
 */
export async function renderWithPool(
  modelDir: string,
  spec: VideoSpec,
  times: readonly number[],
  options: { workers: number; backend: 'wasm' | 'cpu'; onFrame: (frame: PoolFrame) => Promise<void> },
): Promise<void> {
  const json = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8')) as ModelJson;
  const chunkSize = Math.min(MAX_CHUNK, framesPerChunk(json.architecture));
  const chunks = frameChunks(times, chunkSize);
  const threads = Math.max(1, Math.min(options.workers, chunks.length));
  const data = {
    modelDir,
    spec,
    backend: options.backend,
    tsx: FROM_SOURCES ? import.meta.resolve('tsx/esm/api') : null,
    thread: new URL(FROM_SOURCES ? './render-thread.ts' : './render-thread', import.meta.url).href,
  } satisfies ThreadData & Record<string, unknown>;
  let next = 0;
  let failure: Error | null = null;
  const writes: Promise<void>[] = [];
  const runThread = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
      const send = (request: ThreadRequest) => worker.postMessage(request);
      const feed = () => {
        if (failure || next >= chunks.length) send({ stop: true });
        else {
          const chunk = next++;
          send({ chunk, times: chunks[chunk]! });
        }
      };
      worker.on('message', (reply: ThreadReply) => {
        if ('error' in reply) {
          failure ??= new Error(reply.error);
          send({ stop: true });
          return;
        }
        if ('chunk' in reply) {
          const size = reply.height * reply.width * 3;
          for (let f = 0; f < reply.count; f++) {
            const nhwc = reply.frames.subarray(f * size, (f + 1) * size);
            writes.push(
              options.onFrame({ index: reply.chunk * chunkSize + f, nhwc, height: reply.height, width: reply.width }),
            );
          }
        }
        feed();
      });
      worker.on('error', (error: Error) => {
        failure ??= error;
        reject(error);
      });
      worker.on('exit', () => resolve());
    });
  await Promise.all(Array.from({ length: threads }, runThread));
  await Promise.all(writes);
  if (failure) throw failure;
}
