/**
 * Time remapping (as After Effects' Time Remap): the Time track maps clip time τ (seconds) to generator time
 * t (training frames). Without a Time track t = τ × the model's training fps.
 */
import { type Keyframe, slopeAt, valueAt } from './keyframes';

/** A Time keyframe: generator time `t` (training frames) at clip time `at`. */
export interface TimeKey extends Keyframe {
  t: number;
}

const tOf = (key: TimeKey) => key.t;

/** t(τ), rounded once to float32 (as the CLI's `--t` values are). */
export function generatorTime(time: readonly TimeKey[] | undefined, tau: number, trainingFps: number): number {
  return Math.fround(time && time.length > 0 ? valueAt(time, tau, tOf) : tau * trainingFps);
}

/** dt/dτ at τ in training frames per clip second (trainingFps: time runs straight; 0: frozen; below 0: reversed). */
export function timeSpeed(time: readonly TimeKey[] | undefined, tau: number, trainingFps: number): number {
  return time && time.length > 0 ? slopeAt(time, tau, tOf) : trainingFps;
}

/** `samples` + 1 points (τ, dt/dτ) from 0 to `duration`: the speed graph under the Time track. */
export function speedCurve(
  time: readonly TimeKey[] | undefined,
  duration: number,
  trainingFps: number,
  samples = 100,
): { tau: number; speed: number }[] {
  return Array.from({ length: samples + 1 }, (_, i) => {
    const tau = (i / samples) * duration;
    return { tau, speed: timeSpeed(time, tau, trainingFps) };
  });
}
