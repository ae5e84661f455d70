import { MAX_DURATION_SECONDS, MAX_FPS, MIN_FPS } from '../export';

/** A clip: `duration` seconds at `fps` frames a second (the export's limits: 1..240 fps, at most an hour). */
export interface Clip {
  duration: number;
  fps: number;
}

export { MAX_DURATION_SECONDS, MAX_FPS, MIN_FPS };

/** N = round(D × F) frames. */
export function frameCount(clip: Clip): number {
  return Math.round(clip.duration * clip.fps);
}

/** Clip time τ of frame i: i / F seconds. */
export function clipTime(clip: Clip, i: number): number {
  return i / clip.fps;
}
