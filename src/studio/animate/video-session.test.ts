import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeWs } from '../render/shared/content-ws';
import type { LatentJob, VideoFitStatus, VideoProjectionJobResult } from '../render/shared/protocol';
import { undo } from '../state/actions';
import { type ModelInfo, useStudio } from '../state/store';
import { defaultVideoState } from '../state/video-state';
import { readSavedVideos } from './saved-videos';

/** The render worker's side, played by the test: each run waits until the test ends it. */
const worker = vi.hoisted(() => ({
  jobs: [] as Array<{
    job: LatentJob;
    progress: (status: VideoFitStatus) => void;
    finish: (result: unknown) => void;
    fail: (error: Error) => void;
    signal?: AbortSignal;
    keep?: AbortSignal;
  }>,
}));

vi.mock('../render/page/studio-services', () => ({
  services: {
    client: {
      runJob: (
        job: LatentJob,
        onProgress: (f: number, p: undefined, v: VideoFitStatus) => void,
        signal?: AbortSignal,
        keep?: AbortSignal,
      ) =>
        new Promise((resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new DOMException('canceled', 'AbortError')));
          worker.jobs.push({
            job,
            progress: (status) => onProgress(0.5, undefined, status),
            finish: resolve,
            fail: reject,
            signal,
            keep,
          });
        }),
    },
  },
}));

const {
  cancelVideoProjection,
  fittedVideo,
  isProjectingVideo,
  keepVideoProjection,
  startVideoProjection,
  useVideoProjection,
} = await import('./video-session');

class FakeImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}

function memoryStorage(refuse = false) {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (refuse) throw new DOMException('full', 'QuotaExceededError');
      items.set(key, value);
    },
  };
}

const model: ModelInfo = { name: 'm', resolution: 2, cDim: 0, numWs: 2, trainingFps: 25, layerWIndices: [] };
const s = () => useStudio.getState();
const clip = () => ({
  name: 'sea.mp4',
  size: 2,
  frames: [new Float32Array(12).fill(0.1), new Float32Array(12).fill(0.2), new Float32Array(12).fill(0.3)],
  tStep: 4,
  sourceFps: 30,
  startSeconds: 1.5,
});
const images = (n: number) => ({ width: 2, height: 2, frames: Array.from({ length: n }, () => new ArrayBuffer(16)) });
const result = (step: number): VideoProjectionJobResult => ({
  kind: 'project-video',
  ws: new Float32Array([1, 2, 3, 4]),
  space: 'w+',
  motionZ: new Float32Array([0.5, -0.5, 0.25]),
  fittedRows: 1,
  motionSeed: 7,
  times: [0, 4, 8],
  framePsnr: [20, 21, 22],
  psnr: 21,
  step,
  steps: 10,
  reconstructions: images(3),
});
const status = (step: number): VideoFitStatus => ({
  phase: 'video',
  step,
  steps: 10,
  loss: 0.1,
  psnr: 20,
  framePsnr: [19, 20, 21],
  bestPsnr: 20,
  remainingMs: 1000,
  reconstructions: images(3),
});

beforeEach(() => {
  worker.jobs.length = 0;
  vi.stubGlobal('ImageData', FakeImageData);
  vi.stubGlobal('localStorage', memoryStorage());
  useStudio.setState({ ...defaultVideoState('m'), model, motionSeed: 7, view: 'grid', notices: [], projecting: false });
  useStudio.temporal.getState().clear();
  useVideoProjection.setState({ phase: { kind: 'idle' }, reconstructions: null, fit: null });
});

describe('the "Animate a video" session', () => {
  it('fits the clip from the studio motion seed, shows each step, and the result becomes the video source', async () => {
    const input = clip();
    const run = startVideoProjection(input, { steps: 10, space: 'w+' });
    expect(isProjectingVideo()).toBe(true);
    expect(s().projecting).toBe(true);
    const { job } = worker.jobs[0]!;
    if (job.kind !== 'project-video') throw new Error('not a video job');
    expect(job).toMatchObject({ size: 2, times: [0, 4, 8], steps: 10, space: 'w+', motionSeed: 7, classIndex: null });
    // The worker gets copies: the stage keeps its clip.
    expect(job.frames[1]).toEqual(input.frames[1]);
    expect(job.frames[1]).not.toBe(input.frames[1]);
    worker.jobs[0]!.progress(status(3));
    const running = useVideoProjection.getState();
    expect(running.phase).toMatchObject({ kind: 'running', status: { step: 3, framePsnr: [19, 20, 21] } });
    expect(running.phase.kind === 'running' && 'reconstructions' in running.phase.status!).toBe(false);
    expect(running.reconstructions).toHaveLength(3);
    worker.jobs[0]!.finish(result(10));
    await run;
    expect(useVideoProjection.getState().phase).toMatchObject({ kind: 'done', psnr: 21, kept: false });
    expect(decodeWs(s().contentWs!)).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(decodeWs(s().motionZ!)).toEqual(new Float32Array([0.5, -0.5, 0.25]));
    expect([s().motionSeed, s().view, s().projecting, isProjectingVideo()]).toEqual([7, 'video', false, false]);
    const [saved] = readSavedVideos(localStorage);
    expect(saved).toMatchObject({ name: 'sea.mp4', motionSeed: 7, psnr: 21, tStep: 4, frames: 3, modelId: 'm' });
    expect(saved!.motionZ).toBe(s().motionZ);
    // The fit is kept for the export of clip, fit and video side by side: its video has no edits or mixing.
    const fit = useVideoProjection.getState().fit!;
    expect(fit).toEqual({ ws: s().contentWs, motionZ: s().motionZ, motionSeed: 7 });
    const edited = { ...s(), edits: [2, 0], mixSeed: 5, contentSeed: 9 };
    expect(fittedVideo(edited, fit)).toMatchObject({
      contentWs: fit.ws,
      motionZ: fit.motionZ,
      motionSeed: 7,
      edit: null,
    });
    // One undo step takes the video source back.
    undo();
    expect([s().contentWs, s().motionZ]).toEqual([null, null]);
  });

  it('Cancel keeps nothing; Keep ends with what the worker kept', async () => {
    const run = startVideoProjection(clip(), { steps: 10, space: 'w' });
    worker.jobs[0]!.progress(status(1));
    cancelVideoProjection();
    await run;
    expect(useVideoProjection.getState()).toMatchObject({
      phase: { kind: 'canceled' },
      reconstructions: null,
      fit: null,
    });
    expect([s().contentWs, s().motionZ, s().projecting]).toEqual([null, null, false]);
    expect(readSavedVideos(localStorage)).toEqual([]);

    const kept = startVideoProjection(clip(), { steps: 10, space: 'w' });
    keepVideoProjection();
    expect(useVideoProjection.getState().phase).toMatchObject({ kind: 'running', keeping: true });
    expect(worker.jobs[1]!.keep!.aborted).toBe(true);
    worker.jobs[1]!.finish(result(4));
    await kept;
    expect(useVideoProjection.getState().phase).toMatchObject({ kind: 'done', kept: true });
    expect(useVideoProjection.getState().fit).not.toBeNull();
    // A new run forgets it until it ends (its clip is another one).
    const next = startVideoProjection(clip(), { steps: 10, space: 'w' });
    expect(useVideoProjection.getState().fit).toBeNull();
    cancelVideoProjection();
    await next;
    expect(useVideoProjection.getState().fit).toBeNull();
  });

  it('a browser that refuses to store it still shows the video and says why it was not saved', async () => {
    vi.stubGlobal('localStorage', memoryStorage(true));
    const run = startVideoProjection(clip(), { steps: 10, space: 'w+' });
    worker.jobs[0]!.finish(result(10));
    await run;
    const phase = useVideoProjection.getState().phase;
    expect(phase).toMatchObject({ kind: 'done', saved: null });
    const line =
      'The video is shown but not saved: the browser refused to store the video (QuotaExceededError): delete some saved videos or pictures';
    expect(phase.kind === 'done' && phase.saveError).toBe(line);
    expect(s().notices).toContain(line);
    expect(s().motionZ).not.toBeNull();
  });

  it('a failed fit, a clip of the wrong size and no model each get one line', async () => {
    const run = startVideoProjection(clip(), { steps: 10, space: 'w+' });
    worker.jobs[0]!.fail(
      new Error('the clip has one frame: a video projection needs at least 2 (project a picture instead)'),
    );
    await run;
    expect(useVideoProjection.getState().phase).toEqual({
      kind: 'error',
      message:
        'The projection failed: the clip has one frame: a video projection needs at least 2 (project a picture instead)',
    });
    await startVideoProjection({ ...clip(), size: 64 }, { steps: 10, space: 'w+' });
    expect(useVideoProjection.getState().phase).toEqual({
      kind: 'error',
      message: "The clip's frames are 64x64; this model needs 2x2",
    });
    useStudio.setState({ model: null });
    await startVideoProjection(clip(), { steps: 10, space: 'w+' });
    expect(useVideoProjection.getState().phase).toMatchObject({ kind: 'error', message: /Load a model first/ });
    expect(worker.jobs).toHaveLength(1);
  });
});
