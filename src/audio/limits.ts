/**
 * What a sound may be, checked from its header before anything is decoded. Decoded audio is held as float32
 * per channel, so these bound its memory: an hour of stereo at 192 kHz would be 5.5 GB, so the decoded size
 * has its own cap.
 */
import { MAX_DURATION_SECONDS } from '../export';

/** No clip is longer than this, so no sound needs to be. */
export const MAX_AUDIO_SECONDS = MAX_DURATION_SECONDS;
export const MIN_SAMPLE_RATE = 8_000;
export const MAX_SAMPLE_RATE = 192_000;
/** Up to 7.1; a sound with more channels is a multitrack recording, not a soundtrack. */
export const MAX_CHANNELS = 8;
/** Largest file read at all. */
export const MAX_AUDIO_FILE_BYTES = 1024 ** 3;
/** Decoded float32 samples (all channels) held at once. */
export const MAX_DECODED_BYTES = 1.5 * 1024 ** 3;

export function decodedBytes(info: { durationSeconds: number; sampleRate: number; channels: number }): number {
  return Math.ceil(info.durationSeconds * info.sampleRate) * info.channels * 4;
}

/** File name endings of the sounds the studio reads (its file picker and page drops ask this). */
export const SOUND_EXTENSIONS = ['.wav', '.mp3', '.m4a', '.aac', '.ogg', '.oga', '.opus'] as const;

export function isSoundFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return SOUND_EXTENSIONS.some((ending) => lower.endsWith(ending));
}
