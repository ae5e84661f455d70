/** Decoding a checked sound into float32 channels (Mediabunny; WebCodecs in the browser, its own PCM reader for WAV). */
import { AudioSampleSink } from 'mediabunny';
import { quoteText } from '../util';
import type { OpenedAudio } from './audio-info';
import { AudioInputError } from './errors';

export interface DecodedAudio {
  sampleRate: number;
  /** One array per channel, all of one length: the sound from 0 s. */
  channels: Float32Array[];
}

export interface DecodeOptions {
  signal?: AbortSignal;
  /** Fraction decoded, 0..1. */
  onProgress?: (fraction: number) => void;
  /**
   * Where the samples go: `channels` arrays of `length` (a page passes an AudioBuffer's channel data, so the
   * sound is held once, not once decoded and again for playback).
   */
  allocate?: (channels: number, length: number) => Float32Array[];
}

/** Samples are placed at their timestamps, so a codec's priming or a gap in the stream keeps the sound in sync. */
export async function decodeAudio(opened: OpenedAudio, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const { info, track } = opened;
  const { sampleRate } = info;
  const length = Math.ceil(info.durationSeconds * sampleRate);
  const channels =
    options.allocate?.(info.channels, length) ?? Array.from({ length: info.channels }, () => new Float32Array(length));
  if (!(await track.canDecode().catch(() => false)))
    throw new AudioInputError(
      'not-audio',
      `${quoteText(info.name)} holds ${info.codec.toUpperCase()} sound, which this browser cannot decode: convert it to WAV, or use another browser.`,
    );
  const sink = new AudioSampleSink(track);
  try {
    for await (const sample of sink.samples()) {
      try {
        options.signal?.throwIfAborted();
        const start = Math.round(sample.timestamp * sampleRate);
        const skip = Math.max(0, -start);
        const frames = Math.min(sample.numberOfFrames - skip, length - Math.max(0, start));
        if (frames > 0) {
          for (let c = 0; c < channels.length; c++) {
            const plane = new Float32Array(sample.numberOfFrames);
            sample.copyTo(plane, { planeIndex: Math.min(c, sample.numberOfChannels - 1), format: 'f32-planar' });
            channels[c]!.set(plane.subarray(skip, skip + frames), Math.max(0, start));
          }
        }
        options.onProgress?.(Math.min(1, (sample.timestamp + sample.duration) / info.durationSeconds));
      } finally {
        sample.close();
      }
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (error instanceof AudioInputError) throw error;
    throw new AudioInputError('corrupt', `${quoteText(info.name)} could not be decoded: part of it is damaged.`);
  }
  return { sampleRate, channels };
}
