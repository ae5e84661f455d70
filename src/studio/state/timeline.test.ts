import { describe, expect, it } from 'vitest';
import {
  loopFrames,
  nextPlaybackTime,
  nextShuttle,
  type PlaybackSteps,
  playbackSequence,
  playbackStepsOf,
  readyColumns,
} from './timeline';
import { clampView, followView, MIN_VIEW_FRAMES, rulerTicks, ZOOM_STEP, zoomView } from './timeline-view';

const steps = (patch: Partial<PlaybackSteps> = {}): PlaybackSteps => ({
  trainingFps: 25,
  speed: 1,
  playbackFps: 25,
  loopStart: 10,
  loopEnd: 20,
  ...patch,
});

describe('playback steps', () => {
  it('plays backwards with a negative speed, wrapping from the loop start to its end', () => {
    expect(playbackSequence(12, 4, steps({ speed: -1 }))).toEqual([11, 10, 19, 18]);
    expect(playbackSequence(11, 3, steps({ speed: -2 }))).toEqual([19, 17, 15]);
    // Outside the loop it comes in at the end.
    expect(nextPlaybackTime(30, steps({ speed: -1 }))).toBe(19);
    expect(playbackSequence(19, 2, steps({ speed: 1 }))).toEqual([10, 11]);
  });

  it('the shuttle: L 1, 2, 4 forwards, J the same backwards, a change of direction starts at 1', () => {
    const presses = (keys: Array<1 | -1>) => keys.reduce<number[]>((r, d) => [...r, nextShuttle(r.at(-1) ?? 0, d)], []);
    expect(presses([1, 1, 1, 1])).toEqual([1, 2, 4, 4]);
    expect(presses([-1, -1, -1, 1])).toEqual([-1, -2, -4, 1]);
    const s = { model: { trainingFps: 25 }, speed: 0.5, playbackFps: 25, loopStart: 0, loopEnd: 250 };
    expect(playbackStepsOf({ ...s, playing: true, shuttle: -4 }).speed).toBe(-2);
    expect(playbackStepsOf({ ...s, playing: false, shuttle: -4 }).speed).toBe(0.5);
    expect(playbackStepsOf({ ...s, playing: true }).speed).toBe(0.5);
  });

  it("the loop's frames are the numbers playback steps through (the cache's keys)", () => {
    const o = steps({ speed: 0.35, loopStart: 3.3, loopEnd: 53.3 });
    const frames = loopFrames(o);
    expect(frames.slice(1)).toEqual(playbackSequence(3.3, frames.length - 1, o));
    expect(frames.length).toBe(Math.ceil(50 / 0.35));
    // The step after the last wraps into the loop's first step.
    expect(nextPlaybackTime(frames.at(-1)!, o)).toBeLessThan(frames[1]!);
  });
});

describe('the readiness strip', () => {
  it('a fully cached loop is full; outside the loop nothing is ready', () => {
    const o = steps({ loopStart: 0, loopEnd: 75 });
    const frames = loopFrames(o);
    const cached = new Set(frames);
    const columns = readyColumns(frames, 75, (t) => cached.has(t), { start: 0, end: 250 }, 200);
    expect(columns.slice(0, 60)).toBe('1'.repeat(60));
    expect(columns.slice(60)).toBe('-'.repeat(140));
  });

  it('is exact at slow motion: frames between the cached ones keep their columns empty', () => {
    const o = steps({ loopStart: 0, loopEnd: 10, speed: 0.25 });
    const frames = loopFrames(o);
    expect(frames.length).toBe(40);
    // Only whole frames cached (what 1x playback would have rendered): no column is complete.
    const columns = readyColumns(frames, 10, Number.isInteger, { start: 0, end: 10 }, 10);
    expect(columns).toBe('0'.repeat(10));
    // Zoomed in to a quarter frame per column: the cached ones show.
    expect(readyColumns(frames, 10, Number.isInteger, { start: 0, end: 1 }, 4)).toBe('1000');
  });

  it('one cached frame of a 1 h clip marks no column ready', () => {
    const o = steps({ loopStart: 0, loopEnd: 90_000 });
    const frames = loopFrames(o);
    expect(frames.length).toBe(90_000);
    const columns = readyColumns(frames, 90_000, (t) => t === 1000, { start: 0, end: 90_000 }, 200);
    expect(columns).toBe('0'.repeat(200));
    // Zoomed to single frames around it, that one frame is ready.
    expect(readyColumns(frames, 90_000, (t) => t === 1000, { start: 998, end: 1003 }, 5)).toBe('00100');
  });
});

describe('the timeline view and its ruler', () => {
  const hour = 90_000;

  it('zooms to single frames on a 1 h clip, keeping the anchor in place, and back out to the clip', () => {
    let view = clampView(null, hour);
    expect(view).toEqual({ start: 0, span: hour });
    for (let i = 0; i < 40; i++) view = zoomView(view, 1 / ZOOM_STEP, 45_000, hour);
    expect(view.span).toBe(MIN_VIEW_FRAMES);
    expect(view.start).toBeLessThanOrEqual(45_000);
    expect(view.start + view.span).toBeGreaterThanOrEqual(45_000);
    // 800 px of track: a tick, labelled, on every frame.
    const ticks = rulerTicks(view, 800, 'frames', 25);
    expect(ticks.map((t) => t.t)).toEqual(
      Array.from({ length: ticks.length }, (_, i) => Math.ceil(view.start) + i),
    );
    expect(ticks.length).toBeGreaterThanOrEqual(MIN_VIEW_FRAMES);
    expect(ticks[0]!.label).toBe(String(ticks[0]!.t));
    for (let i = 0; i < 40; i++) view = zoomView(view, ZOOM_STEP, 45_000, hour);
    expect(view).toEqual({ start: 0, span: hour });
  });

  it('labels ticks in the unit shown: timecode at whole seconds and minutes on a whole hour', () => {
    const ticks = rulerTicks({ start: 0, span: hour }, 1000, 'timecode', 25);
    expect(ticks[1]!.label).toBe('5:00.00');
    expect(ticks.at(-1)!.label).toBe('1:00:00.00');
    expect(rulerTicks({ start: 0, span: 10 }, 800, 'timecode', 25)[1]!.label).toBe('0:00.04');
  });

  it('scrolls to keep the playhead inside', () => {
    expect(followView({ start: 0, span: 100 }, 50, hour)).toEqual({ start: 0, span: 100 });
    expect(followView({ start: 0, span: 100 }, 150, hour)).toEqual({ start: 140, span: 100 });
    expect(followView({ start: 500, span: 100 }, 10, hour)).toEqual({ start: 0, span: 100 });
  });
});
