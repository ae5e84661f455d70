/**
 * Keyframe tracks: where a clip time falls between a track's keyframes and how far along (the ease), and a
 * number track's value there. One rule for the page, the CLI and anyone else, so they get the same frames.
 */

/** How a segment moves from the previous keyframe to this one (the ease belongs to the later keyframe). */
export type Ease = 'linear' | 'smooth' | 'hold';
export const EASES: readonly Ease[] = ['linear', 'smooth', 'hold'];

export interface Keyframe {
  /** Clip time in seconds, 0 <= at <= duration; a track's keyframes are sorted by it, no two equal. */
  at: number;
  /** Default: linear. */
  ease?: Ease;
}

/** A keyframe that holds a number (ψ, a direction's strength in σ). */
export interface ValueKey extends Keyframe {
  value: number;
}

/**
 * Where clip time τ falls on a track: between keyframes `from` and `to` (indices), `s` of the way (0..1,
 * eased). Before the first keyframe both are 0, after the last both are the last, with s = 0.
 */
export interface TrackPosition {
  from: number;
  to: number;
  s: number;
}

/** s for u (0..1) of the way through a segment that ends in a keyframe with this ease. */
export function easeAmount(ease: Ease | undefined, u: number): number {
  if (ease === 'hold') return 0;
  if (ease === 'smooth') return u * u * (3 - 2 * u);
  return u;
}

/** ds/du of `easeAmount`. */
export function easeSlope(ease: Ease | undefined, u: number): number {
  if (ease === 'hold') return 0;
  if (ease === 'smooth') return 6 * u * (1 - u);
  return 1;
}

/** The position of τ on a track (keys sorted by `at`, at least one). */
export function trackPosition(keys: readonly Keyframe[], tau: number): TrackPosition {
  if (keys.length === 0) throw new RangeError('a track needs at least one keyframe');
  const last = keys.length - 1;
  if (tau <= keys[0]!.at) return { from: 0, to: 0, s: 0 };
  if (tau >= keys[last]!.at) return { from: last, to: last, s: 0 };
  // The last keyframe at or before τ (binary search: keys[lo].at <= τ < keys[hi].at).
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]!.at <= tau) lo = mid;
    else hi = mid;
  }
  const a0 = keys[lo]!.at;
  const a1 = keys[hi]!.at;
  return { from: lo, to: hi, s: easeAmount(keys[hi]!.ease, (tau - a0) / (a1 - a0)) };
}

/** (1 − s) × v0 + s × v1 in float64: exactly v0 at s = 0 and exactly v1 at s = 1. */
export function blend(v0: number, v1: number, s: number): number {
  return (1 - s) * v0 + s * v1;
}

/** A number track's value at τ. */
export function valueAt<K extends Keyframe>(keys: readonly K[], tau: number, value: (key: K) => number): number {
  const { from, to, s } = trackPosition(keys, tau);
  return blend(value(keys[from]!), value(keys[to]!), s);
}

/** d(value)/dτ at τ (the segment that starts at τ when τ is a keyframe; 0 before the first and after the last). */
export function slopeAt<K extends Keyframe>(keys: readonly K[], tau: number, value: (key: K) => number): number {
  const position = trackPosition(keys, tau);
  // At the first keyframe the segment that starts there.
  const { from, to } = keys.length > 1 && tau === keys[0]!.at ? { from: 0, to: 1 } : position;
  if (from === to) return 0;
  const a0 = keys[from]!.at;
  const a1 = keys[to]!.at;
  const u = (tau - a0) / (a1 - a0);
  return ((value(keys[to]!) - value(keys[from]!)) / (a1 - a0)) * easeSlope(keys[to]!.ease, u);
}
