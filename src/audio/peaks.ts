/**
 * A waveform's outline: the largest absolute sample of each bucket (PEAKS_PER_SECOND a second), of the sound
 * and of the clip's sound (placed by the placement rule, fades included), for drawing at any zoom.
 */
import type { DecodedAudio } from './decode';
import { type AudioPlacement, gainAt } from './placement';

export const PEAKS_PER_SECOND = 200;

/** The sound's peaks: all channels, from 0 s. */
export function soundPeaks(audio: DecodedAudio, perSecond = PEAKS_PER_SECOND): Float32Array {
  const length = audio.channels[0]?.length ?? 0;
  const bucket = audio.sampleRate / perSecond;
  const peaks = new Float32Array(Math.ceil(length / bucket));
  for (const channel of audio.channels) {
    for (let b = 0; b < peaks.length; b++) {
      let peak = peaks[b] as number;
      const end = Math.min(length, Math.round((b + 1) * bucket));
      for (let i = Math.round(b * bucket); i < end; i++) peak = Math.max(peak, Math.abs(channel[i] as number));
      peaks[b] = peak;
    }
  }
  return peaks;
}

/** The clip's peaks from clip time 0 to `clipSeconds`: the sound's, shifted by the offset and faded. */
export function clipPeaks(
  peaks: Float32Array,
  placement: AudioPlacement,
  clipSeconds: number,
  perSecond = PEAKS_PER_SECOND,
): Float32Array {
  const soundSeconds = peaks.length / perSecond;
  const out = new Float32Array(Math.ceil(clipSeconds * perSecond));
  for (let b = 0; b < out.length; b++) {
    const tau = b / perSecond;
    const source = Math.floor((tau - placement.offset) * perSecond + 1e-9);
    if (source < 0 || source >= peaks.length) continue;
    out[b] = (peaks[source] as number) * gainAt(tau, placement, soundSeconds, clipSeconds);
  }
  return out;
}
