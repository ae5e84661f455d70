import { describe, expect, it } from 'vitest';
import { type ProjectInput, studioProject } from './studio-project';
import type { StudioTracks } from './track-data';
import { mainFrames, projectFrameKey } from './video-keys';

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
const base = (): ProjectInput & { showOriginal: boolean; directionSigmas: number[]; model: typeof model } => ({
  ...studioState(),
  showOriginal: false,
  directionSigmas: [],
  model,
});

describe('project frame keys', () => {
  it('without keyframes the main frame is the plain video at t = position', () => {
    const s = base();
    expect(studioProject(s)).toBeNull();
    const frame = mainFrames(s)(37.5);
    expect(frame.t).toBe(37.5);
    expect(frame.tau).toBeUndefined();
  });

  it('a hold gives one key over its segment, a morph a key per frame; a freeze repeats t', () => {
    const s = base();
    s.tracks = {
      ...s.tracks,
      content: [
        { at: 0, seed: 1 },
        { at: 2, seed: 2, ease: 'hold' },
        { at: 4, seed: 3 },
      ],
      time: [
        { at: 0, t: 0 },
        { at: 1, t: 25 },
        { at: 3, t: 25 },
      ],
    };
    const p = studioProject(s)!;
    const at = (tau: number) => projectFrameKey(p, tau, 25);
    // The hold: 0.5 s and 1.5 s show seed 1 alone.
    expect(at(0.5).videoKey).toBe(at(1.5).videoKey);
    expect(at(0.5).videoKey).toBe(at(0).videoKey);
    // The morph from seed 2 to 3: every time its own ws.
    expect(at(2.5).videoKey).not.toBe(at(3).videoKey);
    expect(at(2.5).videoKey).not.toBe(at(2).videoKey);
    // The Time track freezes t from 1 s to 3 s (and holds after the last keyframe).
    expect(at(1.5).t).toBe(25);
    expect(at(2.5).t).toBe(25);
    expect(at(0.5).t).toBe(12.5);
    // Positions are clip time × the training fps.
    const frame = mainFrames(s)(37.5);
    expect(frame.tau).toBe(1.5);
    expect(frame.videoKey).toBe(at(1.5).videoKey);
    expect(frame.projectKey).toBe(p.key);
  });

  it('ψ and strengths are part of the key; the studio values fill tracks without keyframes', () => {
    const s = base();
    s.tracks = {
      ...s.tracks,
      psi: [
        { at: 0, value: 0.5 },
        { at: 2, value: 1 },
      ],
    };
    const p = studioProject(s)!;
    expect(p.project.tracks.content).toEqual([{ at: 0, seed: 1 }]);
    expect(projectFrameKey(p, 0.5, 25).videoKey).not.toBe(projectFrameKey(p, 1, 25).videoKey);
    const s2 = { ...base(), edits: [1.5, 0, 0, 0, 0, 0, 0, 0], directionSigmas: [1, 1] };
    s2.tracks = {
      ...s2.tracks,
      directions: s2.tracks.directions.map((_, i) => (i === 1 ? [{ at: 1, value: -2 }] : [])),
    };
    const p2 = studioProject(s2)!;
    expect(p2.directionTracks.map((t) => t.keys)).toEqual([[{ at: 0, value: 1.5 }], [{ at: 1, value: -2 }]]);
    expect(p2.project.tracks.psi).toEqual([{ at: 0, value: 0.8 }]);
    const a = projectFrameKey(p2, 0.5, 25).videoKey;
    expect(a).toContain('[1.5,-2]');
    // Another project constant (the motion) is another frame.
    const p3 = studioProject({ ...s2, motionSeed: 9 })!;
    expect(projectFrameKey(p3, 0.5, 25).videoKey).not.toBe(a);
  });
});
