/** The official projector's schedule (src/scripts/project.py), as pure functions of the step. */
export interface ProjectionSchedule {
  /** Peak Adam learning rate. */
  initialLearningRate: number;
  /** Fraction of the run over which the learning rate ramps up from 0. */
  lrRampupLength: number;
  /** Fraction at the end of the run over which it ramps down (cosine) to 0. */
  lrRampdownLength: number;
  /** Gaussian noise on w at step 0, as a fraction of the spread of mapped ws. */
  initialNoiseFactor: number;
  /** Fraction of the run over which the noise decays (quadratically) to 0. */
  noiseRampLength: number;
}

export const OFFICIAL_SCHEDULE: ProjectionSchedule = {
  initialLearningRate: 0.1,
  lrRampupLength: 0.05,
  lrRampdownLength: 0.25,
  initialNoiseFactor: 0.05,
  noiseRampLength: 0.75,
};

/** Learning rate at `step` of `steps`: linear ramp up over the first 5%, cosine down over the last 25%. */
export function learningRate(step: number, steps: number, schedule: ProjectionSchedule = OFFICIAL_SCHEDULE): number {
  const t = step / steps;
  const down = Math.min(1, (1 - t) / schedule.lrRampdownLength);
  const cosine = 0.5 - 0.5 * Math.cos(down * Math.PI);
  const up = schedule.lrRampupLength > 0 ? Math.min(1, t / schedule.lrRampupLength) : 1;
  return schedule.initialLearningRate * cosine * up;
}

/** Standard deviation of the noise added to w at `step`: wStd * factor * max(0, 1 - t / ramp)^2. */
export function noiseScale(
  step: number,
  steps: number,
  wStd: number,
  schedule: ProjectionSchedule = OFFICIAL_SCHEDULE,
): number {
  const t = step / steps;
  return wStd * schedule.initialNoiseFactor * Math.max(0, 1 - t / schedule.noiseRampLength) ** 2;
}
