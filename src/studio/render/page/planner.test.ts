import { describe, expect, it } from 'vitest';
import { filmstripTimes } from '../../state/timeline';
import { defaultVideoState } from '../../state/video-state';
import { directionPreviewVideo, mainVideoKey, videoKey } from '../shared/video-keys';
import { frameKey } from './frame-cache';
import { IDLE_DELAY_MS, type PlanFacts, type PlanState, plan } from './planner';

const state = (patch: Partial<PlanState> = {}): PlanState => ({
  ...defaultVideoState('sky64'),
  showOriginal: false,
  directionSigmas: [],
  model: { cDim: 0, trainingFps: 25, resolution: 64 },
  playing: false,
  thumbnails: 8,
  gridCells: 9,
  previews: 0,
  ...patch,
});

const cacheOf = (keys: string[], cap = 2 ** 20) => ({
  has: (vk: string, t: number) => keys.includes(frameKey(vk, t)),
  cap,
});
const facts = (patch: Partial<PlanFacts> = {}): PlanFacts => ({
  now: 10_000,
  lastChange: 0,
  scrubbing: false,
  idleFilling: true,
  failed: new Set<string>(),
  cellUpdatedAt: [],
  ...patch,
});

describe('the live planner', () => {
  const vk = mainVideoKey(state());

  it('asks for the playhead frame first; background lanes wait until it is on screen', () => {
    const p = plan(state({ t: 12.5 }), cacheOf([]), facts());
    expect(p.lanes.playhead.frames.map((f) => f.t)).toEqual([12.5]);
    expect(p.lanes.playhead.frames[0]!.progressive).toBe(false); // 64 px: no coarse preview
    expect(p.lanes.idle.frames).toEqual([]);
    expect(p.lanes.filmstrip.frames).toHaveLength(8);
    expect(p.wakeAfter).toBeNull();
    expect(p.targets.find((t) => t.target.kind === 'main')).toMatchObject({ key: frameKey(vk, 12.5), cached: false });
    const big = plan(state({ model: { cDim: 0, trainingFps: 25, resolution: 256 } }), cacheOf([]), facts());
    expect(big.lanes.playhead.frames[0]!.progressive).toBe(true);
  });

  it('draws a cached t at once and asks for nothing at the playhead', () => {
    const p = plan(state({ t: 3 }), cacheOf([frameKey(vk, 3)]), facts());
    expect(p.lanes.playhead.frames).toEqual([]);
    expect(p.targets.find((t) => t.target.kind === 'main')!.cached).toBe(true);
  });

  it('while scrubbing sends no filmstrip or idle work and wakes when the timeline has been still long enough', () => {
    const p = plan(state({ t: 3 }), cacheOf([frameKey(vk, 3)]), facts({ scrubbing: true, lastChange: 9_900 }));
    expect(p.lanes.filmstrip.frames).toEqual([]);
    expect(p.lanes.idle.frames).toEqual([]);
    expect(p.wakeAfter).toBe(IDLE_DELAY_MS - 100);
    expect(p.scrubbing).toBe(true);
    const settled = plan(state({ t: 3 }), cacheOf([frameKey(vk, 3)]), facts({ scrubbing: true }));
    expect(settled.scrubbing).toBe(false);
    expect(settled.lanes.filmstrip.frames).toHaveLength(8);
    expect(settled.lanes.idle.frames.length).toBeGreaterThan(0);
  });

  it('plays ahead of the playhead (only what is missing) and never abandons those', () => {
    const p = plan(
      state({ t: 0, playing: true, playbackFps: 25 }),
      cacheOf([frameKey(vk, 0), frameKey(vk, 1)]),
      facts(),
    );
    expect(p.lanes.ahead.abandon).toBe(false);
    expect(p.lanes.ahead.frames.map((f) => f.t)).toEqual(Array.from({ length: 23 }, (_, i) => i + 2));
    expect(p.lanes.idle.frames).toEqual([]);
    expect(p.lanes.playhead.abandon).toBe(false);
  });

  it('renders ahead backwards while the shuttle plays backwards (J twice: 2x), wrapping at the loop start', () => {
    const p = plan(state({ t: 10, playing: true, playbackFps: 25, shuttle: -2 }), cacheOf([frameKey(vk, 10)]), facts());
    expect(p.lanes.ahead.frames.map((f) => f.t).slice(0, 7)).toEqual([8, 6, 4, 2, 0, 248, 246]);
  });

  it('does not ask again for a frame that failed, and asks for nothing ahead without idle filling', () => {
    const failed = new Set([frameKey(vk, 7)]);
    expect(plan(state({ t: 7 }), cacheOf([]), facts({ failed })).lanes.playhead.frames).toEqual([]);
    const off = plan(state({ t: 0, playing: true }), cacheOf([]), facts({ idleFilling: false }));
    expect(off.lanes.ahead.frames).toEqual([]);
  });

  it('in grid view asks for the cells only, longest-updated first', () => {
    const p = plan(
      state({ view: 'grid', gridSize: 2, gridCells: 4 }),
      cacheOf([]),
      facts({ cellUpdatedAt: [5, 1, 9, 3] }),
    );
    expect(p.lanes.playhead.frames).toEqual([]);
    expect(p.lanes.grid.frames.map((f) => f.video.motionSeed * 10 + f.video.contentSeed)).toEqual([12, 22, 11, 21]);
    expect(p.targets.filter((t) => t.target.kind === 'cell')).toHaveLength(4);
  });

  it('in grid view follows the Time track at the playhead, and only it (cells keep their content and ψ)', () => {
    const none = defaultVideoState('sky64').tracks;
    const content = [
      { at: 0, seed: 7 },
      { at: 4, seed: 8 },
    ];
    const time = [
      { at: 0, t: 0 },
      { at: 2, t: 100 },
      { at: 4, t: 100 },
    ];
    const grid = (tracks: typeof none, cached: string[] = []) =>
      plan(state({ view: 'grid', gridSize: 2, gridCells: 4, t: 75, tracks }), cacheOf(cached), facts()).lanes.grid
        .frames;
    const plain = grid(none);
    expect(plain.map((f) => f.t)).toEqual([75, 75, 75, 75]);
    // Position 75 is τ = 3 s, where the Time track holds t = 100.
    const remapped = grid({ ...none, time, content });
    expect(remapped.map((f) => f.t)).toEqual([100, 100, 100, 100]);
    expect(remapped.map((f) => f.video)).toEqual(plain.map((f) => f.video));
    expect(remapped.map((f) => f.key)).not.toEqual(plain.map((f) => f.key));
    expect(grid({ ...none, content }).map((f) => f.key)).toEqual(plain.map((f) => f.key));
    // Cells cached at the remapped t are drawn, not asked for again.
    expect(
      grid(
        { ...none, time },
        remapped.map((f) => f.key),
      ),
    ).toEqual([]);
  });

  it('puts the thumbnails across the loop', () => {
    const p = plan(state({ loopStart: 10, loopEnd: 80 }), cacheOf([]), facts());
    expect(p.targets.filter((t) => t.target.kind === 'thumb').map((t) => t.t)).toEqual(filmstripTimes(10, 80, 8));
  });

  it('renders direction previews at t in idle time only, before filling the loop', () => {
    const withPca = state({ t: 3, directionSigmas: [1, 1], previews: 10 });
    const cached = cacheOf([frameKey(mainVideoKey(withPca), 3)]);
    const p = plan(withPca, cached, facts());
    const previewKey = (d: number, sigma: number) =>
      frameKey(videoKey('sky64', directionPreviewVideo(withPca, d, sigma), 2), 3);
    // Two directions with PCA ready: 2 x 5 previews, -2σ … +2σ, first in the idle lane. The 0σ preview of an
    // unedited video is the main video itself (cached here): nothing to render for it.
    expect(previewKey(0, 0)).toBe(frameKey(mainVideoKey(withPca), 3));
    expect(p.lanes.idle.frames.slice(0, 8).map((f) => f.key)).toEqual(
      [0, 1].flatMap((d) => [-2, -1, 1, 2].map((sigma) => previewKey(d, sigma))),
    );
    expect(p.lanes.idle.frames.slice(0, 8).every((f) => f.t === 3)).toBe(true);
    expect(p.lanes.idle.frames[8]!.t).not.toBe(3);
    expect(p.targets.filter((t) => t.target.kind === 'preview')).toHaveLength(10);
    // Not before the timeline settles, not while playing, not before PCA.
    expect(plan(withPca, cached, facts({ lastChange: 9_900 })).lanes.idle.frames).toEqual([]);
    expect(plan({ ...withPca, playing: true }, cached, facts()).lanes.idle.frames).toEqual([]);
    expect(
      plan({ ...withPca, directionSigmas: [] }, cached, facts()).targets.some((t) => t.target.kind === 'preview'),
    ).toBe(false);
  });
});
