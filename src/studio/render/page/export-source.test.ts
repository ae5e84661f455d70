import { describe, expect, it } from 'vitest';
import { defaultVideoState } from '../../state/video-state';
import { exportTimes } from './export-source';

const state = (tracks = defaultVideoState('sky64').tracks) => ({
  ...defaultVideoState('sky64'),
  tracks,
  showOriginal: false,
  directionSigmas: [] as number[],
  model: { cDim: 0, numWs: 10, trainingFps: 25 },
});

describe("an export's times in the worker", () => {
  const none = defaultVideoState('sky64').tracks;
  const time = [
    { at: 0, t: 0 },
    { at: 2, t: 100 },
    { at: 4, t: 100 },
  ];
  const content = [
    { at: 0, seed: 1 },
    { at: 4, seed: 2 },
  ];

  it('without tracks: the positions, for the video and the grid', () => {
    expect(exportTimes(state(), 'video', 5)([0, 5, 12.5])).toEqual([0, 5, 12.5]);
    expect(exportTimes(state(), 'grid', 5)([0, 5, 12.5])).toEqual([0, 5, 12.5]);
  });

  it("with tracks: the video's clip times, the grid's generator times on the Time track", () => {
    // Positions 0, 25, 75 at 25 training fps: τ = 0, 1, 3 s; the Time track gives t = 0, 50, 100 (held).
    expect(exportTimes(state({ ...none, time }), 'video', 5)([0, 25, 75])).toEqual([0, 1, 3]);
    expect(exportTimes(state({ ...none, time }), 'grid', 5)([0, 25, 75])).toEqual([0, 50, 100]);
    // Only the Time track moves grid cells: a content track alone leaves them at their positions.
    expect(exportTimes(state({ ...none, content }), 'grid', 5)([0, 25, 75])).toEqual([0, 25, 75]);
  });
});
