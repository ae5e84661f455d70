/**
 * The studio's keyframe tracks (issue 21) as plain data in the store: Time, Content, Truncation ψ and one
 * strength track per principal direction. Keyframes sit at clip time `at` (seconds); the timeline's position
 * (training frames) is clip time × the training fps. Pure functions: the store actions (track-actions.ts)
 * validate and record them as undo steps.
 */
import type { Ease, Keyframe, TimeKey, ValueKey } from '../../authoring';
import type { StudioContentKey, StudioTracks } from '../render/shared/track-data';

export { hasTracks, type StudioContentKey, type StudioTracks, tracksWithin } from '../render/shared/track-data';

export type TrackId = 'time' | 'content' | 'psi' | `direction:${number}`;
export type AnyKey = TimeKey | StudioContentKey | ValueKey;

export function emptyTracks(directions: number): StudioTracks {
  return { time: [], content: [], psi: [], directions: Array.from({ length: directions }, () => []) };
}

export function directionTrack(index: number): TrackId {
  return `direction:${index}`;
}

/** The direction index of a direction track, or null. */
export function directionOf(id: TrackId): number | null {
  const match = /^direction:(\d+)$/.exec(id);
  return match ? Number(match[1]) : null;
}

/** The track's name as rows, buttons and messages say it. */
export function trackLabel(id: TrackId): string {
  if (id === 'time') return 'Time';
  if (id === 'content') return 'Content';
  if (id === 'psi') return 'ψ';
  return `Direction ${directionOf(id)! + 1}`;
}

export function trackKeys(tracks: StudioTracks, id: TrackId): AnyKey[] {
  if (id === 'time') return tracks.time;
  if (id === 'content') return tracks.content;
  if (id === 'psi') return tracks.psi;
  return tracks.directions[directionOf(id)!] ?? [];
}

export function withTrackKeys(tracks: StudioTracks, id: TrackId, keys: AnyKey[]): StudioTracks {
  if (id === 'time') return { ...tracks, time: keys as TimeKey[] };
  if (id === 'content') return { ...tracks, content: keys as StudioContentKey[] };
  if (id === 'psi') return { ...tracks, psi: keys as ValueKey[] };
  const index = directionOf(id)!;
  return { ...tracks, directions: tracks.directions.map((d, i) => (i === index ? (keys as ValueKey[]) : d)) };
}

/** Keyframe times are kept to a microsecond: a drag's pixels never make two keys a hair apart. */
export function roundAt(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

const byAt = (a: Keyframe, b: Keyframe) => a.at - b.at;

/** `key` put on the track: a keyframe already at its time is replaced. */
export function insertKey<K extends Keyframe>(keys: readonly K[], key: K): K[] {
  return [...keys.filter((k) => k.at !== key.at), key].sort(byAt);
}

/** The track with keyframe `index` moved to `at`; null when another keyframe is there already. */
export function moveKey<K extends Keyframe>(keys: readonly K[], index: number, at: number): K[] | null {
  const key = keys[index];
  if (!key) return null;
  if (keys.some((k, i) => i !== index && k.at === at)) return null;
  return keys.map((k, i) => (i === index ? { ...k, at } : k)).sort(byAt);
}

export function removeKey<K>(keys: readonly K[], index: number): K[] {
  return keys.filter((_, i) => i !== index);
}

/** A keyframe with another ease (linear is the default and is left out). */
export function withEase<K extends Keyframe>(key: K, ease: Ease): K {
  const { ease: _old, ...rest } = key;
  return (ease === 'linear' ? rest : { ...rest, ease }) as K;
}

/** The number a keyframe holds (Time: t; content: its seed, NaN for a picture; ψ and directions: value). */
export function keyNumber(key: AnyKey): number {
  if ('t' in key) return key.t;
  if ('value' in key) return key.value;
  return 'seed' in key ? key.seed : Number.NaN;
}

/** The keyframe holding another number (a picture's content keyframe becomes a seed one). */
export function withNumber(key: AnyKey, value: number): AnyKey {
  if ('t' in key) return { ...key, t: value };
  if ('value' in key) return { ...key, value };
  const { at, ease } = key;
  return ease ? { at, ease, seed: value } : { at, seed: value };
}
