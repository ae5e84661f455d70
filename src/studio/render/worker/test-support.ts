/**
 * The worker tests' harness (not shipped: only *.test.ts import it): a RenderRuntime driven as the worker
 * drives it, on Node's WASM backend, with the page's messages recorded, sky64 loaded into it, and the key
 * state of a plain studio video.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Generator } from '../../../engine';
import { useNodeBackend } from '../../../engine/node';
import type { ModelJson } from '../../../model';
import type { WorkerMessage } from '../shared/protocol';
import type { KeyState } from '../shared/video-keys';
import { RenderRuntime } from './runtime';

const MODEL_DIR = join(__dirname, '../../../../public/models/sky64');

export type Frame = Extract<WorkerMessage, { type: 'frame' }>;
export type Progress = Extract<WorkerMessage, { type: 'jobProgress' }>;
export type Done = Extract<WorkerMessage, { type: 'jobDone' }>;
export type Failed = Extract<WorkerMessage, { type: 'jobFailed' }>;

export interface Harness {
  runtime: RenderRuntime;
  /** Every message the runtime posted to the page, in order. */
  messages: WorkerMessage[];
  /** The first message from index `from` on that matches, waiting for it to be posted. */
  until: <M extends WorkerMessage>(match: (m: WorkerMessage) => m is M, from?: number) => Promise<M>;
  /** The runtime's live tensor count (asked as the page asks it). */
  numTensors: () => Promise<number>;
  /** Each model load's `nonFiniteCounted`, in order. */
  counted: boolean[];
}

/** A runtime driven like the worker drives it, with the page's messages recorded. */
export function harness(): Harness {
  const messages: WorkerMessage[] = [];
  const waiters: Array<() => void> = [];
  const counted: boolean[] = [];
  const runtime = new RenderRuntime({
    post: (message) => {
      messages.push(message);
      for (const wake of waiters.splice(0)) wake();
    },
    startBackend: async () => ({
      backend: await useNodeBackend('wasm'),
      notices: [],
      threads: null,
      softwareGpu: false,
    }),
    fallBack: async () => {
      throw new Error('no fallback in Node');
    },
    loadGenerator: (json, shards, nonFiniteCounted) => {
      counted.push(nonFiniteCounted);
      return Generator.load({ readJson: async () => json, readShard: async (path) => shards[path]! });
    },
  });
  const until = async <M extends WorkerMessage>(match: (m: WorkerMessage) => m is M, from = 0): Promise<M> => {
    for (;;) {
      const found = messages.slice(from).find(match);
      if (found) return found;
      await new Promise<void>((wake) => waiters.push(wake));
    }
  };
  let asked = 0;
  const numTensors = async () => {
    const requestId = ++asked;
    runtime.handle({ type: 'numTensors', requestId });
    const reply = await until(
      (m): m is Extract<WorkerMessage, { type: 'numTensors' }> => m.type === 'numTensors' && m.requestId === requestId,
    );
    return reply.count;
  };
  return { runtime, messages, until, numTensors, counted };
}

/** sky64's model.json and shards, read afresh (a load transfers its shards). */
export function readSky64(): { json: ModelJson; shards: Record<string, ArrayBuffer> } {
  const json = JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8')) as ModelJson;
  const shards: Record<string, ArrayBuffer> = {};
  for (const path of json.weightsManifest.flatMap((g) => g.paths))
    shards[path] = new Uint8Array(readFileSync(join(MODEL_DIR, path))).buffer;
  return { json, shards };
}

/** Starts the runtime's backend and loads sky64 (public/models/sky64) into it, as the page would. */
export async function startSky64({ runtime, until }: Harness): Promise<void> {
  runtime.handle({ type: 'start', backend: 'wasm' });
  await until((m): m is WorkerMessage => m.type === 'started');
  const { json, shards } = readSky64();
  runtime.handle({ type: 'loadModel', requestId: 1, modelKey: 'sky64', label: 'sky64', json, shards });
  await until((m): m is WorkerMessage => m.type === 'modelLoaded');
}

/** The key state of a plain sky64 video (no edits, no mixing, no class), with `patch` over it. */
export function plainVideoState(patch: Partial<KeyState> = {}): KeyState {
  return {
    modelId: 'sky64',
    contentSeed: 1,
    contentWs: null,
    motionSeed: 1,
    classIndex: 0,
    psi: 0.8,
    edits: new Array<number>(8).fill(0),
    editRanges: [],
    mixSeed: null,
    mixRange: { group: 'fine', first: 0, last: 0 },
    showOriginal: false,
    directionSigmas: [],
    model: { cDim: 0 },
    ...patch,
  };
}
