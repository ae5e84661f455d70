/**
 * The arithmetic of the chosen range: which of the file's frames are fitted (from the first at or after the
 * start, every k-th, up to the count asked), where decoding stops, and the generator time between them.
 */
import { VideoInputError } from './errors';
import { MAX_CLIP_FRAMES, MIN_CLIP_FRAMES } from './limits';

export interface ClipTiming {
  /** Frames per second of the file (its best guess for variable-rate files). */
  fps: number;
  /** Presentation time of its first frame, and of the end of its last (seconds). */
  firstTimestamp: number;
  durationSeconds: number;
}

export interface RangeRequest {
  startSeconds: number;
  frames: number;
  /** Every k-th frame of the file (1: every frame). */
  frameStep: number;
}

export interface ClipRange {
  /** The file's frame number (from 0) of the first frame taken, and its time. */
  firstFrame: number;
  startSeconds: number;
  /** Frames taken: the count asked for, or fewer when the file ends first. */
  frames: number;
  frameStep: number;
  /** Decoding reads frames with timestamps in [startSeconds - half a frame, endSeconds). */
  endSeconds: number;
  /** Seconds of the file from the first frame taken to the last. */
  spanSeconds: number;
  /** Frames the file holds from the start at this step (frames is at most this). */
  available: number;
}

/** Frames in the file: its length over one frame's duration. */
export function fileFrames(timing: ClipTiming): number {
  return Math.max(0, Math.round((timing.durationSeconds - timing.firstTimestamp) * timing.fps));
}

/** Generator time between fitted frames: the model's training frames per file frame, times the step. */
export function clipTStep(trainingFps: number, sourceFps: number, frameStep: number): number {
  return (trainingFps / sourceFps) * frameStep;
}

/** The range a request picks, or one line saying why it picks fewer than two frames. */
export function clipRange(timing: ClipTiming, request: RangeRequest): ClipRange {
  const { fps, firstTimestamp } = timing;
  const step = Math.max(1, Math.round(request.frameStep));
  const total = fileFrames(timing);
  // Tolerance of a thousandth of a frame: a start typed as 0.3 s means the frame at 0.3 s.
  const firstFrame = Math.max(0, Math.ceil((request.startSeconds - firstTimestamp) * fps - 1e-3));
  const available = firstFrame < total ? Math.floor((total - 1 - firstFrame) / step) + 1 : 0;
  const frames = Math.min(Math.max(MIN_CLIP_FRAMES, Math.round(request.frames)), MAX_CLIP_FRAMES, available);
  if (available < MIN_CLIP_FRAMES) {
    const from = `From ${request.startSeconds.toFixed(2)} s`;
    const holds = available === 0 ? 'the clip holds no frame' : 'the clip holds 1 frame';
    const at = step > 1 ? ` taking every ${ordinal(step)} frame` : '';
    throw new VideoInputError(
      'bad-range',
      `${from} ${holds}${at} (it is ${timing.durationSeconds.toFixed(2)} s long); choose an earlier start or a smaller step.`,
    );
  }
  const time = (n: number) => firstTimestamp + n / fps;
  const last = firstFrame + (frames - 1) * step;
  return {
    firstFrame,
    startSeconds: time(firstFrame),
    frames,
    frameStep: step,
    endSeconds: time(last) + 0.5 / fps,
    spanSeconds: time(last) - time(firstFrame),
    available,
  };
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * The file time shown at generator time t, for a clip fitted from `startSeconds` (frame k at t = k x tStep and
 * at start + k x step / fps in the file, so t / trainingFps seconds after the start).
 */
export function clipSecondsAt(t: number, startSeconds: number, trainingFps: number): number {
  return startSeconds + t / trainingFps;
}
