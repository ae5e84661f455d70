import { describe, expect, it } from 'vitest';
import { defaultVideoState } from '../../state/video-state';
import { projectFrameKey, projectOf } from '../shared/video-keys';
import { frameKey } from './frame-cache';
import { type PlanFacts, type PlanState, plan } from './planner';

const base = defaultVideoState('sky64');
const state = (patch: Partial<PlanState> = {}): PlanState => ({
  ...base,
  showOriginal: false,
  directionSigmas: [],
  model: { cDim: 0, trainingFps: 25, resolution: 64, numWs: 10 },
  playing: false,
  thumbnails: 8,
  gridCells: 9,
  previews: 0,
  // Seed 1 held, time frozen at t = 40 from 2 s on.
  tracks: {
    ...base.tracks,
    time: [
      { at: 0, t: 0 },
      { at: 2, t: 40 },
      { at: 10, t: 40 },
    ],
  },
  ...patch,
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
const cacheOf = (keys: string[]) => ({ has: (vk: string, t: number) => keys.includes(frameKey(vk, t)), cap: 2 ** 30 });

describe('the live planner with keyframe tracks', () => {
  const s = state({ t: 75 });
  const project = projectOf(s)!;

  it("asks for the project's frame at the playhead's clip time, keyed by what defines it", () => {
    const p = plan(s, cacheOf([]), facts());
    const [want] = p.lanes.playhead.frames;
    const frame = projectFrameKey(project, 3, 25);
    expect(want).toMatchObject({ tau: 3, t: 40, projectKey: project.key, videoKey: frame.videoKey });
    expect(p.targets.find((t) => t.target.kind === 'main')).toMatchObject({ t: 40, cached: false });
  });

  it('a freeze is one frame: once on screen, idle filling asks for none of its positions again', () => {
    const frozen = projectFrameKey(project, 3, 25);
    const p = plan(s, cacheOf([frameKey(frozen.videoKey, frozen.t)]), facts());
    expect(p.lanes.playhead.frames).toEqual([]);
    const idle = p.lanes.idle.frames;
    // Positions 75 .. 250 show the frozen frame: none is asked for; the loop's first 2 s each once.
    expect(idle.some((f) => f.t === 40)).toBe(false);
    expect(new Set(idle.map((f) => f.key)).size).toBe(idle.length);
    expect(idle.length).toBe(50);
  });
});
