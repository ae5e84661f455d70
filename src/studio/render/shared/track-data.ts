/**
 * The studio's keyframe tracks as data (the store holds them; the project is made of them): Time, Content,
 * Truncation ψ and one strength track per principal direction, keyframes at clip time `at` in seconds.
 */
import type { Keyframe, TimeKey, ValueKey } from '../../../authoring';

/** A content keyframe: a content seed, or a saved picture's ws as `encodeWs` text. */
export type StudioContentKey = Keyframe & ({ seed: number } | { ws: string });

export interface StudioTracks {
  time: TimeKey[];
  content: StudioContentKey[];
  psi: ValueKey[];
  /** One strength track (σ) per principal direction, by index. */
  directions: ValueKey[][];
}

/** Whether any track has a keyframe (without one the studio renders as it always has: t = position). */
export function hasTracks(tracks: StudioTracks): boolean {
  return (
    tracks.time.length > 0 ||
    tracks.content.length > 0 ||
    tracks.psi.length > 0 ||
    tracks.directions.some((d) => d.length > 0)
  );
}

/** The tracks within a clip of `duration` seconds (keyframes past its end are left out). */
export function tracksWithin(tracks: StudioTracks, duration: number): StudioTracks {
  const within = <K extends Keyframe>(keys: K[]) =>
    keys.every((k) => k.at <= duration) ? keys : keys.filter((k) => k.at <= duration);
  return {
    time: within(tracks.time),
    content: within(tracks.content),
    psi: within(tracks.psi),
    directions: tracks.directions.map(within),
  };
}
