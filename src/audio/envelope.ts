/**
 * How loud a sound is and where its notes start, as curves over time: loudness is the RMS level of each
 * 10 ms hop on a decibel scale, the onset curve its rise from one hop to the next (half-wave rectified), both
 * scaled to 0..1 over the sound. "Follow the sound" turns a mix of the two into speed.
 */
export const HOP_SECONDS = 0.01;
/** Levels this far below the loudest hop count as silence. */
const FLOOR_DB = 60;
/** Below this (dB full scale) a hop is silence whatever the rest of the sound is (a silent file stays 0). */
const SILENCE_DBFS = -90;

export interface Envelope {
  hopSeconds: number;
  loudness: Float32Array;
  onset: Float32Array;
}

/** The curves of a sound (its channels averaged hop by hop: a long sound is never mixed down whole). */
export function envelopeOf(
  channels: Float32Array | readonly Float32Array[],
  sampleRate: number,
  hopSeconds = HOP_SECONDS,
): Envelope {
  const all = channels instanceof Float32Array ? [channels] : channels;
  const length = all[0]?.length ?? 0;
  const hop = Math.max(1, Math.round(hopSeconds * sampleRate));
  const hops = Math.ceil(length / hop);
  const levelDb = new Float32Array(hops);
  let loudest = -Infinity;
  for (let h = 0; h < hops; h++) {
    let sum = 0;
    const end = Math.min(length, (h + 1) * hop);
    for (let i = h * hop; i < end; i++) {
      let mixed = 0;
      for (const channel of all) mixed += channel[i] as number;
      sum += (mixed / all.length) ** 2;
    }
    const rms = Math.sqrt(sum / Math.max(1, end - h * hop));
    levelDb[h] = 20 * Math.log10(rms + 1e-12);
    loudest = Math.max(loudest, levelDb[h] as number);
  }
  const loudness = new Float32Array(hops);
  for (let h = 0; h < hops; h++) {
    const level = levelDb[h] as number;
    loudness[h] = level < SILENCE_DBFS ? 0 : Math.max(0, 1 - (loudest - level) / FLOOR_DB);
  }
  const onset = new Float32Array(hops);
  for (let h = 1; h < hops; h++) onset[h] = Math.max(0, (loudness[h] as number) - (loudness[h - 1] as number));
  return { hopSeconds: hop / sampleRate, loudness, onset: normalise(onset) };
}

function normalise(curve: Float32Array): Float32Array {
  let max = 0;
  for (const v of curve) max = Math.max(max, v);
  if (max > 0) for (let i = 0; i < curve.length; i++) curve[i] = (curve[i] as number) / max;
  return curve;
}

/**
 * A one-pole follower: rises at once to a peak, falls back over `releaseSeconds` (a smoothed curve keeps a
 * click's effect for a moment instead of one hop).
 */
export function smoothCurve(curve: Float32Array, hopSeconds: number, releaseSeconds: number): Float32Array {
  const out = new Float32Array(curve.length);
  const keep = releaseSeconds > 0 ? Math.exp(-hopSeconds / releaseSeconds) : 0;
  let level = 0;
  for (let i = 0; i < curve.length; i++) {
    level = Math.max(curve[i] as number, level * keep);
    out[i] = level;
  }
  return out;
}

/** The curve's value at time `seconds` (linear between hops, held past the ends). */
export function curveAt(curve: Float32Array, hopSeconds: number, seconds: number): number {
  if (curve.length === 0) return 0;
  const x = seconds / hopSeconds;
  const i = Math.floor(x);
  if (i < 0) return curve[0] as number;
  if (i >= curve.length - 1) return curve[curve.length - 1] as number;
  const a = curve[i] as number;
  return a + (x - i) * ((curve[i + 1] as number) - a);
}
