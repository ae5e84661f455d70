import { beforeEach, describe, expect, it } from 'vitest';
import { redo, seek, setPsi, setSeed, undo } from './actions';
import { beginGesture, endGesture } from './history';
import { type ModelInfo, useStudio } from './store';
import {
  addKeyframe,
  addKeyframeOnActiveTrack,
  copyKeyframe,
  currentGeneratorTime,
  deleteKeyframe,
  moveKeyframe,
  pasteKeyframe,
  setKeyframeEase,
  setKeyframeNumber,
} from './track-actions';
import { defaultVideoState } from './video-state';

const model: ModelInfo = { name: 'sky64', resolution: 64, cDim: 0, numWs: 10, trainingFps: 25, layerWIndices: [] };
const s = () => useStudio.getState();
const steps = () => useStudio.temporal.getState().pastStates.length;

beforeEach(() => {
  useStudio.setState({
    ...defaultVideoState('sky64'),
    model,
    playing: false,
    notices: [],
    selectedKey: null,
    activeTrack: null,
    copiedKey: null,
  });
  useStudio.temporal.getState().clear();
});

describe('keyframe actions', () => {
  it('adds a keyframe at the playhead with the current value, one undo step each', () => {
    seek(50);
    addKeyframe('time');
    expect(s().tracks.time).toEqual([{ at: 2, t: 50 }]);
    setSeed('contentSeed', 7);
    seek(75);
    addKeyframe('content');
    setPsi(0.5);
    addKeyframe('psi');
    addKeyframe('direction:2');
    expect(s().tracks.content).toEqual([{ at: 3, seed: 7 }]);
    expect(s().tracks.psi).toEqual([{ at: 3, value: 0.5 }]);
    expect(s().tracks.directions[2]).toEqual([{ at: 3, value: 0 }]);
    expect(s().selectedKey).toEqual({ track: 'direction:2', at: 3 });
    // time, seed, content, psi value, psi key, direction: six steps.
    expect(steps()).toBe(6);
    undo();
    expect(s().tracks.directions[2]).toEqual([]);
    undo();
    expect(s().tracks.psi).toEqual([]);
    redo();
    expect(s().tracks.psi).toEqual([{ at: 3, value: 0.5 }]);
  });

  it("a Time keyframe holds the generator time shown: the Time track's t(τ) once there is one", () => {
    addKeyframe('time');
    seek(50);
    addKeyframe('time');
    setKeyframeNumber('time', 2, 100);
    seek(25);
    expect(currentGeneratorTime()).toBe(50);
    addKeyframe('time');
    expect(s().tracks.time).toEqual([
      { at: 0, t: 0 },
      { at: 1, t: 50 },
      { at: 2, t: 100 },
    ]);
  });

  it('moves a keyframe (clamped to the clip); onto another keyframe it is refused with a notice', () => {
    addKeyframe('psi');
    seek(50);
    addKeyframe('psi');
    const before = steps();
    expect(moveKeyframe('psi', 2, 0)).toBe(2);
    expect(s().notices.at(-1)).toBe('ψ already has a keyframe at 0.00 s: the keyframe stays where it is');
    expect(steps()).toBe(before);
    expect(moveKeyframe('psi', 2, 99)).toBe(10);
    expect(s().tracks.psi.map((k) => k.at)).toEqual([0, 10]);
    expect(moveKeyframe('psi', 10, -3)).toBe(10); // 0 is taken
    expect(moveKeyframe('psi', 0, 4)).toBe(4);
    expect(s().tracks.psi.map((k) => k.at)).toEqual([4, 10]);
    expect(steps()).toBe(before + 2);
    undo();
    expect(s().tracks.psi.map((k) => k.at)).toEqual([0, 10]);
  });

  it('a drag is one undo step however many moves it makes', () => {
    addKeyframe('content');
    const before = steps();
    beginGesture();
    let at = 0;
    for (const to of [0.5, 1, 1.5, 2]) at = moveKeyframe('content', at, to, true);
    endGesture();
    expect(s().tracks.content).toEqual([{ at: 2, seed: 1 }]);
    expect(steps()).toBe(before + 1);
    undo();
    expect(s().tracks.content).toEqual([{ at: 0, seed: 1 }]);
  });

  it('deletes, sets values within the authoring ranges, and eases', () => {
    addKeyframe('psi');
    expect(setKeyframeNumber('psi', 0, 1.6)).toBe(false);
    expect(s().notices.at(-1)).toBe('ψ must be from 0 to 1.5');
    expect(setKeyframeNumber('direction:0', 0, 1)).toBe(false); // no such keyframe
    addKeyframe('direction:0');
    expect(setKeyframeNumber('direction:0', 0, 6)).toBe(false);
    expect(s().notices.at(-1)).toBe('A strength must be from -5 to 5');
    expect(setKeyframeNumber('content', 0, 1)).toBe(false);
    addKeyframe('content');
    expect(setKeyframeNumber('content', 0, 1.5)).toBe(false);
    expect(setKeyframeNumber('content', 0, 9)).toBe(true);
    setKeyframeEase('content', 0, 'hold');
    expect(s().tracks.content).toEqual([{ at: 0, seed: 9, ease: 'hold' }]);
    setKeyframeEase('content', 0, 'linear');
    expect(s().tracks.content).toEqual([{ at: 0, seed: 9 }]);
    const before = steps();
    deleteKeyframe('content', 0);
    expect(s().tracks.content).toEqual([]);
    expect(s().selectedKey).toBeNull();
    undo();
    expect(s().tracks.content).toEqual([{ at: 0, seed: 9 }]);
    expect(steps()).toBe(before);
  });

  it('copies a keyframe and pastes it at the playhead on its track (one step), keeping its ease', () => {
    setPsi(0.3);
    addKeyframe('psi');
    setKeyframeEase('psi', 0, 'smooth');
    expect(pasteKeyframe()).toBe(false);
    copyKeyframe('psi', 0);
    seek(100);
    const before = steps();
    expect(pasteKeyframe()).toBe(true);
    expect(s().tracks.psi).toEqual([
      { at: 0, value: 0.3, ease: 'smooth' },
      { at: 4, value: 0.3, ease: 'smooth' },
    ]);
    expect(steps()).toBe(before + 1);
  });

  it('A adds on the track last picked; with none it says how to pick one', () => {
    expect(addKeyframeOnActiveTrack()).toBe(false);
    expect(s().notices.at(-1)).toMatch(/^Pick a track first/);
    s().update({ activeTrack: 'psi' });
    seek(25);
    expect(addKeyframeOnActiveTrack()).toBe(true);
    expect(s().tracks.psi).toEqual([{ at: 1, value: 0.8 }]);
  });
});
