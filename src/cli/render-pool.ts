import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RenderJob, ThreadData, ThreadReply, ThreadRequest } from './render-thread';

/**
 * Frames per request to a thread. One: a frame's values do not depend on the frames rendered with it
 * (test/cli-pool checks), batches of two render no faster on WASM, and single frames keep every thread busy
 * to the end.
 */
export const FRAMES_PER_REQUEST = 1;

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
 * worker_threads that render one video, each its own WASM instance with the model loaded. The threads
 * start loading the model at once, so that cost overlaps whatever the caller still does before `prepare`.
 * Memory stays bounded: a thread holds one chunk at a time and frames are not collected here.
 */
export class RenderPool {
  private readonly workers: Worker[];
  private readonly ready = new Set<Worker>();
  private failure: Error | null = null;
  private firstReady: { resolve: (warnings: string[]) => void; reject: (error: Error) => void } | null = null;
  private job: {
    chunks: number[][];
    next: number;
    done: number;
    writes: Promise<void>[];
    onFrame: (frame: PoolFrame) => Promise<void>;
    finish: () => void;
  } | null = null;
  private closed = false;

  constructor(modelDir: string, options: { threads: number; backend: 'wasm' | 'cpu' }) {
    const data = {
      modelDir,
      backend: options.backend,
      tsx: FROM_SOURCES ? import.meta.resolve('tsx/esm/api') : null,
      thread: new URL(FROM_SOURCES ? './render-thread.ts' : './render-thread', import.meta.url).href,
    } satisfies ThreadData & Record<string, unknown>;
    this.workers = Array.from({ length: Math.max(1, options.threads) }, () => {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
      worker.on('message', (reply: ThreadReply) => this.onReply(worker, reply));
      worker.on('error', (error: Error) => this.fail(error));
      worker.on('exit', () => {
        if (!this.closed) this.fail(new Error('a render thread stopped unexpectedly'));
      });
      return worker;
    });
  }

  get threads(): number {
    return this.workers.length;
  }

  /**
   * Hands every thread the video; resolves with the model's load warnings once the first thread has it
   * prepared, or rejects with the first thread's error (a damaged model folder, a spec the model refuses).
   */
  prepare(job: RenderJob): Promise<string[]> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.firstReady = { resolve, reject };
      for (const worker of this.workers) this.send(worker, job);
    });
  }

  /**
   * Renders `items` (the job's frame times, or a project's frame indices) over the threads, handing frames
   * to `onFrame` as they finish (in any order).
   */
  async render(items: readonly number[], onFrame: (frame: PoolFrame) => Promise<void>): Promise<void> {
    const writes: Promise<void>[] = [];
    try {
      await this.run(items, onFrame, writes);
    } finally {
      await Promise.all(writes);
    }
    if (this.failure) throw this.failure;
  }

  private run(items: readonly number[], onFrame: (frame: PoolFrame) => Promise<void>, writes: Promise<void>[]) {
    return new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.job = {
        chunks: frameChunks(items, FRAMES_PER_REQUEST),
        next: 0,
        done: 0,
        writes,
        onFrame,
        finish: () => (this.failure ? reject(this.failure) : resolve()),
      };
      if (this.job.chunks.length === 0) return resolve();
      for (const worker of this.ready) this.feed(worker);
    });
  }

  /** Ends every thread (at once, whatever it is doing). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private send(worker: Worker, request: ThreadRequest): void {
    worker.postMessage(request);
  }

  private feed(worker: Worker): void {
    const job = this.job;
    if (!job || this.failure || job.next >= job.chunks.length) return;
    const chunk = job.next++;
    this.send(worker, { chunk, items: job.chunks[chunk]! });
  }

  private onReply(worker: Worker, reply: ThreadReply): void {
    if ('error' in reply) {
      this.fail(new Error(reply.error));
      return;
    }
    if ('ready' in reply) {
      this.ready.add(worker);
      this.firstReady?.resolve(reply.warnings);
      this.firstReady = null;
      this.feed(worker);
      return;
    }
    const job = this.job;
    if (!job) return;
    const size = reply.height * reply.width * 3;
    for (let f = 0; f < reply.count; f++) {
      const nhwc = reply.frames.subarray(f * size, (f + 1) * size);
      const index = reply.chunk * FRAMES_PER_REQUEST + f;
      const write = job.onFrame({ index, nhwc, height: reply.height, width: reply.width });
      job.writes.push(
        write.catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error)))),
      );
    }
    job.done++;
    if (job.done === job.chunks.length) job.finish();
    else this.feed(worker);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.firstReady?.reject(error);
    this.firstReady = null;
    this.job?.finish();
  }
}
