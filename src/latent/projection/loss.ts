import * as tf from '@tensorflow/tfjs';

/** Coarsest level of the multi-scale term: halvings stop before the image gets smaller than this. */
const MIN_LEVEL_SIZE = 8;

/** 2x2 average pooling as reshape + mean: its gradient exists on every tfjs backend (WebGPU has no AvgPoolGrad). */
function halve(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.tidy(() => tf.mean(x.reshape([n, h / 2, 2, w / 2, 2, c]), [2, 4]) as tf.Tensor4D);
}

/** The image and its successive 2x2 averages, down to MIN_LEVEL_SIZE pixels. */
export function pyramid(x: tf.Tensor4D): tf.Tensor4D[] {
  const levels = [x];
  for (let level = x; level.shape[1] % 2 === 0 && level.shape[2] % 2 === 0 && level.shape[1] / 2 >= MIN_LEVEL_SIZE; ) {
    level = halve(level);
    levels.push(level);
  }
  return levels;
}

/**
 * Reconstruction loss that needs no download: the mean squared error of the image in generator units, plus
 * the same on each level of a 2x2-average pyramid. The coarse levels weigh colour and layout more than pixel
 * detail, which is what a projection has to get right first. `targetPyramid` comes from pyramid(target).
 */
export function reconstructionLoss(image: tf.Tensor4D, targetPyramid: readonly tf.Tensor4D[]): tf.Scalar {
  return tf.tidy(() => {
    const levels = pyramid(image);
    if (levels.length !== targetPyramid.length) throw new Error('image and target pyramids differ in depth');
    return tf.addN(levels.map((level, i) => tf.mean(tf.squaredDifference(level, targetPyramid[i]!)))) as tf.Scalar;
  });
}

/** Mean squared error of the image as displayed (clamped to [0, 1]) against the target in [0, 1]. */
export function displayedMse(image: tf.Tensor4D, target01: tf.Tensor4D): tf.Scalar {
  return tf.tidy(
    () => tf.mean(tf.squaredDifference(tf.clipByValue(tf.add(tf.mul(image, 0.5), 0.5), 0, 1), target01)) as tf.Scalar,
  );
}

/** PSNR in dB for a mean squared error of values in [0, 1] (peak 1). */
export function psnrFromMse(mse: number): number {
  return mse > 0 ? -10 * Math.log10(mse) : Infinity;
}
