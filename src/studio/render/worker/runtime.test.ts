import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWs } from '../shared/content-ws';
import type { FrameWant, WorkerMessage } from '../shared/protocol';
import { mainVideo, videoKey } from '../shared/video-keys';
import { coarseLevels } from './engine-session';
import {
  type Done,
  type Failed,
  type Frame,
  harness,
  type Progress,
  plainVideoState,
  readSky64,
  startSky64,
} from './test-support';

const video = mainVideo(plainVideoState());
const vk = videoKey('sky64', video, 0);
const want = (t: number, progressive = false): FrameWant => ({
  key: `${vk}@${t}`,
  videoKey: vk,
  video,
  t,
  progressive,
});
const isFrame =
  (t: number, coarse = false) =>
  (m: WorkerMessage): m is Frame =>
    m.type === 'frame' && m.t === t && m.coarse === coarse;

describe('coarse levels of a progressive frame', () => {
  it('are 1/32 (from 8 px), 1/16 (from 16 px) and 1/4 of the resolution, below it', () => {
    expect(coarseLevels(64)).toEqual([8, 16]);
    expect(coarseLevels(128)).toEqual([8, 16, 32]);
    expect(coarseLevels(256)).toEqual([8, 16, 64]);
    expect(coarseLevels(1024)).toEqual([32, 64, 256]);
  });
});

describe('render worker runtime (sky64, Node WASM)', () => {
  const h = harness();
  const { runtime, messages, until, numTensors, counted } = h;

  beforeAll(async () => {
    await startSky64(h);
  });

  it("checks a model's values for NaN unless the page's converter counted them", async () => {
    expect(counted).toEqual([false]);
    const from = messages.length;
    const { json, shards } = readSky64();
    runtime.handle({
      type: 'loadModel',
      requestId: 2,
      modelKey: 'sky64',
      label: 'sky64',
      json,
      shards,
      nonFiniteCounted: true,
    });
    await until((m): m is WorkerMessage => m.type === 'modelLoaded', from);
    expect(counted).toEqual([false, true]);
  });

  it("gives copies of the loaded model's shards, and refuses for a model no longer loaded", async () => {
    const { shards } = readSky64();
    const from = messages.length;
    runtime.handle({ type: 'copyShards', requestId: 31, modelKey: 'sky64' });
    const reply = await until(
      (m): m is Extract<WorkerMessage, { type: 'shards' }> => m.type === 'shards' && m.requestId === 31,
      from,
    );
    expect(reply.shards.map(([path]) => path)).toEqual(Object.keys(shards));
    for (const [path, bytes] of reply.shards) expect(Buffer.from(bytes).equals(Buffer.from(shards[path]!))).toBe(true);
    runtime.handle({ type: 'copyShards', requestId: 32, modelKey: 'cache:another' });
    const refused = await until((m): m is WorkerMessage => m.type === 'failed' && m.requestId === 32, from);
    expect(refused).toMatchObject({ message: 'another model was loaded since: its weights are gone' });
  });

  it('sends a coarse image from an early stage, then the full frame, which equals a non-progressive render', async () => {
    const from = messages.length;
    runtime.handle({ type: 'want', lane: 'playhead', frames: [want(12.5, true)], abandon: true });
    const full = await until(isFrame(12.5), from);
    const coarse = messages.slice(from).find(isFrame(12.5, true))!;
    expect(coarse).toBeDefined();
    expect(messages.indexOf(coarse)).toBeLessThan(messages.indexOf(full));
    expect(
      messages
        .slice(from)
        .filter(isFrame(12.5, true))
        .map((m) => m.width),
    ).toEqual([8, 16]);
    expect(full.width).toBe(64);
    runtime.handle({ type: 'want', lane: 'filmstrip', frames: [want(12.5)], abandon: true });
    const plain = await until(isFrame(12.5), messages.indexOf(full) + 1);
    expect(messages.slice(messages.indexOf(full) + 1).some(isFrame(12.5, true))).toBe(false);
    expect(Buffer.from(plain.rgba).equals(Buffer.from(full.rgba))).toBe(true);
  });

  it('drops a render that a newer request made stale, without leaking tensors', async () => {
    const before = await numTensors();
    const from = messages.length;
    runtime.handle({ type: 'want', lane: 'playhead', frames: [want(30)], abandon: true });
    runtime.handle({ type: 'want', lane: 'playhead', frames: [want(31)], abandon: true });
    await until(isFrame(31), from);
    expect(messages.slice(from).some(isFrame(30))).toBe(false);
    expect(await numTensors()).toBe(before);
  });

  it('the playhead preempts idle filling, which then resumes', async () => {
    const from = messages.length;
    runtime.handle({ type: 'want', lane: 'idle', frames: [want(40), want(41), want(42)], abandon: true });
    runtime.handle({ type: 'want', lane: 'playhead', frames: [want(50)], abandon: true });
    await until(isFrame(42), from);
    const order = messages
      .slice(from)
      .filter((m): m is Frame => m.type === 'frame')
      .map((m) => m.t);
    expect(order).toEqual([50, 40, 41, 42]);
  });

  it('keeps the tensor count flat across 200 renders (progressive, stale and complete)', async () => {
    const before = await numTensors();
    for (let i = 0; i < 200; i++) {
      const from = messages.length;
      const t = 60 + i * 0.37;
      // Every fourth request is superseded at once by the next.
      if (i % 4 === 0) runtime.handle({ type: 'want', lane: 'playhead', frames: [want(t - 0.1, true)], abandon: true });
      runtime.handle({ type: 'want', lane: 'playhead', frames: [want(t, i % 2 === 0)], abandon: true });
      await until(isFrame(t), from);
    }
    expect(await numTensors()).toBe(before);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('renders grid cells that share content in one batch, each equal to its own single render', async () => {
    const cellsAt = (t: number) =>
      [0, 1, 2].flatMap((row) =>
        [0, 1].map((col) => {
          const cell = { ...video, contentSeed: video.contentSeed + col, motionSeed: video.motionSeed + row };
          const key = videoKey('sky64', cell, 0);
          return { key: `${key}@${t}`, videoKey: key, video: cell, t, progressive: false };
        }),
      );
    const cells = cellsAt(20.5);
    const batchesBefore = runtime.sharedBatches;
    const from = messages.length;
    runtime.handle({ type: 'want', lane: 'grid', frames: cells, abandon: false });
    const isCell =
      (key: string) =>
      (m: WorkerMessage): m is Frame =>
        m.type === 'frame' && m.key === key;
    const batched = await Promise.all(cells.map((cell) => until(isCell(cell.key), from)));
    expect(runtime.sharedBatches - batchesBefore).toBeGreaterThanOrEqual(1);
    expect(new Set(batched.map((m) => m.videoKey)).size).toBe(6);
    for (const [i, cell] of cells.entries()) {
      const at = messages.length;
      runtime.handle({ type: 'want', lane: 'playhead', frames: [cell], abandon: true });
      const single = await until(isCell(cell.key), at);
      expect(Buffer.from(single.rgba).equals(Buffer.from(batched[i]!.rgba))).toBe(true);
    }
    // The six videos are prepared and kept now: more batches leave the count where it is.
    const before = await numTensors();
    for (const t of [21, 22, 23]) {
      const at = messages.length;
      runtime.handle({ type: 'want', lane: 'grid', frames: cellsAt(t), abandon: false });
      await Promise.all(cellsAt(t).map((cell) => until(isCell(cell.key), at)));
    }
    expect(await numTensors()).toBe(before);
  });

  describe('projection jobs', () => {
    // A smooth gradient picture at the model's resolution.
    const size = 64;
    const rgb = new Float32Array(size * size * 3);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) rgb.set([x / size, y / size, 0.5], (y * size + x) * 3);
    const job = (steps: number) => ({
      kind: 'project' as const,
      target: { size, rgb },
      steps,
      space: 'w+' as const,
      motionSeed: 3,
      classIndex: null,
      wSamples: 200,
      reconstructionEveryMs: 0,
    });
    const progressOf =
      (jobId: number, step: number) =>
      (m: WorkerMessage): m is Progress =>
        m.type === 'jobProgress' && m.jobId === jobId && (m.projection?.step ?? 0) >= step;

    it('reports steps with reconstructions, and Keep ends it with the best ws so far, which render', async () => {
      const from = messages.length;
      runtime.handle({ type: 'startJob', jobId: 901, job: job(500) });
      const third = await until(progressOf(901, 3), from);
      expect(third.projection!.reconstruction!.width).toBe(64);
      expect(new Uint8Array(third.projection!.reconstruction!.rgba).length).toBe(64 * 64 * 4);
      expect(third.projection!.psnr).toBeGreaterThan(0);
      runtime.handle({ type: 'keepJob', jobId: 901 });
      const done = await until((m): m is Done => m.type === 'jobDone' && m.jobId === 901, from);
      if (done.result.kind !== 'project') throw new Error('not a projection');
      expect(done.result.ws.length).toBe(10 * 128);
      expect(done.result.step).toBeGreaterThanOrEqual(1);
      expect(done.result.step).toBeLessThan(500);
      expect(done.result.motionSeed).toBe(3);
      expect(done.result.psnr).toBeGreaterThan(5);
      expect(done.result.reconstruction.width).toBe(64);
      // The kept ws are a content source: the video renders from them, and differs from the seed's.
      const projected = { ...video, contentWs: encodeWs(done.result.ws), motionSeed: 3 };
      const key = videoKey('sky64', projected, 0);
      const at = messages.length;
      runtime.handle({
        type: 'want',
        lane: 'playhead',
        frames: [{ key: `${key}@0`, videoKey: key, video: projected, t: 0, progressive: false }],
        abandon: true,
      });
      const frame = await until((m): m is Frame => m.type === 'frame' && m.videoKey === key, at);
      // The result's reconstruction is the video's frame at t = 0.
      expect(Buffer.from(frame.rgba).equals(Buffer.from(done.result.reconstruction.rgba))).toBe(true);
      runtime.handle({ type: 'want', lane: 'playhead', frames: [want(0)], abandon: true });
      const seeded = await until((m): m is Frame => isFrame(0)(m) && m.videoKey === vk, at);
      expect(Buffer.from(frame.rgba).equals(Buffer.from(seeded.rgba))).toBe(false);
    });

    it('Cancel mid-run rejects as canceled and leaves the tensor count flat', async () => {
      const before = await numTensors();
      const from = messages.length;
      runtime.handle({ type: 'startJob', jobId: 902, job: job(500) });
      await until(progressOf(902, 2), from);
      runtime.handle({ type: 'cancelJob', jobId: 902 });
      const failed = await until((m): m is Failed => m.type === 'jobFailed' && m.jobId === 902, from);
      expect(failed.canceled).toBe(true);
      expect(messages.slice(from).some((m) => m.type === 'jobDone' && m.jobId === 902)).toBe(false);
      expect(await numTensors()).toBe(before);
    });

    it('Keep before the first step has finished says there is nothing to keep', async () => {
      const from = messages.length;
      runtime.handle({ type: 'startJob', jobId: 903, job: job(50) });
      runtime.handle({ type: 'keepJob', jobId: 903 });
      const failed = await until((m): m is Failed => m.type === 'jobFailed' && m.jobId === 903, from);
      expect(failed).toMatchObject({ canceled: false, message: expect.stringMatching(/nothing to keep/) });
    });

    it('"Find the best motion" fits with the best of the tried motion seeds', async () => {
      const from = messages.length;
      runtime.handle({ type: 'startJob', jobId: 904, job: { ...job(2), searchMotionSeeds: [5, 6, 7] } });
      const done = await until((m): m is Done => m.type === 'jobDone' && m.jobId === 904, from);
      if (done.result.kind !== 'project') throw new Error('not a projection');
      expect([5, 6, 7]).toContain(done.result.motionSeed);
    });

    it('a projected content of another model fails with a clear message', async () => {
      const bad = { ...video, contentWs: encodeWs(new Float32Array(512)) };
      const key = videoKey('sky64', bad, 0);
      const from = messages.length;
      runtime.handle({
        type: 'want',
        lane: 'playhead',
        frames: [{ key: `${key}@0`, videoKey: key, video: bad, t: 0, progressive: false }],
        abandon: true,
      });
      const error = await until(
        (m): m is Extract<WorkerMessage, { type: 'renderError' }> => m.type === 'renderError',
        from,
      );
      expect(error.message).toMatch(/512 ws values; this model needs 10 x 128 = 1280/);
    });
  });
});
