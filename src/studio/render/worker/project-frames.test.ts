import { beforeAll, describe, expect, it } from 'vitest';
import type { FrameWant, WorkerMessage } from '../shared/protocol';
import { studioProject } from '../shared/studio-project';
import type { StudioTracks } from '../shared/track-data';
import { mainVideo, projectFrameKey, videoKey } from '../shared/video-keys';
import { type Frame, harness, startSky64 } from './test-support';

/** The studio's state as far as projects are concerned (shared/ tests do not import the store). */
const studioState = () => ({
  modelId: 'sky64',
  contentSeed: 1,
  contentWs: null as string | null,
  motionSeed: 1,
  classIndex: 0,
  psi: 0.8,
  edits: new Array<number>(8).fill(0),
  editRanges: Array.from({ length: 8 }, () => ({ group: 'all' as const, first: 0, last: 0 })),
  mixSeed: null as number | null,
  mixRange: { group: 'fine' as const, first: 0, last: 0 },
  clipSeconds: 10,
  playbackFps: 25,
  tracks: { time: [], content: [], psi: [], directions: Array.from({ length: 8 }, () => []) } as StudioTracks,
});

const model = { cDim: 0, numWs: 10, trainingFps: 25 };
const state = { ...studioState(), showOriginal: false, directionSigmas: [] as number[], model };
state.tracks = {
  ...state.tracks,
  time: [
    { at: 0, t: 0 },
    { at: 2, t: 50 },
  ],
  content: [
    { at: 0, seed: 1 },
    { at: 3, seed: 2, ease: 'smooth' },
    { at: 4, seed: 2, ease: 'hold' },
  ],
};
const project = studioProject(state)!;

describe('project frames in the render worker (sky64, Node WASM)', () => {
  const h = harness();
  const { runtime, messages, until, numTensors } = h;
  let seq = 0;

  beforeAll(async () => {
    await startSky64(h);
    runtime.handle({ type: 'setProject', project });
  });

  /** One frame through the idle lane (a key of its own, so every call renders). */
  const render = async (frame: Omit<FrameWant, 'key' | 'progressive'>) => {
    const key = `test-${seq++}`;
    runtime.handle({ type: 'want', lane: 'idle', frames: [{ ...frame, key, progressive: false }], abandon: true });
    return until((m): m is Frame => m.type === 'frame' && m.key === key && !m.coarse);
  };
  const projectFrame = (tau: number) => {
    const { videoKey: vk, t } = projectFrameKey(project, tau, 25);
    return render({ videoKey: vk, video: mainVideo(state), t, tau, projectKey: project.key });
  };
  /** A project frame at τ through the playhead lane, progressive: its coarse images, then the full frame. */
  const progressiveFrame = async (tau: number) => {
    const key = `test-${seq++}`;
    const { videoKey: vk, t } = projectFrameKey(project, tau, 25);
    const frame = { key, videoKey: vk, video: mainVideo(state), t, tau, projectKey: project.key, progressive: true };
    runtime.handle({ type: 'want', lane: 'playhead', frames: [frame], abandon: true });
    const full = await until((m): m is Frame => m.type === 'frame' && m.key === key && !m.coarse);
    const ours = messages.filter((m): m is Frame => m.type === 'frame' && m.key === key);
    return { full, coarse: ours.filter((m) => m.coarse), order: ours.map((m) => m.width) };
  };

  it("at a content keyframe the frame is that seed's own frame at the remapped t, bit for bit", async () => {
    // τ = 3: content seed 2 alone; the Time track holds t = 50 after 2 s.
    expect(projectFrameKey(project, 3, 25).t).toBe(50);
    const seen = await projectFrame(3);
    const plain = { ...mainVideo({ ...state, contentSeed: 2 }) };
    const single = await render({ videoKey: videoKey('sky64', plain, 0), video: plain, t: 50 });
    expect(new Uint8Array(seen.rgba)).toEqual(new Uint8Array(single.rgba));
    // τ = 0: seed 1 at t = 0.
    const first = await projectFrame(0);
    const seed1 = mainVideo(state);
    const zero = await render({ videoKey: videoKey('sky64', seed1, 0), video: seed1, t: 0 });
    expect(new Uint8Array(first.rgba)).toEqual(new Uint8Array(zero.rgba));
  });

  it('a hold (content held, time frozen) gives identical frames; a morph does not', async () => {
    const a = await projectFrame(3.25);
    const b = await projectFrame(3.75);
    expect(projectFrameKey(project, 3.25, 25)).toEqual(projectFrameKey(project, 3.75, 25));
    expect(new Uint8Array(a.rgba)).toEqual(new Uint8Array(b.rgba));
    const m1 = await projectFrame(2.25);
    const m2 = await projectFrame(2.5);
    expect(new Uint8Array(m1.rgba)).not.toEqual(new Uint8Array(m2.rgba));
  });

  it('keeps the tensor count flat over project frames (morphing and held)', async () => {
    // The renderer keeps prepared videos for ws seen twice (at most two): warmed up by a first pass.
    const taus = [0.5, 1.5, 2.75, 3.1, 3.9, 1];
    for (const tau of [...taus, ...taus]) await projectFrame(tau);
    const before = await numTensors();
    for (const tau of [...taus, ...taus]) await projectFrame(tau);
    expect(await numTensors()).toBe(before);
  });

  it('a progressive project frame sends coarse images (8 and 16 px) first, then the full frame of a plain want', async () => {
    // τ = 2.2: a morph (per-frame ws: its 8 px image from the preview); τ = 3.5: the hold's ws, of which the
    // renderer has a prepared video by now (its own stages give every coarse image).
    for (const tau of [2.2, 3.5, 3.5]) {
      const { full, coarse, order } = await progressiveFrame(tau);
      expect(order).toEqual([8, 16, 64]);
      expect(coarse.every((m) => m.t === full.t && m.videoKey === full.videoKey)).toBe(true);
      const plain = await projectFrame(tau);
      expect(new Uint8Array(full.rgba)).toEqual(new Uint8Array(plain.rgba));
    }
  });

  it('a progressive project frame made stale mid-render is dropped, the newer one sent, without leaking', async () => {
    await progressiveFrame(1.1); // warm: the motion codes and the renderer's caches
    const before = await numTensors();
    for (let i = 0; i < 6; i++) {
      const tau = 1.2 + i * 0.13;
      const stale = { ...projectFrameKey(project, tau - 0.05, 25), tau: tau - 0.05 };
      const key = `stale-${seq++}`;
      runtime.handle({
        type: 'want',
        lane: 'playhead',
        frames: [{ key, ...stale, video: mainVideo(state), projectKey: project.key, progressive: true }],
        abandon: true,
      });
      const { order } = await progressiveFrame(tau);
      expect(order.at(-1)).toBe(64);
      expect(messages.some((m) => m.type === 'frame' && m.key === key && !m.coarse)).toBe(false);
    }
    expect(await numTensors()).toBe(before);
  });

  it('a frame of a project the worker was not sent fails with one line', async () => {
    const key = `test-${seq++}`;
    runtime.handle({
      type: 'want',
      lane: 'idle',
      frames: [{ key, videoKey: 'x', video: mainVideo(state), t: 0, tau: 0, projectKey: 'nope', progressive: false }],
      abandon: true,
    });
    const error = await until(
      (m): m is Extract<WorkerMessage, { type: 'renderError' }> => m.type === 'renderError' && m.key === key,
    );
    expect(error.message).toBe('the page asked for a frame of a project it has not sent');
  });
});
