/**
 * A clip's sound in the exported file: AAC where the browser can encode it, otherwise Opus (Debian's Chromium
 * encodes Opus, not AAC; MP4 carries either, WebM only Opus). The sound is read a stretch at a time as it is
 * encoded, never whole, and fed to the muxer in step with the video, so neither track waits in memory for the
 * other.
 */
import { AudioSample, AudioSampleSource, canEncodeAudio, type Output } from 'mediabunny';
import type { Container } from './encoder-config';

/** The clip's sound from clip time 0, read a stretch at a time (the studio reads it through its placement). */
export interface ClipSound {
  sampleRate: number;
  channels: number;
  /** Samples per channel: the clip's length. */
  length: number;
  /** Samples [start, start + count) of each channel. */
  read(start: number, count: number): Float32Array[];
}

export interface SoundCodecChoice {
  codec: 'aac' | 'opus';
  /** What the person is told: "AAC", "Opus". */
  label: string;
  /** The rate the encoder runs at (Opus encoders take 48 kHz). */
  sampleRate: number;
  channels: number;
}

export type AudioSupportCheck = (
  codec: 'aac' | 'opus',
  options: { numberOfChannels: number; sampleRate: number; bitrate: number },
) => Promise<boolean>;

export const SOUND_BITRATE = 192_000;
/** A sample of this many seconds is handed to the encoder at a time. */
const CHUNK_SECONDS = 0.5;

/** The codec a sound of this rate and channel count is exported with, or null when the browser encodes none. */
export async function chooseSoundCodec(
  container: Container,
  sampleRate: number,
  channels: number,
  supports: AudioSupportCheck = (codec, options) => canEncodeAudio(codec, options),
): Promise<SoundCodecChoice | null> {
  const numberOfChannels = Math.min(2, channels);
  const candidates: Array<Omit<SoundCodecChoice, 'channels'>> = [
    ...(container === 'mp4' ? [{ codec: 'aac' as const, label: 'AAC', sampleRate }] : []),
    { codec: 'opus', label: 'Opus', sampleRate: 48_000 },
  ];
  for (const choice of candidates) {
    const options = { numberOfChannels, sampleRate: choice.sampleRate, bitrate: SOUND_BITRATE };
    if (await supports(choice.codec, options)) return { ...choice, channels: numberOfChannels };
  }
  return null;
}

/** The sound's track on `output`; `feedUntil(seconds)` hands it everything up to that clip time. */
export function addSoundTrack(output: Output, sound: ClipSound, choice: SoundCodecChoice) {
  const source = new AudioSampleSource({
    codec: choice.codec,
    bitrate: SOUND_BITRATE,
    transform: { sampleRate: choice.sampleRate, numberOfChannels: choice.channels },
  });
  output.addAudioTrack(source);
  const { sampleRate, length } = sound;
  const chunk = Math.max(1, Math.round(CHUNK_SECONDS * sampleRate));
  let fed = 0;
  return {
    async feedUntil(seconds: number): Promise<void> {
      const end = Math.min(length, Math.round(seconds * sampleRate));
      while (fed < end) {
        const frames = Math.min(chunk, end - fed);
        const placed = sound.read(fed, frames);
        const planar = new Float32Array(frames * placed.length);
        for (const [c, channel] of placed.entries()) planar.set(channel, c * frames);
        const sample = new AudioSample({
          data: planar,
          format: 'f32-planar',
          numberOfChannels: placed.length,
          sampleRate,
          timestamp: fed / sampleRate,
        });
        try {
          await source.add(sample);
        } finally {
          sample.close();
        }
        fed += frames;
      }
    },
    close: () => source.close(),
  };
}
