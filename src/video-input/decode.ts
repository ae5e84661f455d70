/**
 * Frames of a clip in a page (WebCodecs through Mediabunny's CanvasSink): one frame as RGBA for the crop view,
 * and the chosen range only, each frame cropped square and resampled to the model's resolution as RGB floats
 * (image-input's area/bilinear resampler). One decoded frame is held at a time.
 */
import { CanvasSink, type WrappedCanvas } from 'mediabunny';
import { type CropRect, resampleSquare, validateCrop } from '../image-input';
import { quoteText } from '../util';
import { VideoInputError } from './errors';
import type { OpenedVideo } from './open';
import type { ClipRange } from './range';

/** One frame as shown: 8-bit RGBA, row-major. */
export interface VideoFrameImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  /** Its presentation time in the file (seconds). */
  timestamp: number;
}

export interface ClipFrames {
  /** Each frame RGB in [0, 1], [size, size, 3]. */
  frames: Float32Array[];
  /** Each frame's time in the file (seconds). */
  timestamps: number[];
}

function context(wrapped: WrappedCanvas) {
  const ctx = wrapped.canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!ctx) throw new VideoInputError('corrupt', 'This browser gave no 2D canvas to read video frames with.');
  return ctx;
}

/** The frame shown at `seconds` (the last one at or before it), for the crop view. */
export async function readFrame(video: OpenedVideo, seconds: number): Promise<VideoFrameImage> {
  const sink = new CanvasSink(video.track, { poolSize: 1 });
  const wrapped = await decoding(video, () => sink.getCanvas(Math.max(seconds, video.info.firstTimestamp)));
  if (!wrapped)
    throw new VideoInputError('no-frames', `${quoteText(video.info.name)} has no frame at ${seconds.toFixed(2)} s.`);
  const { width, height } = wrapped.canvas;
  const rgba = context(wrapped).getImageData(0, 0, width, height).data;
  return { width, height, rgba, timestamp: wrapped.timestamp };
}

/**
 * The range's frames, cropped to `crop` (in the shown frame's pixels) and resampled to size x size. Frames are
 * counted as they come from the start, so a variable frame rate takes every k-th frame all the same.
 */
export async function readClipFrames(
  video: OpenedVideo,
  range: ClipRange,
  crop: CropRect,
  size: number,
  signal?: AbortSignal,
): Promise<ClipFrames> {
  validateCrop(crop, video.info.width, video.info.height);
  const sink = new CanvasSink(video.track, { poolSize: 1 });
  const frames: Float32Array[] = [];
  const timestamps: number[] = [];
  const from = range.startSeconds - 0.5 / video.info.fps;
  await decoding(video, async () => {
    let index = 0;
    for await (const wrapped of sink.canvases(Math.max(from, video.info.firstTimestamp), range.endSeconds)) {
      if (signal?.aborted) break;
      if (wrapped.timestamp < from) continue;
      if (index++ % range.frameStep !== 0) continue;
      const pixels = context(wrapped).getImageData(crop.x, crop.y, crop.size, crop.size).data;
      frames.push(cropResample(pixels, crop.size, size));
      timestamps.push(wrapped.timestamp);
      if (frames.length === range.frames) break;
    }
  });
  if (!signal?.aborted && frames.length < 2) {
    throw new VideoInputError(
      'no-frames',
      `${quoteText(video.info.name)} gave ${frames.length} frame${frames.length === 1 ? '' : 's'} from ${range.startSeconds.toFixed(2)} s; a clip needs at least 2.`,
    );
  }
  return { frames, timestamps };
}

/**
 * The frames shown at each of `seconds` (in order), cropped and resampled like readClipFrames; null for a time
 * before the first frame or at or after the file's end (for exports that place the clip beside its fit).
 */
export async function readFramesAt(
  video: OpenedVideo,
  seconds: readonly number[],
  crop: CropRect,
  size: number,
): Promise<(Float32Array | null)[]> {
  validateCrop(crop, video.info.width, video.info.height);
  const { firstTimestamp, durationSeconds } = video.info;
  const inside = seconds.filter((s) => s >= firstTimestamp && s < durationSeconds);
  const sink = new CanvasSink(video.track, { poolSize: 1 });
  const decoded: Float32Array[] = [];
  await decoding(video, async () => {
    for await (const wrapped of sink.canvasesAtTimestamps(inside)) {
      if (!wrapped) throw new VideoInputError('corrupt', `${quoteText(video.info.name)} has a gap in its frames.`);
      decoded.push(
        cropResample(context(wrapped).getImageData(crop.x, crop.y, crop.size, crop.size).data, crop.size, size),
      );
    }
  });
  let next = 0;
  return seconds.map((s) => (s >= firstTimestamp && s < durationSeconds ? (decoded[next++] ?? null) : null));
}

/** A crop's RGBA pixels (size x size) as RGB floats resampled to outSize x outSize. */
function cropResample(pixels: Uint8ClampedArray, size: number, outSize: number): Float32Array {
  return resampleSquare(
    (row, into) => {
      for (let p = 0, i = row * size * 4, j = 0; p < size; p++, i += 4, j += 3) {
        into[j] = pixels[i]! / 255;
        into[j + 1] = pixels[i + 1]! / 255;
        into[j + 2] = pixels[i + 2]! / 255;
      }
    },
    size,
    outSize,
  );
}

/** A decoder failure midway (a damaged packet) becomes one line about the file. */
async function decoding<T>(video: OpenedVideo, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof VideoInputError) throw error;
    throw new VideoInputError(
      'corrupt',
      `${quoteText(video.info.name)} could not be decoded: its ${video.info.codec} video is damaged or this browser's decoder refused it.`,
    );
  }
}
