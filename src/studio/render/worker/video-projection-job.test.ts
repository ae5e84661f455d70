import { beforeAll, describe, expect, it } from 'vitest';
import { motionCodes } from '../../../engine';
import { clipMotionRows, motionFile, motionFileRows } from '../../../latent';
import { encodeWs } from '../shared/content-ws';
import type { FrameWant, ProjectVideoJob, VideoProjectionJobResult, WorkerMessage } from '../shared/protocol';
import { studioProject } from '../shared/studio-project';
import { mainVideo, projectFrameKey, type VideoDescription, videoKey } from '../shared/video-keys';
import {
  type Done,
  type Failed,
  type Frame,
  harness,
  type Progress,
  plainVideoState,
  startSky64,
} from './test-support';

const studio = plainVideoState({ contentSeed: 7, motionSeed: 11, psi: 1 });
/** The clip: 4 frames of a video the model made (content 7, motion 11), 4 training frames apart. */
const TIMES = [0, 4, 8, 12];
const SIZE = 64;
const ZDIM = 128;
/** sky64's motion codes (model.json). */
const MOTION = { zDim: ZDIM, numConvLayers: 2, kernelSize: 11, motionZDistance: 32 };

/** A frame's RGBA bytes as RGB in [0, 1]. */
function rgbOf(rgba: ArrayBuffer): Float32Array {
  const bytes = new Uint8Array(rgba);
  const rgb = new Float32Array((bytes.length / 4) * 3);
  for (let i = 0; i < bytes.length / 4; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = bytes[i * 4 + c]! / 255;
  return rgb;
}

function psnr(rgba: ArrayBuffer, target: Float32Array): number {
  const rgb = rgbOf(rgba);
  let squared = 0;
  for (let i = 0; i < rgb.length; i++) squared += (rgb[i]! - target[i]!) ** 2;
  return -10 * Math.log10(squared / rgb.length);
}

describe('video projection jobs in the render worker (sky64, Node WASM)', () => {
  const h = harness();
  const { runtime, messages, until, numTensors } = h;
  let seq = 0;
  let targets: Float32Array[] = [];

  /** One frame through the idle lane (a key of its own, so every call renders). */
  const render = async (video: VideoDescription, t: number) => {
    const key = `test-${seq++}`;
    const want: FrameWant = { key, videoKey: videoKey('sky64', video, 0), video, t, progressive: false };
    runtime.handle({ type: 'want', lane: 'idle', frames: [want], abandon: true });
    return until(
      (m): m is Frame | Extract<WorkerMessage, { type: 'renderError' }> =>
        (m.type === 'frame' && m.key === key && !m.coarse) || (m.type === 'renderError' && m.key === key),
    );
  };
  const frameOf = async (video: VideoDescription, t: number) => {
    const m = await render(video, t);
    if (m.type !== 'frame') throw new Error(m.message);
    return m;
  };
  const job = (steps: number, pictureSteps = steps): ProjectVideoJob => ({
    kind: 'project-video',
    // Copies: the page transfers them.
    frames: targets.map((f) => f.slice()),
    size: SIZE,
    times: TIMES,
    steps,
    pictureSteps,
    space: 'w+',
    motionSeed: 3,
    classIndex: null,
    wSamples: 200,
    reconstructionEveryMs: 0,
  });
  const run = async (jobId: number, j: ProjectVideoJob) => {
    const from = messages.length;
    runtime.handle({ type: 'startJob', jobId, job: j });
    const end = await until(
      (m): m is Done | Failed => (m.type === 'jobDone' || m.type === 'jobFailed') && m.jobId === jobId,
      from,
    );
    if (end.type === 'jobFailed') throw new Error(end.message);
    return { result: end.result as VideoProjectionJobResult, from };
  };
  const sourceOf = (r: VideoProjectionJobResult, motionZ = r.motionZ): VideoDescription => ({
    ...mainVideo(studio),
    contentWs: encodeWs(r.ws),
    motionZ: encodeWs(motionZ),
    motionSeed: r.motionSeed,
  });

  let fitted: VideoProjectionJobResult;

  beforeAll(async () => {
    await startSky64(h);
    const made = mainVideo(studio);
    targets = [];
    for (const t of TIMES) targets.push(rgbOf((await frameOf(made, t)).rgba));
  }, 60_000);

  it("reports both phases with every frame's PSNR and reconstructions; the result plays its PSNR in the studio", async () => {
    const { result, from } = await run(1, job(3));
    fitted = result;
    const progress = messages.slice(from).filter((m): m is Progress => m.type === 'jobProgress' && m.jobId === 1);
    const picture = progress.filter((m) => m.video?.phase === 'picture');
    const video = progress.filter((m) => m.video?.phase === 'video');
    expect(picture.map((m) => m.video!.step)).toEqual([1, 2, 3]);
    expect(video.map((m) => m.video!.step)).toEqual([1, 2, 3]);
    expect(video[0]!.video!.framePsnr).toHaveLength(4);
    const images = video[0]!.video!.reconstructions!;
    expect(images.frames).toHaveLength(4);
    expect(images.width).toBe(64);
    expect(new Uint8Array(images.frames[0]!).length).toBe(64 * 64 * 4);
    const fractions = progress.map((m) => m.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));

    expect(result.ws.length).toBe(10 * 128);
    expect(result.fittedRows).toBe(clipMotionRows(TIMES, MOTION as never));
    expect(result.motionZ.length).toBe(result.fittedRows * ZDIM);
    expect(result.motionSeed).toBe(3);
    expect(result.framePsnr).toHaveLength(4);
    expect(result.psnr).toBeGreaterThan(15);
    // The studio's frame path with the video source shows the frames the PSNR was measured on.
    const source = sourceOf(result);
    const seen: number[] = [];
    for (const [k, t] of TIMES.entries()) {
      const frame = await frameOf(source, t);
      seen.push(psnr(frame.rgba, targets[k]!));
      const own = new Uint8Array(result.reconstructions.frames[k]!);
      const shown = new Uint8Array(frame.rgba);
      let worst = 0;
      for (let i = 0; i < own.length; i++) worst = Math.max(worst, Math.abs(own[i]! - shown[i]!));
      expect(worst).toBeLessThanOrEqual(1);
    }
    for (const [k, value] of seen.entries()) expect(value).toBeCloseTo(result.framePsnr[k]!, 1);
  }, 240_000);

  it('a frame past the clip renders, continued by the motion seed exactly as the CLI motion file', async () => {
    const rows = motionFileRows(TIMES, { motion: MOTION, maxNumFrames: 256 } as never);
    expect(rows).toBeGreaterThan(fitted.fittedRows);
    const file = motionFile(fitted.motionZ, fitted.motionSeed, rows, ZDIM);
    for (const t of [40, 200]) {
      const past = await frameOf(sourceOf(fitted), t);
      const fromFile = await frameOf(sourceOf(fitted, file), t);
      expect(Buffer.from(past.rgba).equals(Buffer.from(fromFile.rgba))).toBe(true);
    }
    // Far past any file's rows it still renders.
    const far = await render(sourceOf(fitted), 5000.5);
    expect(far.type).toBe('frame');
    // The rows are the motion: other rows (another seed's codes) move the same content otherwise.
    const other = sourceOf(fitted, motionCodes(99, 0, fitted.fittedRows, ZDIM));
    const seedOnly = { ...sourceOf(fitted), motionZ: null };
    const a = await frameOf(other, 40);
    const b = await frameOf(seedOnly, 40);
    expect(Buffer.from(a.rgba).equals(Buffer.from(b.rgba))).toBe(false);
  }, 120_000);

  it("with keyframe tracks, the project's frames play the fitted motion (and past the clip the seed's)", async () => {
    const tracks = { time: [], content: [], psi: [], directions: Array.from({ length: 8 }, () => []) };
    const state = {
      ...studio,
      contentWs: encodeWs(fitted.ws),
      motionZ: encodeWs(fitted.motionZ),
      motionSeed: fitted.motionSeed,
      clipSeconds: 10,
      playbackFps: 25,
      model: { cDim: 0, numWs: 10, trainingFps: 25, motion: MOTION },
      // ψ = 1 all along: a track, so the studio renders the project.
      tracks: {
        ...tracks,
        psi: [
          { at: 0, value: 1 },
          { at: 5, value: 1 },
        ],
      },
    };
    const project = studioProject(state)!;
    expect('z' in project.project.motion).toBe(true);
    runtime.handle({ type: 'setProject', project });
    for (const tau of [0.32, 8]) {
      const { videoKey: vk, t } = projectFrameKey(project, tau, 25);
      const key = `test-${seq++}`;
      runtime.handle({
        type: 'want',
        lane: 'idle',
        frames: [{ key, videoKey: vk, video: mainVideo(state), t, tau, projectKey: project.key, progressive: false }],
        abandon: true,
      });
      const seen = await until((m): m is Frame => m.type === 'frame' && m.key === key && !m.coarse);
      const plain = await frameOf(sourceOf(fitted), t);
      expect(Buffer.from(seen.rgba).equals(Buffer.from(plain.rgba))).toBe(true);
    }
  }, 120_000);

  it('motion rows of another model fail with one line', async () => {
    const bad = { ...sourceOf(fitted), motionZ: encodeWs(new Float32Array(100)) };
    const m = await render(bad, 0);
    expect(m.type).toBe('renderError');
    if (m.type === 'renderError') expect(m.message).toMatch(/100 values, not whole rows of this model's 128/);
  });

  it('Keep ends with the best so far (during the first frame: its projection with the starting motion)', async () => {
    const from = messages.length;
    runtime.handle({ type: 'startJob', jobId: 2, job: job(50, 2) });
    await until((m): m is Progress => m.type === 'jobProgress' && m.jobId === 2 && m.video?.phase === 'video', from);
    runtime.handle({ type: 'keepJob', jobId: 2 });
    const done = await until((m): m is Done => m.type === 'jobDone' && m.jobId === 2, from);
    const kept = done.result as VideoProjectionJobResult;
    expect(kept.step).toBeGreaterThanOrEqual(1);
    expect(kept.step).toBeLessThan(50);
    expect(kept.framePsnr).toHaveLength(4);
    expect(kept.psnr).toBeGreaterThan(10);

    const early = messages.length;
    runtime.handle({ type: 'startJob', jobId: 3, job: job(50, 50) });
    await until((m): m is Progress => m.type === 'jobProgress' && m.jobId === 3, early);
    runtime.handle({ type: 'keepJob', jobId: 3 });
    const first = await until((m): m is Done => m.type === 'jobDone' && m.jobId === 3, early);
    const still = first.result as VideoProjectionJobResult;
    expect(still.step).toBe(0);
    expect(still.motionZ.length).toBe(fitted.fittedRows * ZDIM);
  }, 240_000);

  it('Cancel keeps nothing; Cancel and three runs in a row leave the tensor count flat', async () => {
    const before = await numTensors();
    const from = messages.length;
    runtime.handle({ type: 'startJob', jobId: 4, job: job(50, 2) });
    await until((m): m is Progress => m.type === 'jobProgress' && m.jobId === 4 && m.video?.phase === 'video', from);
    runtime.handle({ type: 'cancelJob', jobId: 4 });
    const failed = await until((m): m is Failed => m.type === 'jobFailed' && m.jobId === 4, from);
    expect(failed.canceled).toBe(true);
    expect(messages.slice(from).some((m) => m.type === 'jobDone' && m.jobId === 4)).toBe(false);
    expect(await numTensors()).toBe(before);
    for (const jobId of [5, 6, 7]) await run(jobId, job(2, 1));
    expect(await numTensors()).toBe(before);
  }, 240_000);
});
