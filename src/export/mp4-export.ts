import { EncodedPacket, EncodedVideoPacketSource, Mp4OutputFormat, Output, WebMOutputFormat } from 'mediabunny';
import { abortError, throwIfAborted } from './abort';
import type { EncodingChoice } from './encoder-config';
import { batchIndices, type FramePlan, frameDurationUs, frameTime, frameTimestampUs } from './frame-times';
import { type ExportProgress, progressAfter } from './progress';
import { addSoundTrack, type ClipSound, type SoundCodecChoice } from './sound-track';
import type { ExportTarget } from './targets';
import { toVideoFrame } from './video-frame';

/**
 * Frames to export: RGBA images of a fixed size at any t (training frames). The studio's renderer makes these;
 * whoever made one disposes it (encodeClip does not).
 */
export interface FrameSource {
  readonly width: number;
  readonly height: number;
  render(times: readonly number[]): Promise<ImageData[]>;
  dispose(): void;
}

export interface ClipJob {
  source: FrameSource;
  plan: FramePlan;
  encoding: EncodingChoice;
  target: ExportTarget;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** The clip's sound (placed and trimmed to the clip) and the codec chooseSoundCodec picked for it. */
  sound?: { sound: ClipSound; codec: SoundCodecChoice };
}

export interface ClipResult {
  frames: number;
  /** Bytes written (the file's size). */
  bytes: number;
  seconds: number;
  /** Export speed: frames rendered and encoded per second of wall time. */
  framesPerSecond: number;
}

/** Frames waiting in the encoder before we stop feeding it. */
const MAX_ENCODE_QUEUE = 4;
/** Rendering is batched (faster per frame), but a batch should take about this long so cancel stays prompt. */
const BATCH_TARGET_MS = 150;
const MAX_BATCH = 8;
/** A key frame every 2 seconds of video: seekable, still compact. */
const KEY_FRAME_SECONDS = 2;

/**
 * Renders plan.count frames, encodes them with the browser's VideoEncoder and muxes them with Mediabunny into
 * the target. Memory stays bounded: a batch of frames at a time, a short encoder queue, and the muxer waits
 * for the target. On cancel or error nothing is left behind (the target is discarded) and it rejects; a cancel
 * rejects with an AbortError (see isAbortError).
 */
export async function encodeClip(job: ClipJob): Promise<ClipResult> {
  const { source, plan, encoding, target, signal, onProgress } = job;
  const started = performance.now();
  const { width: codedWidth, height: codedHeight } = encoding.config;
  if (source.width > codedWidth || source.height > codedHeight) {
    throw new Error(
      `frames are ${source.width}×${source.height} but the encoder was set up for ${codedWidth}×${codedHeight}`,
    );
  }

  const output = new Output({
    // fastStart false: the index goes at the end, so media data streams out as it is made.
    format: encoding.container === 'mp4' ? new Mp4OutputFormat({ fastStart: false }) : new WebMOutputFormat(),
    target: target.target,
  });
  const packets = new EncodedVideoPacketSource(encoding.codec);
  output.addVideoTrack(packets, { frameRate: plan.fps });
  const soundTrack = job.sound ? addSoundTrack(output, job.sound.sound, job.sound.codec) : null;
  let bytes = 0;
  target.target.on('write', ({ end }) => {
    bytes = Math.max(bytes, end);
  });

  let failure: unknown = null;
  let encoded = 0;
  let muxing: Promise<void> = Promise.resolve();
  const encoder = new VideoEncoder({
    output: (chunk, meta) => {
      const packet = EncodedPacket.fromEncodedChunk(chunk);
      muxing = muxing
        .then(() => (failure ? undefined : packets.add(packet, meta)))
        .then(() => {
          encoded++;
        })
        .catch((error: unknown) => {
          failure ??= error;
        });
    },
    error: (error) => {
      failure ??= error;
    },
  });

  const check = () => {
    throwIfAborted(signal);
    if (failure) throw failure;
  };

  try {
    await output.start();
    encoder.configure(encoding.config);
    const keyInterval = Math.max(1, Math.round(KEY_FRAME_SECONDS * plan.fps));
    let batch = 1;
    let next = 0;
    while (next < plan.count) {
      check();
      const indices = batchIndices(plan, next, batch);
      const renderStart = performance.now();
      const images = await source.render(indices.map((i) => frameTime(plan, i)));
      const msPerFrame = (performance.now() - renderStart) / indices.length;
      batch = Math.min(MAX_BATCH, Math.max(1, Math.round(BATCH_TARGET_MS / Math.max(msPerFrame, 1e-3))));
      for (let k = 0; k < indices.length; k++) {
        await queueBelow(encoder, MAX_ENCODE_QUEUE, signal);
        check();
        const i = indices[k]!;
        const frame = toVideoFrame(
          images[k]!,
          codedWidth,
          codedHeight,
          frameTimestampUs(plan, i),
          frameDurationUs(plan, i),
        );
        try {
          encoder.encode(frame, { keyFrame: i % keyInterval === 0 });
        } finally {
          frame.close();
        }
      }
      next += indices.length;
      await muxing; // the muxer (and through it the target) applies backpressure here
      await soundTrack?.feedUntil(next / plan.fps);
      check();
      onProgress?.(progressAfter(Math.min(encoded, next), plan.count, (performance.now() - started) / 1000));
    }
    await encoder.flush();
    await muxing;
    await soundTrack?.feedUntil(Number.POSITIVE_INFINITY);
    soundTrack?.close();
    check();
    await output.finalize();
    check();
    await target.commit();
    const seconds = (performance.now() - started) / 1000;
    onProgress?.(progressAfter(plan.count, plan.count, seconds));
    return { frames: plan.count, bytes, seconds, framesPerSecond: plan.count / seconds };
  } catch (error) {
    if (encoder.state !== 'closed') encoder.close();
    await output.cancel().catch(() => undefined);
    await target.discard().catch(() => undefined);
    throw signal?.aborted ? abortError() : error;
  }
}

/** Waits while the encoder holds more than `max` frames (or until the export is canceled). */
async function queueBelow(encoder: VideoEncoder, max: number, signal: AbortSignal | undefined): Promise<void> {
  while (encoder.state === 'configured' && encoder.encodeQueueSize > max && !signal?.aborted) {
    await new Promise<void>((resolve) => {
      const done = () => {
        encoder.removeEventListener('dequeue', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      encoder.addEventListener('dequeue', done);
      signal?.addEventListener('abort', done);
    });
  }
}
