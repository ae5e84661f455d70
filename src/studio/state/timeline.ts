/** Timeline arithmetic: time t is in training frames; playback shows `playbackFps` frames per second. */
import { formatSeconds, roundTo, VALUES } from './values';

export { formatSeconds };

/** Training frames that pass per displayed frame: slow motion (speed < 1) renders real in-between frames. */
export function framesPerTick(trainingFps: number, speed: number, playbackFps: number): number {
  return (trainingFps * speed) / playbackFps;
}

export function wrapIntoLoop(t: number, loopStart: number, loopEnd: number): number {
  const span = loopEnd - loopStart;
  if (span <= 0) return Math.max(loopStart, t);
  if (t < loopStart) return loopStart;
  return loopStart + ((t - loopStart) % span);
}

/** The times of `count` thumbnails spread evenly across [start, end]. */
export function filmstripTimes(start: number, end: number, count: number): number[] {
  if (count <= 1) return [start];
  return Array.from({ length: count }, (_, i) => start + ((end - start) * i) / (count - 1));
}

export interface PlaybackSteps {
  trainingFps: number;
  speed: number;
  playbackFps: number;
  loopStart: number;
  loopEnd: number;
}

/**
 * The t one displayed frame after `t`, wrapped into the loop and on t's grid (so sums of steps stay short
 * numbers in links: 97.25, not 97.25000000000094). Playback and the frame cache's look-ahead both step with
 * this, so the times they compute are the same numbers (cache keys match exactly).
 */
export function nextPlaybackTime(t: number, o: PlaybackSteps): number {
  const next = wrapIntoLoop(t + framesPerTick(o.trainingFps, o.speed, o.playbackFps), o.loopStart, o.loopEnd);
  return Math.min(o.loopEnd, roundTo(VALUES.t, next));
}

/** The next `count` playback times after `t` (not including t). */
export function playbackSequence(t: number, count: number, o: PlaybackSteps): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    t = nextPlaybackTime(t, o);
    times.push(t);
  }
  return times;
}

/** Displayed frames in one pass of the loop. */
export function framesPerLoop(o: PlaybackSteps): number {
  return Math.max(1, Math.ceil((o.loopEnd - o.loopStart) / framesPerTick(o.trainingFps, o.speed, o.playbackFps)));
}
