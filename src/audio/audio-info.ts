/**
 * What a sound file holds, read from its header (and, for formats whose header gives no length, its packet
 * index), with every limit checked before a single sample is decoded.
 */
import { ALL_FORMATS, Input, type InputAudioTrack, type Source } from 'mediabunny';
import { quoteText } from '../util';
import { AudioInputError } from './errors';
import {
  decodedBytes,
  MAX_AUDIO_FILE_BYTES,
  MAX_AUDIO_SECONDS,
  MAX_CHANNELS,
  MAX_DECODED_BYTES,
  MAX_SAMPLE_RATE,
  MIN_SAMPLE_RATE,
} from './limits';
import { wavDeclaredSize } from './wav';

/** A sound file to read: where Mediabunny reads it, its size, and its first bytes. */
export interface AudioFile {
  name: string;
  bytes: number;
  source: Source;
  head(length: number): Promise<Uint8Array>;
}

export interface AudioInfo {
  name: string;
  /** The container, as Mediabunny names it: WAVE, MP3, MP4, Ogg, ... */
  container: string;
  codec: string;
  sampleRate: number;
  channels: number;
  durationSeconds: number;
}

export interface OpenedAudio {
  info: AudioInfo;
  input: Input;
  track: InputAudioTrack;
}

const READABLE = 'WAV, MP3, AAC/M4A, Ogg Vorbis or Opus';
/** A length from packets this much shorter than the header's means the file stops early. */
const TRUNCATION_TOLERANCE_SECONDS = 0.25;
const WAV_HEAD_BYTES = 64 * 1024;

/** Opens `file`, reads its header and checks every limit; throws AudioInputError with the one line to show. */
export async function openAudio(file: AudioFile): Promise<OpenedAudio> {
  const name = quoteText(file.name);
  if (file.bytes === 0) throw new AudioInputError('empty', `${name} is empty.`);
  if (file.bytes > MAX_AUDIO_FILE_BYTES) {
    throw new AudioInputError('too-large', `${name} is larger than the ${gb(MAX_AUDIO_FILE_BYTES)} a sound may be.`);
  }
  const input = new Input({ source: file.source, formats: ALL_FORMATS });
  try {
    const info = await readInfo(file, name, input);
    const track = (await input.getPrimaryAudioTrack()) as InputAudioTrack;
    return { info, input, track };
  } catch (error) {
    input.dispose();
    throw error;
  }
}

async function readInfo(file: AudioFile, name: string, input: Input): Promise<AudioInfo> {
  const format = await guard(name, () => input.getFormat(), 'not-audio');
  const track = await guard(name, () => input.getPrimaryAudioTrack(), 'corrupt');
  if (!track) {
    throw new AudioInputError(
      'no-audio-track',
      `${name} has no sound in it (a ${format.name} file with no audio track).`,
    );
  }
  if (!track.codec) {
    throw new AudioInputError('not-audio', `${name} holds sound in a codec the studio cannot decode; use ${READABLE}.`);
  }
  const { sampleRate, numberOfChannels: channels } = track;
  if (!(sampleRate >= MIN_SAMPLE_RATE && sampleRate <= MAX_SAMPLE_RATE)) {
    throw new AudioInputError(
      'sample-rate',
      `${name} is sampled at ${khz(sampleRate)}; the studio takes ${khz(MIN_SAMPLE_RATE)} to ${khz(MAX_SAMPLE_RATE)}.`,
    );
  }
  if (!(channels >= 1 && channels <= MAX_CHANNELS)) {
    throw new AudioInputError('channels', `${name} has ${channels} channels; the studio takes 1 to ${MAX_CHANNELS}.`);
  }

  const declared = await declaredSeconds(file, track);
  if (declared !== null) checkLength(name, declared);
  const counted = await guard(name, () => track.computeDuration(), 'corrupt');
  if (!(counted > 0)) throw new AudioInputError('zero-length', `${name} holds no sound (its length is 0 s).`);
  if (declared !== null && counted < declared - TRUNCATION_TOLERANCE_SECONDS) {
    throw new AudioInputError(
      'truncated',
      `${name} stops early: its header says ${seconds(declared)} but the file holds ${seconds(counted)} (an unfinished download?).`,
    );
  }
  checkLength(name, counted);
  const info = {
    name: file.name,
    container: format.name,
    codec: track.codec,
    sampleRate,
    channels,
    durationSeconds: counted,
  };
  if (decodedBytes(info) > MAX_DECODED_BYTES) {
    throw new AudioInputError(
      'too-large',
      `${name} would take ${gb(decodedBytes(info))} decoded (${seconds(counted)} of ${channels} channels at ${khz(sampleRate)}); the studio holds at most ${gb(MAX_DECODED_BYTES)}.`,
    );
  }
  return info;
}

/** The length the header promises: the container's own, or a WAVE data chunk's declared size. */
async function declaredSeconds(file: AudioFile, track: InputAudioTrack): Promise<number | null> {
  const wav = wavDeclaredSize(await file.head(Math.min(file.bytes, WAV_HEAD_BYTES)), file.bytes);
  if (wav) {
    const bytesPerSecond = track.sampleRate * track.numberOfChannels * bytesPerSample(track.codec);
    return bytesPerSecond > 0 ? wav.dataBytes / bytesPerSecond : null;
  }
  const fromMetadata = await track.getDurationFromMetadata().catch(() => null);
  return typeof fromMetadata === 'number' && Number.isFinite(fromMetadata) ? fromMetadata : null;
}

function bytesPerSample(codec: string | null): number {
  const bits = /(\d+)/.exec(codec ?? '')?.[1];
  return bits ? Number(bits) / 8 : 0;
}

function checkLength(name: string, length: number): void {
  if (length > MAX_AUDIO_SECONDS) {
    throw new AudioInputError(
      'too-long',
      `${name} is ${seconds(length)} long; a clip is at most ${seconds(MAX_AUDIO_SECONDS)}, so a sound may be too.`,
    );
  }
}

/** Mediabunny's own errors ("Assertion failed.") say nothing to a person: each becomes one line about the file. */
async function guard<T>(name: string, read: () => Promise<T>, kind: 'not-audio' | 'corrupt'): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AudioInputError) throw error;
    if (kind === 'not-audio') {
      throw new AudioInputError('not-audio', `${name} is not a sound file the studio reads (${READABLE}).`);
    }
    throw new AudioInputError('corrupt', `${name} is damaged or cut short: its structure cannot be read.`);
  }
}

export function seconds(s: number): string {
  if (s >= 3600) return `${(s / 3600).toFixed(1)} h`;
  if (s >= 120) return `${(s / 60).toFixed(1)} min`;
  return `${s.toFixed(2)} s`;
}
const khz = (hz: number) => `${Number.isFinite(hz) ? (hz / 1000).toFixed(hz % 1000 === 0 ? 0 : 1) : '?'} kHz`;
const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
