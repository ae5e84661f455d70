import { beforeEach, describe, expect, it } from 'vitest';
import {
  moveMarker,
  openGridCell,
  redo,
  seek,
  setClip,
  setEdit,
  setEditRange,
  setLoop,
  setMarkerAtPlayhead,
  setPlaying,
  setPsi,
  setSeed,
  shuttle,
  stepFrames,
  stepSeconds,
  togglePlay,
  undo,
} from './actions';
import { beginGesture, endGesture, undoable } from './history';
import { type ModelInfo, useStudio } from './store';
import { defaultVideoState } from './video-state';

const model: ModelInfo = { name: 'sky64', resolution: 64, cDim: 0, numWs: 10, trainingFps: 25, layerWIndices: [] };
const s = () => useStudio.getState();

beforeEach(() => {
  useStudio.setState({ ...defaultVideoState('sky64'), model, playing: false, modelRequest: null });
  useStudio.temporal.getState().clear();
});

describe('store actions', () => {
  it('I and O set the loop at the playhead, one undo step each; past the other marker that one moves', () => {
    seek(30);
    setMarkerAtPlayhead('in');
    seek(80);
    setMarkerAtPlayhead('out');
    expect([s().loopStart, s().loopEnd]).toEqual([30, 80]);
    undo();
    expect([s().loopStart, s().loopEnd]).toEqual([30, 250]);
    undo();
    expect([s().loopStart, s().loopEnd]).toEqual([0, 250]);
    redo();
    redo();
    seek(100);
    setMarkerAtPlayhead('in');
    expect([s().loopStart, s().loopEnd]).toEqual([100, 250]);
    seek(20);
    setMarkerAtPlayhead('out');
    expect([s().loopStart, s().loopEnd]).toEqual([0, 20]);
  });

  it('the J/K/L shuttle plays and changes rate without touching the stored speed or the history', () => {
    shuttle(1);
    shuttle(1);
    expect([s().playing, s().shuttle, s().speed]).toEqual([true, 2, 1]);
    shuttle(-1);
    expect(s().shuttle).toBe(-1);
    setPlaying(false);
    expect([s().playing, s().shuttle]).toEqual([false, 0]);
    expect(useStudio.temporal.getState().pastStates).toHaveLength(0);
  });

  it('seek keeps t inside the clip, and keys step one frame or one second', () => {
    seek(1e30);
    expect(s().t).toBe(250);
    seek(-4);
    expect(s().t).toBe(0);
    stepFrames(1);
    stepSeconds(1);
    expect(s().t).toBe(26);
    stepFrames(-100);
    expect(s().t).toBe(0);
  });

  it('setClip pulls the loop and t inside the clip; setLoop keeps the start before the end', () => {
    seek(200);
    setClip(2);
    expect([s().clipSeconds, s().loopStart, s().loopEnd, s().t]).toEqual([2, 0, 50, 50]);
    setLoop({ start: 80 });
    expect(s().loopStart).toBe(49);
    setLoop({ end: 10 });
    expect(s().loopEnd).toBe(50);
    setLoop({ start: 5 });
    setLoop({ end: 10 });
    expect([s().loopStart, s().loopEnd]).toEqual([5, 10]);
  });

  it('seeds cover 0..2^32-1 and a content seed replaces projected content', () => {
    useStudio.setState({ contentWs: 'AAAA' });
    setSeed('contentSeed', 3_000_000_000);
    expect([s().contentSeed, s().contentWs]).toEqual([3_000_000_000, null]);
    setSeed('motionSeed', 2 ** 40);
    expect(s().motionSeed).toBe(2 ** 32 - 1);
  });

  it('edits stay within ±5 and ws ranges within the model, in order', () => {
    setEdit(0, 10);
    expect(s().edits[0]).toBe(5);
    setEditRange(1, { group: 'explicit', first: 8, last: 3 });
    expect(s().editRanges[1]).toEqual({ group: 'explicit', first: 8, last: 8 });
    setEditRange(2, { group: 'explicit', first: -3, last: 40 });
    expect(s().editRanges[2]).toEqual({ group: 'explicit', first: 0, last: 9 });
  });
});

describe('the loop markers from the keyboard', () => {
  it('move by frames within their range, each move one undo step; Home/End go to the range ends', () => {
    setLoop({ start: 30, end: 80 });
    useStudio.temporal.getState().clear();
    moveMarker('in', { by: 1 });
    moveMarker('in', { by: 25 });
    expect([s().loopStart, s().loopEnd]).toEqual([56, 80]);
    moveMarker('out', { to: 'min' });
    expect(s().loopEnd).toBe(57);
    // The In marker stops one frame before Out; at its end a move changes nothing and is no step.
    moveMarker('in', { to: 'max' });
    expect(s().loopStart).toBe(56);
    moveMarker('in', { by: 1 });
    expect(s().loopStart).toBe(56);
    moveMarker('out', { to: 'max' });
    expect(s().loopEnd).toBe(250);
    moveMarker('in', { to: 'min' });
    expect(s().loopStart).toBe(0);
    expect(useStudio.temporal.getState().pastStates).toHaveLength(5);
    undo();
    expect([s().loopStart, s().loopEnd]).toEqual([56, 250]);
    undo();
    undo();
    expect([s().loopStart, s().loopEnd]).toEqual([56, 80]);
    undo();
    expect(s().loopStart).toBe(31);
    undo();
    expect([s().loopStart, s().loopEnd]).toEqual([30, 80]);
    expect(s().t).toBe(0);
  });

  it('a key press during an unfinished drag is its own step, and the view follows the marker, not t', () => {
    setLoop({ start: 30, end: 80 });
    s().update({ timelineView: { start: 20, span: 20 } });
    useStudio.temporal.getState().clear();
    beginGesture();
    setLoop({ end: 90 });
    moveMarker('out', { by: -1 });
    expect(s().loopEnd).toBe(89);
    undo();
    expect(s().loopEnd).toBe(90);
    moveMarker('in', { by: 20 });
    expect(s().loopStart).toBe(50);
    const view = s().timelineView!;
    expect(50).toBeGreaterThanOrEqual(view.start);
    expect(50).toBeLessThanOrEqual(view.start + view.span);
    expect(view.span).toBe(20);
    expect(s().t).toBe(0);
  });
});

describe('undo and redo', () => {
  it('undo a seed, an edit and a loop change, step by step, and redo them', () => {
    setSeed('contentSeed', 7);
    setEdit(0, 2);
    setLoop({ end: 100 });
    undo();
    expect(s().loopEnd).toBe(250);
    undo();
    expect(s().edits[0]).toBe(0);
    undo();
    expect(s().contentSeed).toBe(1);
    redo();
    redo();
    expect([s().contentSeed, s().edits[0]]).toEqual([7, 2]);
  });

  it('seeking and playing are not steps, and undo leaves t where it is (inside the clip)', () => {
    setPsi(0.5);
    seek(120);
    togglePlay();
    togglePlay();
    undo();
    expect(s().psi).toBe(0.8);
    expect(s().t).toBe(120);
    setClip(2);
    seek(40);
    undo();
    redo();
    expect(s().t).toBe(40);
    expect(useStudio.temporal.getState().pastStates).toHaveLength(1);
  });

  it('a slider drag is one step', () => {
    beginGesture();
    for (const v of [0.7, 0.6, 0.5, 0.4]) setPsi(v);
    endGesture();
    setPsi(0.3);
    undo();
    expect(s().psi).toBe(0.4);
    undo();
    expect(s().psi).toBe(0.8);
    expect(useStudio.temporal.getState().pastStates).toHaveLength(0);
  });

  it('undoing a model switch asks the model service for the earlier model', () => {
    // The model service records a switch the person asked for as one step.
    useStudio.setState({ modelId: 'sky64' });
    useStudio.temporal.getState().clear();
    undoable(() => s().update({ modelId: 'cache:abc', model: { ...model, name: 'mine' } }));
    undo();
    expect(s().modelId).toBe('cache:abc'); // still the loaded one, until the service has loaded sky64
    expect(s().modelRequest).toMatchObject({ kind: 'pick', key: 'sky64', quiet: true });
  });
});

describe('opening a grid cell', () => {
  it("shows the cell's content and motion in the Video view, as one undo step", () => {
    useStudio.setState({ contentSeed: 10, motionSeed: 20, view: 'grid', gridSize: 3 });
    openGridCell(2, 1);
    expect(s()).toMatchObject({ contentSeed: 11, motionSeed: 22, view: 'video' });
    undo();
    expect(s()).toMatchObject({ contentSeed: 10, motionSeed: 20 });
    redo();
    expect(s()).toMatchObject({ contentSeed: 11, motionSeed: 22 });
  });

  it('keeps projected content in column 0 and replaces it elsewhere; ignores cells outside the grid', () => {
    useStudio.setState({ contentSeed: 10, motionSeed: 20, contentWs: 'abc', gridSize: 2 });
    openGridCell(1, 0);
    expect(s()).toMatchObject({ contentSeed: 10, contentWs: 'abc', motionSeed: 21 });
    openGridCell(0, 1);
    expect(s()).toMatchObject({ contentSeed: 11, contentWs: null, motionSeed: 21 });
    openGridCell(2, 0);
    expect(s()).toMatchObject({ contentSeed: 11, motionSeed: 21 });
  });
});
