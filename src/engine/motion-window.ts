/**
 * Which motion noise a frame reads (tfjs-free, so the CLI's main thread can check a motion_z file before
 * anything renders): the frame at t needs the trajectory codes u[k] and u[k + 1], k = floor(t / d), and
 * u[k] is the motion encoder's output over motion_z rows k .. k + receptiveField - 1.
 */
import type { MotionConfig } from '../model';

/** Rows of motion_z one code u[k] depends on: each conv1d layer of kernel K widens the window by K - 1. */
export function motionReceptiveField(motion: Pick<MotionConfig, 'numConvLayers' | 'kernelSize'>): number {
  return motion.numConvLayers * (motion.kernelSize - 1) + 1;
}

/** The left anchor's code index of time t, as the official float32 arithmetic computes it. */
export function leftCodeIndex(t: number, distance: number): number {
  return Math.floor(Math.fround(Math.fround(t) / distance));
}

/** How many motion_z rows a video needs to render every time in `times`. */
export function motionZRowsNeeded(
  times: readonly number[],
  motion: Pick<MotionConfig, 'numConvLayers' | 'kernelSize' | 'motionZDistance'>,
): number {
  let last = 0;
  for (const t of times) last = Math.max(last, leftCodeIndex(t, motion.motionZDistance));
  // Codes last and last + 1; the second one reads rows last + 1 .. last + receptiveField.
  return last + 1 + motionReceptiveField(motion);
}
