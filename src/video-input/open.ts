/**
 * What a clip holds, read from its container's header and packet index, with every limit checked before a
 * single frame is decoded: a file that is not a video, one with no video track, no frames or one frame only,
 * frames larger than the studio holds, and a codec this browser cannot decode (named) each get one line.
 */
import { ALL_FORMATS, BlobSource, BufferSource, Input, type InputVideoTrack, type Source } from 'mediabunny';
import { quoteText } from '../util';
import { VideoInputError } from './errors';
import { MAX_VIDEO_FILE_BYTES, MAX_VIDEO_PIXELS, MAX_VIDEO_SIDE, READABLE_VIDEO } from './limits';
import type { ClipTiming } from './range';

/** A clip to read: where Mediabunny reads it and its size. */
export interface VideoFile {
  name: string;
  bytes: number;
  source: Source;
}

export interface VideoInfo extends ClipTiming {
  name: string;
  /** The container and the codec as a person knows them: MP4, WebM, QuickTime; H.264, VP9, ... */
  container: string;
  codec: string;
  /** Frame size as shown (rotation and pixel aspect applied). */
  width: number;
  height: number;
}

export interface OpenedVideo {
  info: VideoInfo;
  input: Input;
  track: InputVideoTrack;
}

export interface OpenOptions {
  /** Whether this browser decodes the track (default: WebCodecs' answer, through Mediabunny). */
  canDecode?: (track: InputVideoTrack) => Promise<boolean>;
}

const CODEC_NAMES: Record<string, string> = {
  avc: 'H.264',
  hevc: 'H.265/HEVC',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  prores: 'ProRes',
};

export function videoFromBlob(file: Blob & { name?: string }): VideoFile {
  return { name: file.name ?? 'video', bytes: file.size, source: new BlobSource(file) };
}

export function videoFromBytes(name: string, bytes: Uint8Array): VideoFile {
  const copy = bytes.slice();
  return { name, bytes: copy.byteLength, source: new BufferSource(copy.buffer) };
}

/** Opens `file` and checks it; throws VideoInputError with the one line to show. The caller disposes `input`. */
export async function openVideo(file: VideoFile, options: OpenOptions = {}): Promise<OpenedVideo> {
  const name = quoteText(file.name);
  if (file.bytes === 0) throw new VideoInputError('empty', `${name} is empty.`);
  if (file.bytes > MAX_VIDEO_FILE_BYTES) {
    throw new VideoInputError(
      'too-large',
      `${name} is larger than the ${MAX_VIDEO_FILE_BYTES / 1024 ** 3} GB a clip may be.`,
    );
  }
  const input = new Input({ source: file.source, formats: ALL_FORMATS });
  try {
    const { info, track } = await readInfo(file, name, input, options);
    return { info, input, track };
  } catch (error) {
    input.dispose();
    throw error;
  }
}

async function readInfo(file: VideoFile, name: string, input: Input, options: OpenOptions) {
  const format = await guard(name, () => input.getFormat(), 'not-a-video');
  const track = await guard(name, () => input.getPrimaryVideoTrack(), 'corrupt');
  if (!track) {
    const tracks = await input.getTracks().catch(() => []);
    if (tracks.length === 0) {
      throw new VideoInputError('no-frames', `${name} holds no frames (a ${format.name} file with nothing in it).`);
    }
    const sound = tracks.some((t) => t.isAudioTrack());
    throw new VideoInputError(
      'no-video-track',
      `${name} has no video in it (a ${format.name} file with ${sound ? 'only sound' : 'no video track'}).`,
    );
  }
  const codec = track.codec ? (CODEC_NAMES[track.codec] ?? track.codec) : null;
  const width = track.displayWidth;
  const height = track.displayHeight;
  if (width > MAX_VIDEO_SIDE || height > MAX_VIDEO_SIDE || width * height > MAX_VIDEO_PIXELS) {
    throw new VideoInputError(
      'too-large',
      `${name} is ${width}x${height}; the studio reads frames of at most ${MAX_VIDEO_SIDE} px a side and ${(MAX_VIDEO_PIXELS / 1e6).toFixed(1)} MP.`,
    );
  }
  if (!(width > 0 && height > 0)) throw new VideoInputError('no-frames', `${name} holds no frames (its size is 0x0).`);
  const stats = await guard(name, () => track.computePacketStats(2), 'corrupt');
  if (stats.packetCount === 0) throw new VideoInputError('no-frames', `${name} holds no frames.`);
  if (stats.packetCount === 1) {
    throw new VideoInputError(
      'one-frame',
      `${name} holds one frame only; a clip needs at least 2 (for a still picture, use "Animate a picture").`,
    );
  }
  if (!codec) {
    throw new VideoInputError(
      'codec',
      `${name} holds video in a codec the studio does not know; use ${READABLE_VIDEO}.`,
    );
  }
  const decodable = await (options.canDecode ?? ((t) => t.canDecode()))(track).catch(() => false);
  if (!decodable) {
    const detail = await track.getCodecParameterString().catch(() => null);
    throw new VideoInputError(
      'codec',
      `This browser cannot decode the ${codec}${detail ? ` (${detail})` : ''} video in ${name}; use ${READABLE_VIDEO}.`,
    );
  }
  const metrics = await guard(name, () => track.computeFrameRateMetrics(), 'corrupt');
  const firstTimestamp = await guard(name, () => track.getFirstTimestamp(), 'corrupt');
  const durationSeconds = await guard(name, () => track.computeDuration(), 'corrupt');
  const fps = metrics.bestGuessFrameRate;
  if (!(fps > 0 && Number.isFinite(fps))) {
    throw new VideoInputError('corrupt', `${name} has no frame rate the studio can read (its frame times are broken).`);
  }
  const info: VideoInfo = {
    name: file.name,
    container: format.name,
    codec,
    width,
    height,
    fps,
    firstTimestamp,
    durationSeconds,
  };
  return { info, track };
}

/** Mediabunny's own errors ("Assertion failed.") say nothing to a person: each becomes one line about the file. */
async function guard<T>(name: string, read: () => Promise<T>, kind: 'not-a-video' | 'corrupt'): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof VideoInputError) throw error;
    if (kind === 'not-a-video') {
      throw new VideoInputError('not-a-video', `${name} is not a video the studio reads (${READABLE_VIDEO}).`);
    }
    throw new VideoInputError('corrupt', `${name} is damaged: its video could not be read.`);
  }
}
