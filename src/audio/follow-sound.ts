/**
 * "Follow the sound": a Time track whose speed follows the sound (speed = base + gain × envelope, in multiples
 * of the training frame rate), and a direction track that pulses on the sound's onsets. Both come out as
 * ordinary keyframes (linear between them), as few as keep t within `toleranceFrames` of the exact curve, so a
 * person can edit them afterwards like any others.
 */
import { curveAt, type Envelope, smoothCurve } from './envelope';

export interface TimeKeyframe {
  at: number;
  t: number;
}

export interface ValueKeyframe {
  at: number;
  value: number;
  ease?: 'linear' | 'smooth' | 'hold';
}

export interface FollowOptions {
  /** Speed where the sound is silent (× training fps). */
  base: number;
  /** Speed added at the loudest, most sudden moment. */
  gain: number;
  /** 0: loudness only; 1: onsets only. */
  onsetWeight: number;
  /** How long a peak's effect lasts (the envelope's release). */
  releaseSeconds: number;
  /** Largest difference between the keyframes' t and the exact curve, in training frames. */
  toleranceFrames: number;
}

export const FOLLOW_DEFAULTS: FollowOptions = {
  base: 0.25,
  gain: 2,
  onsetWeight: 0.5,
  releaseSeconds: 0.2,
  toleranceFrames: 0.05,
};

export interface ClipTiming {
  clipSeconds: number;
  trainingFps: number;
  /** Generator time at clip time 0. */
  startT: number;
  /** Clip time at which the sound starts (the placement's offset). */
  soundOffset: number;
}

/** The follower's envelope: loudness and onsets mixed, smoothed. */
export function followCurve(envelope: Envelope, options: FollowOptions): Float32Array {
  const w = Math.min(1, Math.max(0, options.onsetWeight));
  const mixed = new Float32Array(envelope.loudness.length);
  for (let i = 0; i < mixed.length; i++) mixed[i] = (1 - w) * item(envelope.loudness, i) + w * item(envelope.onset, i);
  return smoothCurve(mixed, envelope.hopSeconds, options.releaseSeconds);
}

/** The speed (× training fps) at each clip time: base + gain × envelope, base where there is no sound. */
export function followSpeed(envelope: Envelope, options: FollowOptions, timing: ClipTiming) {
  const curve = followCurve(envelope, options);
  const soundSeconds = curve.length * envelope.hopSeconds;
  return (tau: number) => {
    const s = tau - timing.soundOffset;
    const level = s >= 0 && s < soundSeconds ? curveAt(curve, envelope.hopSeconds, s) : 0;
    return options.base + options.gain * level;
  };
}

/** Time-track keyframes: t(τ) = startT + ∫ trainingFps × speed dτ, sampled every hop, then simplified. */
export function followSoundKeyframes(envelope: Envelope, options: FollowOptions, timing: ClipTiming): TimeKeyframe[] {
  const speed = followSpeed(envelope, options, timing);
  const step = envelope.hopSeconds;
  const count = Math.max(1, Math.ceil(timing.clipSeconds / step));
  const at = new Float64Array(count + 1);
  const t = new Float64Array(count + 1);
  t[0] = timing.startT;
  for (let i = 1; i <= count; i++) {
    const from = item(at, i - 1);
    const to = Math.min(timing.clipSeconds, i * step);
    at[i] = to;
    t[i] = item(t, i - 1) + timing.trainingFps * speed((from + to) / 2) * (to - from);
  }
  return simplify(at, t, options.toleranceFrames).map((i) => ({ at: round(item(at, i)), t: round(item(t, i)) }));
}

/** Indices of the points a polyline through them keeps within `tolerance` of all (Ramer-Douglas-Peucker). */
export function simplify(x: Float64Array, y: Float64Array, tolerance: number): number[] {
  const keep = new Uint8Array(x.length);
  keep[0] = 1;
  keep[x.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, x.length - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    let worst = -1;
    let worstError = tolerance;
    for (let i = a + 1; i < b; i++) {
      const u = (item(x, i) - item(x, a)) / (item(x, b) - item(x, a));
      const error = Math.abs(item(y, i) - (item(y, a) + u * (item(y, b) - item(y, a))));
      if (error > worstError) {
        worst = i;
        worstError = error;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const kept: number[] = [];
  for (let i = 0; i < keep.length; i++) if (keep[i]) kept.push(i);
  return kept;
}

export interface PulseOptions {
  /** The direction's strength at a pulse's peak (σ). */
  peak: number;
  /** An onset counts when its curve reaches this (0..1). */
  threshold: number;
  /** Time from a pulse's peak back to 0. */
  releaseSeconds: number;
}

export const PULSE_DEFAULTS: PulseOptions = { peak: 2, threshold: 0.3, releaseSeconds: 0.25 };

/** Clip times of the sound's onsets: local peaks of the onset curve above the threshold, at least a hop apart. */
export function onsetTimes(envelope: Envelope, threshold: number, soundOffset: number, clipSeconds: number): number[] {
  const { onset, hopSeconds } = envelope;
  const times: number[] = [];
  for (let i = 0; i < onset.length; i++) {
    const v = item(onset, i);
    if (v < threshold || v < (onset[i - 1] ?? 0) || v <= (onset[i + 1] ?? 0)) continue;
    const at = soundOffset + i * hopSeconds;
    if (at >= 0 && at <= clipSeconds) times.push(at);
  }
  return times;
}

/**
 * A direction's keyframes pulsing on the onsets: 0 before each, the peak at it, back to 0 (smoothly) a release
 * later, or at the next onset if that comes first.
 */
export function pulseKeyframes(onsets: readonly number[], options: PulseOptions, clipSeconds: number): ValueKeyframe[] {
  const keys: ValueKeyframe[] = [{ at: 0, value: 0 }];
  const lead = 0.02;
  const lastAt = () => keys[keys.length - 1]?.at ?? 0;
  onsets.forEach((at, k) => {
    const next = onsets[k + 1] ?? Infinity;
    if (at - lead > lastAt()) keys.push({ at: round(at - lead), value: 0 });
    if (at > lastAt()) keys.push({ at: round(at), value: options.peak, ease: 'smooth' });
    const end = Math.min(at + options.releaseSeconds, next - lead, clipSeconds);
    if (end > lastAt()) keys.push({ at: round(end), value: 0 });
  });
  if (lastAt() < clipSeconds) keys.push({ at: clipSeconds, value: 0 });
  return keys;
}

/** An element known to exist (indices below the length). */
const item = (values: ArrayLike<number>, i: number) => values[i] as number;

/** Keyframe times and values with no float dust (1e-9 s is far below a sample). */
const round = (v: number) => Math.round(v * 1e9) / 1e9;
