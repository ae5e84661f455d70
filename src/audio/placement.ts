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

/** The clip's sound: round(clipSeconds × rate) samples per channel, silence where the sound is not. */
export function placeAudio(audio: DecodedAudio, placement: AudioPlacement, clipSeconds: number): Float32Array[] {
  const rate = audio.sampleRate;
  const length = Math.round(clipSeconds * rate);
  const soundSeconds = (audio.channels[0]?.length ?? 0) / rate;
  const shift = Math.round(placement.offset * rate);
  return audio.channels.map((source) => {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) {
      const j = i - shift;
      if (j < 0 || j >= source.length) continue;
      out[i] = (source[j] as number) * gainAt(i / rate, placement, soundSeconds, clipSeconds);
    }
    return out;
  });
}
