/**
 * The store's actions: every change a person makes (panels, keys, links) goes through these, and each
 * validates and rounds through the value table. Changes to what defines the video are undo steps.
 */
import type { LayerRange } from '../../latent';
import { endGesture, undoable } from './history';
import { type StudioState, useStudio } from './store';
import { TIME_UNITS, type TimeUnit } from './time-format';
import { nextShuttle } from './timeline';
import { clampView, followView, type TimelineView, zoomView } from './timeline-view';
import { clampTo, type Limits, limitsOf, VALUES, type ValueName, VIEWS, type View, ZOOMS } from './values';
import { NUM_DIRECTIONS } from './video-state';

const get = () => useStudio.getState();
const limits = (s: StudioState = get()): Limits => limitsOf(s);
const clamp = (name: ValueName, value: number, l = limits()) => clampTo(VALUES[name], value, l);

/** A layer range with its ws indices inside the model and in order (an explicit range needs first <= last). */
export function clampRange(range: LayerRange, l: Limits): LayerRange {
  if (range.group !== 'explicit') return { group: range.group, first: 0, last: 0 };
  const first = clampTo(VALUES.wsIndex, range.first, l);
  return { group: 'explicit', first, last: Math.max(first, clampTo(VALUES.wsIndex, range.last, l)) };
}

/** Why an explicit range cannot be applied, or undefined. */
export function rangeProblem(range: LayerRange, l: Limits): string | undefined {
  if (range.group !== 'explicit') return undefined;
  const max = VALUES.wsIndex.max(l);
  const ok = (v: number) => Number.isInteger(v) && v >= 0 && v <= max;
  if (!ok(range.first) || !ok(range.last)) return `ws indices must be whole numbers from 0 to ${max}`;
  if (range.first > range.last) return `The first w (${range.first}) must not be after the last (${range.last})`;
  return undefined;
}

/** The time t as the timeline allows it: within the clip, on t's grid. */
export function clampTime(t: number, l: Limits = limits()): number {
  return clampTo(VALUES.t, t, l);
}

export function seek(t: number): void {
  const next = clampTime(t);
  if (next !== get().t) get().update({ t: next });
}

/** Moves t by whole training frames (Shift+arrows: by one second's worth). */
export function stepFrames(frames: number): void {
  seek(get().t + frames);
}

export function stepSeconds(seconds: number): void {
  stepFrames(seconds * limits().trainingFps);
}

export function setPlaying(playing: boolean): void {
  if (get().playing !== playing || get().shuttle !== 0) get().update({ playing, shuttle: 0 });
}

export function togglePlay(): void {
  setPlaying(!get().playing);
}

/** L (1) and J (-1): play that way, each press again faster (2x, 4x). The stored speed does not change. */
export function shuttle(direction: 1 | -1): void {
  const s = get();
  const rate = s.playing ? s.shuttle || 1 : 0;
  s.update({ playing: true, shuttle: nextShuttle(rate, direction) });
}

/** The loop's in or out point at the playhead (I, O): one undo step. Past the other marker, that one moves. */
export function setMarkerAtPlayhead(which: 'in' | 'out'): void {
  const s = get();
  const l = limits(s);
  const t = s.t;
  if (which === 'in') setLoop({ start: t, end: t + 1 > s.loopEnd ? VALUES.t.max(l) : s.loopEnd });
  else setLoop(t - 1 < s.loopStart ? { start: 0, end: t } : { end: t });
}

/** A keyboard move of a loop marker: by some training frames, or to the start or end of its range. */
export type MarkerMove = { by: number } | { to: 'min' | 'max' };

/**
 * Moves the In or Out marker (a focused marker's keys): one undo step each, clamped like setLoop (the other
 * marker stays); the timeline's view follows the marker, the playhead stays.
 */
export function moveMarker(which: 'in' | 'out', move: MarkerMove): void {
  endGesture();
  const s = get();
  const l = limits(s);
  const spec = VALUES[which === 'in' ? 'loopStart' : 'loopEnd'];
  const at = which === 'in' ? s.loopStart : s.loopEnd;
  const to = 'by' in move ? at + move.by : move.to === 'min' ? spec.min(l) : spec.max(l);
  setLoop(which === 'in' ? { start: to } : { end: to });
  const now = get();
  const moved = which === 'in' ? now.loopStart : now.loopEnd;
  const clipEnd = VALUES.t.max(l);
  const view = clampView(now.timelineView, clipEnd);
  const next = followView(now.timelineView, moved, clipEnd);
  if (next.start !== view.start || next.span !== view.span) now.update({ timelineView: next });
}

export function setTimeUnit(timeUnit: TimeUnit): void {
  if (TIME_UNITS.includes(timeUnit)) get().update({ timeUnit });
}

/** Zooms the timeline by `factor` (< 1: in) around `anchor` (the playhead when left out). */
export function zoomTimeline(factor: number, anchor?: number): void {
  const s = get();
  const clipEnd = VALUES.t.max(limits(s));
  s.update({ timelineView: zoomView(s.timelineView, factor, anchor ?? s.t, clipEnd) });
}

export function setTimelineView(view: TimelineView): void {
  get().update({ timelineView: clampView(view, VALUES.t.max(limits())) });
}

/** The loop range; a bound left out stays. Each bound is clamped against the other's new value. */
export function setLoop(bounds: { start?: number; end?: number }): void {
  undoable(() => {
    const s = get();
    const l = limits(s);
    if (bounds.end === undefined) {
      s.update({ loopStart: clamp('loopStart', bounds.start ?? s.loopStart, l) });
      return;
    }
    // With both bounds (a link), the end is placed first and the start within it.
    const end = clamp('loopEnd', bounds.end, bounds.start === undefined ? l : { ...l, loopStart: 0 });
    const start = clamp('loopStart', bounds.start ?? s.loopStart, { ...l, loopEnd: end });
    s.update({ loopStart: start, loopEnd: end });
  });
}

/** The clip length in seconds: the loop and t are pulled inside it. */
export function setClip(seconds: number): void {
  undoable(() => {
    const s = get();
    const clipSeconds = clamp('clipSeconds', seconds);
    const l = { ...limits(s), clipSeconds };
    const loopEnd = clamp('loopEnd', s.loopEnd, { ...l, loopStart: 0 });
    const loopStart = clamp('loopStart', s.loopStart, { ...l, loopEnd });
    s.update({ clipSeconds, loopStart, loopEnd: clamp('loopEnd', loopEnd, { ...l, loopStart }) });
    seek(s.t);
  });
}

export type SeedName = 'contentSeed' | 'motionSeed';

/**
 * A content seed replaces projected content (fitted motion stays: the clip's motion plays on the new content);
 * a motion seed replaces fitted motion. Seeds are whole numbers 0..2^32-1 (the engine's range).
 */
export function setSeed(which: SeedName, value: number): void {
  undoable(() => {
    const seed = clamp(which, value);
    get().update(
      which === 'contentSeed' ? { contentSeed: seed, contentWs: null } : { motionSeed: seed, motionZ: null },
    );
  });
}

/**
 * Opens a grid cell's content × motion pair in the Video view, in one undo step: the column's content
 * (column 0 keeps projected content) and the row's motion (row 0 keeps fitted motion), as the grid renders
 * them (see cellVideo).
 */
export function openGridCell(row: number, col: number): void {
  const s = get();
  if (![row, col].every((k) => Number.isInteger(k) && k >= 0 && k < s.gridSize)) return;
  undoable(() => {
    const content =
      col === 0 && s.contentWs !== null
        ? { contentWs: s.contentWs }
        : { contentSeed: clamp('contentSeed', s.contentSeed + col), contentWs: null };
    // Row 0 plays fitted motion, the others their motion seeds (see cellVideo).
    const motionZ = row === 0 ? s.motionZ : null;
    s.update({ ...content, motionSeed: clamp('motionSeed', s.motionSeed + row), motionZ });
  });
  setView('video');
}

/** Style mixing: the seed whose layers are taken (null: off). */
export function setMixSeed(value: number | null): void {
  undoable(() => get().update({ mixSeed: value === null ? null : clamp('mixSeed', value) }));
}

export function setMixRange(range: LayerRange): void {
  undoable(() => get().update({ mixRange: clampRange(range, limits()) }));
}

export function setClass(value: number): void {
  undoable(() => get().update({ classIndex: clamp('classIndex', value) }));
}

export function setPsi(value: number): void {
  undoable(() => get().update({ psi: clamp('psi', value) }));
}

export function setEdit(index: number, value: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= NUM_DIRECTIONS) return;
  undoable(() => {
    const v = clamp('edit', value);
    get().update({ edits: get().edits.map((e, i) => (i === index ? v : e)) });
  });
}

export function resetEdits(): void {
  undoable(() => get().update({ edits: get().edits.map(() => VALUES.edit.default) }));
}

export function setEditRange(index: number, range: LayerRange): void {
  if (!Number.isInteger(index) || index < 0 || index >= NUM_DIRECTIONS) return;
  undoable(() => {
    const r = clampRange(range, limits());
    get().update({ editRanges: get().editRanges.map((e, i) => (i === index ? r : e)) });
  });
}

/** Projected content ("Animate a picture"), or back to the content seed (null). */
export function setContentWs(contentWs: string | null): void {
  undoable(() => get().update({ contentWs }));
}

/** Fitted motion ("Animate a video": motion rows as `encodeWs` text), or back to the motion seed (null). */
export function setMotionZ(motionZ: string | null): void {
  undoable(() => get().update({ motionZ }));
}

export function setPlaybackFps(value: number): void {
  get().update({ playbackFps: clamp('playbackFps', value) });
}

export function setSpeed(value: number): void {
  get().update({ speed: clamp('speed', value) });
}

/** The Video or grid view (either closes "Animate a picture" in the stage). */
export function setView(view: View): void {
  if (VIEWS.includes(view)) get().update({ view, animateOpen: false });
}

/** "Animate a picture" in the stage, instead of the video or the grid (closing it shows the view again). */
export function setAnimateOpen(animateOpen: boolean): void {
  if (get().animateOpen !== animateOpen) get().update({ animateOpen });
}

export function setGridSize(value: number): void {
  get().update({ gridSize: clamp('gridSize', value) });
}

/** The nearest offered zoom factor. */
export function setZoom(value: number): void {
  const z = clamp('zoom', value);
  get().update({ zoom: ZOOMS.reduce((best, f) => (Math.abs(f - z) < Math.abs(best - z) ? f : best)) });
}

export function setShowOriginal(showOriginal: boolean): void {
  get().update({ showOriginal });
}

/**
 * Undo and redo: t stays where it is (inside the restored clip). A step that changes the model asks the model
 * service to load it; until then the store keeps naming the model that is loaded.
 */
export function undo(): void {
  travel('undo');
}

export function redo(): void {
  travel('redo');
}

function travel(direction: 'undo' | 'redo'): void {
  endGesture();
  const loaded = get().modelId;
  useStudio.temporal.getState()[direction]();
  const s = get();
  if (s.modelId !== loaded) {
    const key = s.modelId;
    s.update({ modelId: loaded });
    const seq = (s.modelRequest?.seq ?? 0) + 1;
    s.update({ modelRequest: { kind: 'pick', key, seq, quiet: true }, modelError: null });
  }
  seek(get().t);
}

export function canUndo(): boolean {
  return useStudio.temporal.getState().pastStates.length > 0;
}

export function canRedo(): boolean {
  return useStudio.temporal.getState().futureStates.length > 0;
}
