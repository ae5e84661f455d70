/**
 * Where a sound sits in a clip: it starts at clip time `offset` (negative: its first -offset seconds are cut),
 * fades in over `fadeIn` seconds from where it is first heard and out over `fadeOut` seconds up to where it is
 * last heard, and stops at the clip's end. Playback, the page's export and the command line all place it
 * with this one function, so they give the same samples.
 */
import type { DecodedAudio } from './decode';

export interface AudioPlacement {
  offset: number;
  fadeIn: number;
  fadeOut: number;
}

export const NO_PLACEMENT: AudioPlacement = { offset: 0, fadeIn: 0, fadeOut: 0 };

/** The clip times where the sound is heard, [from, to). */
export function audibleSpan(placement: AudioPlacement, soundSeconds: number, clipSeconds: number) {
  return { from: Math.max(0, placement.offset), to: Math.min(clipSeconds, placement.offset + soundSeconds) };
}

/** The gain at clip time τ (0 outside the audible span). */
export function gainAt(tau: number, placement: AudioPlacement, soundSeconds: number, clipSeconds: number): number {
  const { from, to } = audibleSpan(placement, soundSeconds, clipSeconds);
  if (tau < from || tau >= to) return 0;
  const fadeIn = placement.fadeIn > 0 ? Math.min(1, (tau - from) / placement.fadeIn) : 1;
  const fadeOut = placement.fadeOut > 0 ? Math.min(1, (to - tau) / placement.fadeOut) : 1;
  return Math.min(fadeIn, fadeOut);
}

/** Samples in the clip's sound: round(clipSeconds × rate) per channel. */
export function placedLength(sampleRate: number, clipSeconds: number): number {
  return Math.round(clipSeconds * sampleRate);
}

/**
 * Samples [start, start + length) of the clip's sound, per channel: silence where the sound is not. A long
 * clip's sound is never held whole: exports and playback take it a stretch at a time.
 */
export function placeRange(
  audio: DecodedAudio,
  placement: AudioPlacement,
  clipSeconds: number,
  start: number,
  length: number,
): Float32Array[] {
  const rate = audio.sampleRate;
  const end = Math.min(placedLength(rate, clipSeconds), start + length);
  const soundSeconds = (audio.channels[0]?.length ?? 0) / rate;
  const shift = Math.round(placement.offset * rate);
  return audio.channels.map((source) => {
    const out = new Float32Array(Math.max(0, end - start));
    for (let i = start; i < end; i++) {
      const j = i - shift;
      if (j < 0 || j >= source.length) continue;
      out[i - start] = (source[j] as number) * gainAt(i / rate, placement, soundSeconds, clipSeconds);
    }
    return out;
  });
}

/** The clip's whole sound (placeRange over all of it). */
export function placeAudio(audio: DecodedAudio, placement: AudioPlacement, clipSeconds: number): Float32Array[] {
  return placeRange(audio, placement, clipSeconds, 0, placedLength(audio.sampleRate, clipSeconds));
}

/**
 * The clip's sound as a reader of stretches (what an export feeds its encoder from), from clip time
 * `fromSeconds` for `seconds` (an export of part of the clip carries that part's sound).
 */
export function placedSound(
  audio: DecodedAudio,
  placement: AudioPlacement,
  clipSeconds: number,
  fromSeconds = 0,
  seconds = clipSeconds - fromSeconds,
) {
  const first = Math.round(fromSeconds * audio.sampleRate);
  return {
    sampleRate: audio.sampleRate,
    channels: audio.channels.length,
    length: Math.max(
      0,
      Math.min(placedLength(audio.sampleRate, clipSeconds) - first, Math.round(seconds * audio.sampleRate)),
    ),
    read: (start: number, count: number) => placeRange(audio, placement, clipSeconds, first + start, count),
  };
}
