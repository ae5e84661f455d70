import * as tf from '@tensorflow/tfjs';
import { type Generator, motionCodes, motionZRowsNeeded } from '../../engine';

type ModelArchitecture = Generator['arch'];

type MotionConfig = ModelArchitecture['motion'];

/**
 * How fitted motion codes are held toward their prior N(0, I), as the official projector's
 * `--motion_reg_type` options: 'dist' (mean^2 + (var - 1)^2 over all fitted values, the official formula),
 * 'norm' (the mean norm of the rows, official; it pulls the codes toward 0) or 'none'.
 */
export type MotionRegularization = 'dist' | 'norm' | 'none';

/** The prior term for motion noise rows [R, zDim]. */
export function motionPriorLoss(motionZ: tf.Tensor2D, type: MotionRegularization): tf.Scalar {
  return tf.tidy(() => {
    if (type === 'none') return tf.scalar(0);
    if (type === 'norm') return tf.mean(tf.norm(motionZ, 'euclidean', 1)) as tf.Scalar;
    const { mean, variance } = tf.moments(motionZ);
    return tf.add(tf.square(mean), tf.square(tf.sub(variance, 1))) as tf.Scalar;
  });
}

/** The motion noise rows a clip's times depend on: rows 0 .. n - 1 (the rest of the timeline does not see them). */
export function clipMotionRows(times: readonly number[], motion: MotionConfig): number {
  return motionZRowsNeeded(times, motion);
}

/**
 * The latest t a projected video's motion file covers: at least 4x the clip's last time (3 spans past its
 * end) and the model's max_num_frames.
 */
export function motionFileReach(clipTimes: readonly number[], arch: Pick<ModelArchitecture, 'maxNumFrames'>): number {
  const last = clipTimes.reduce((a, b) => Math.max(a, b), 0);
  return Math.max(4 * last, arch.maxNumFrames);
}

/** Rows of a projected video's motion file: enough for every t up to motionFileReach. */
export function motionFileRows(clipTimes: readonly number[], arch: ModelArchitecture): number {
  return Math.max(
    motionZRowsNeeded([motionFileReach(clipTimes, arch)], arch.motion),
    clipMotionRows(clipTimes, arch.motion),
  );
}

/**
 * The motion_z a projected video plays from, row-major [rows, zDim] as `render --motion-z` reads it: the
 * fitted rows first, then the starting motion seed's own rows after them (code k of the seed at row k), so
 * the video continues past the clip with the seed's motion.
 */
export function motionFile(fitted: Float32Array, motionSeed: number, rows: number, zDim: number): Float32Array {
  const fittedRows = fitted.length / zDim;
  if (!Number.isInteger(fittedRows)) throw new RangeError(`fitted motion codes are not whole rows of ${zDim}`);
  if (rows < fittedRows) throw new RangeError(`a motion file of ${rows} rows cannot hold ${fittedRows} fitted rows`);
  const out = new Float32Array(rows * zDim);
  out.set(fitted);
  out.set(motionCodes(motionSeed, fittedRows, rows - fittedRows, zDim), fitted.length);
  return out;
}
