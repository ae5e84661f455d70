/**
 * Which generator frame goes where in an exported clip. Pure arithmetic, no browser APIs.
 *
 * Export frame i shows the generator at t = start + i * (trainingFps / fps) (t in training frames), so a
 * 120 fps export of a 25 fps model renders new in-between frames (true slow motion), never duplicates.
 */
export interface FramePlanOptions {
  /** First frame's t, in training frames (real-valued). */
  start: number;
  /** Clip length in seconds. */
  durationSeconds: number;
  /** Export frame rate (any positive value). */
  fps: number;
  /** The model's training frame rate (25 for the shipped sky64). */
  trainingFps: number;
}

export interface FramePlan extends FramePlanOptions {
  /** Number of frames: round(durationSeconds * fps). */
  count: number;
}

export const MIN_FPS = 1;
export const MAX_FPS = 240;
export const MAX_DURATION_SECONDS = 3600;

/** Checks the options and counts the frames; throws an Error that says what to change. */
export function planFrames(options: FramePlanOptions): FramePlan {
  const { start, durationSeconds, fps, trainingFps } = options;
  if (!Number.isFinite(start) || start < 0) throw new Error('Start must be a time t ≥ 0 (in training frames).');
  if (!Number.isFinite(fps) || fps < MIN_FPS || fps > MAX_FPS)
    throw new Error(`Frames per second must be between ${MIN_FPS} and ${MAX_FPS}.`);
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0 || durationSeconds > MAX_DURATION_SECONDS) {
    throw new Error(`Duration must be more than 0 and at most ${MAX_DURATION_SECONDS} seconds.`);
  }
  if (!Number.isFinite(trainingFps) || trainingFps <= 0) throw new Error('The model has no valid training frame rate.');
  const count = Math.round(durationSeconds * fps);
  if (count < 1) throw new Error(`${durationSeconds} s at ${fps} fps is less than one frame; make the clip longer.`);
  return { ...options, count };
}

/** t (training frames) of export frame i. */
export function frameTime(plan: FramePlanOptions, i: number): number {
  return plan.start + i * (plan.trainingFps / plan.fps);
}

/** Presentation timestamp of frame i in microseconds (integer, as WebCodecs wants). */
export function frameTimestampUs(plan: Pick<FramePlanOptions, 'fps'>, i: number): number {
  return Math.round((i * 1e6) / plan.fps);
}

/** Duration of frame i in microseconds, so consecutive frames tile the timeline without gaps. */
export function frameDurationUs(plan: Pick<FramePlanOptions, 'fps'>, i: number): number {
  return frameTimestampUs(plan, i + 1) - frameTimestampUs(plan, i);
}

/** Frame indices [first, first + size) clipped to the plan: the next batch to render. */
export function batchIndices(plan: FramePlan, first: number, size: number): number[] {
  const end = Math.min(plan.count, first + Math.max(1, Math.floor(size)));
  return Array.from({ length: Math.max(0, end - first) }, (_, k) => first + k);
}
