/**
 * The tracks panel's actions: keyframes added at the playhead, moved, deleted, copied and pasted, their
 * value and ease set. Each change is one undo step (a drag is one gesture); a change the rules refuse (two
 * keyframes at one time, a value out of range) changes nothing and says why in a notice.
 */
import { EASES, type Ease, generatorTime, PSI_MAX, PSI_MIN, STRENGTH_MAX, STRENGTH_MIN } from '../../authoring';
import { undoable } from './history';
import { type StudioState, useStudio } from './store';
import {
  type AnyKey,
  directionOf,
  insertKey,
  keyNumber,
  moveKey,
  removeKey,
  roundAt,
  type TrackId,
  trackKeys,
  trackLabel,
  withEase,
  withNumber,
  withTrackKeys,
} from './tracks';
import { clampTo, limitsOf, VALUES } from './values';

const get = () => useStudio.getState();
const fpsOf = (s: StudioState) => limitsOf(s).trainingFps;

/** The playhead's clip time in seconds. */
export function playheadSeconds(s: StudioState = get()): number {
  return roundAt(s.t / fpsOf(s));
}

/** The generator time shown at the playhead: the Time track's t(τ), or the position without one. */
export function currentGeneratorTime(s: StudioState = get()): number {
  const time = s.tracks.time;
  if (time.length === 0) return s.t;
  return generatorTime(time, s.t / fpsOf(s), fpsOf(s));
}

/** What a new keyframe on a track holds: the studio's current value there. */
export function currentKey(id: TrackId, at: number, s: StudioState = get()): AnyKey {
  if (id === 'time') return { at, t: Number(currentGeneratorTime(s).toFixed(6)) };
  if (id === 'content') return s.contentWs !== null ? { at, ws: s.contentWs } : { at, seed: s.contentSeed };
  if (id === 'psi') return { at, value: s.psi };
  return { at, value: s.edits[directionOf(id)!] ?? 0 };
}

/** Why a keyframe's number cannot be used on this track, or undefined. */
export function keyValueProblem(id: TrackId, value: number): string | undefined {
  const l = limitsOf(get());
  const range = (label: string, min: number, max: number) =>
    Number.isFinite(value) && value >= min && value <= max ? undefined : `${label} must be from ${min} to ${max}`;
  if (id === 'psi') return range('ψ', PSI_MIN, PSI_MAX);
  if (id === 'time') return range('Generator time', VALUES.keyT.min(l), VALUES.keyT.max(l));
  if (id === 'content')
    return Number.isInteger(value) && value >= VALUES.contentSeed.min(l) && value <= VALUES.contentSeed.max(l)
      ? undefined
      : `A content seed must be a whole number from 0 to ${VALUES.contentSeed.max(l).toLocaleString('en-US')}`;
  return range('A strength', STRENGTH_MIN, STRENGTH_MAX);
}

function setKeys(id: TrackId, keys: AnyKey[], selectedAt: number | null): void {
  const s = get();
  s.update({
    tracks: withTrackKeys(s.tracks, id, keys),
    selectedKey: selectedAt === null ? null : { track: id, at: selectedAt },
    activeTrack: id,
  });
}

/** A clip time within the clip, to a microsecond. */
function clipAt(seconds: number, s: StudioState = get()): number {
  return roundAt(Math.min(s.clipSeconds, Math.max(0, Number.isFinite(seconds) ? seconds : 0)));
}

/** Adds (or replaces) the keyframe at the playhead on a track, holding the current value. */
export function addKeyframe(id: TrackId): void {
  const s = get();
  const at = clipAt(playheadSeconds(s), s);
  const key = currentKey(id, at, s);
  // A keyframe replaced at the same time keeps its ease.
  const old = trackKeys(s.tracks, id).find((k) => k.at === at);
  putKey(id, old?.ease ? withEase(key, old.ease) : key);
}

function putKey(id: TrackId, key: AnyKey): void {
  undoable(() => setKeys(id, insertKey(trackKeys(get().tracks, id), key), key.at));
}

/** "A": a keyframe on the track last used (selected or added to); false when there is none yet. */
export function addKeyframeOnActiveTrack(): boolean {
  const s = get();
  const id = s.selectedKey?.track ?? s.activeTrack;
  if (!id) {
    s.notify('Pick a track first (click its name or a keyframe): A adds a keyframe on it at the playhead');
    return false;
  }
  addKeyframe(id);
  return true;
}

export function selectKeyframe(id: TrackId, at: number | null): void {
  get().update({ selectedKey: at === null ? null : { track: id, at }, activeTrack: id });
}

/** Picks a track for A (a keyframe selected on another track is let go). */
export function setActiveTrack(id: TrackId): void {
  const selected = get().selectedKey;
  get().update({ activeTrack: id, selectedKey: selected?.track === id ? selected : null });
}

function indexOf(id: TrackId, at: number): number {
  return trackKeys(get().tracks, id).findIndex((k) => k.at === at);
}

/**
 * Moves a keyframe to clip time `to` (clamped to the clip). Onto another keyframe's time it is refused: the
 * notice says so, unless `quiet` (a drag passing over one just waits). Returns the time it is at after.
 */
export function moveKeyframe(id: TrackId, at: number, to: number, quiet = false): number {
  const index = indexOf(id, at);
  if (index < 0) return at;
  const target = clipAt(to);
  if (target === at) return at;
  const moved = moveKey(trackKeys(get().tracks, id), index, target);
  if (!moved) {
    if (!quiet)
      get().notify(
        `${trackLabel(id)} already has a keyframe at ${target.toFixed(2)} s: the keyframe stays where it is`,
      );
    return at;
  }
  undoable(() => setKeys(id, moved, target));
  return target;
}

export function deleteKeyframe(id: TrackId, at: number): void {
  const index = indexOf(id, at);
  if (index < 0) return;
  undoable(() => setKeys(id, removeKey(trackKeys(get().tracks, id), index), null));
}

/** Sets the number a keyframe holds; a value out of the track's range is refused with its line. */
export function setKeyframeNumber(id: TrackId, at: number, value: number): boolean {
  const index = indexOf(id, at);
  if (index < 0) return false;
  const problem = keyValueProblem(id, value);
  if (problem) {
    get().notify(problem);
    return false;
  }
  const keys = trackKeys(get().tracks, id);
  const key = keys[index]!;
  if (keyNumber(key) === value) return true;
  undoable(() =>
    setKeys(
      id,
      keys.map((k, i) => (i === index ? withNumber(k, value) : k)),
      at,
    ),
  );
  return true;
}

export function setKeyframeEase(id: TrackId, at: number, ease: Ease): void {
  const index = indexOf(id, at);
  if (index < 0 || !EASES.includes(ease)) return;
  const keys = trackKeys(get().tracks, id);
  if ((keys[index]!.ease ?? 'linear') === ease) return;
  undoable(() =>
    setKeys(
      id,
      keys.map((k, i) => (i === index ? withEase(k, ease) : k)),
      at,
    ),
  );
}

/** Ctrl+C on a keyframe: kept for pasting (not an undo step). */
export function copyKeyframe(id: TrackId, at: number): void {
  const key = trackKeys(get().tracks, id)[indexOf(id, at)];
  if (key) get().update({ copiedKey: { track: id, key } });
}

/** Ctrl+V: the copied keyframe at the playhead on its track; false when nothing was copied. */
export function pasteKeyframe(): boolean {
  const copied = get().copiedKey;
  if (!copied) return false;
  putKey(copied.track, { ...copied.key, at: clipAt(playheadSeconds()) });
  return true;
}

/** A keyframe's time as a position (training frames) for the fields, and back. */
export function keyPosition(at: number, s: StudioState = get()): number {
  return clampTo(VALUES.keyAt, at * fpsOf(s), limitsOf(s));
}

export function positionSeconds(position: number, s: StudioState = get()): number {
  return position / fpsOf(s);
}
