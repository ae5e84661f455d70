import * as tf from '@tensorflow/tfjs';

/**
 * Adam (betas 0.9 / 0.999, eps 1e-8, bias-corrected) over one tensor, with the learning rate given per step:
 * the schedule changes it every step, and owning the moments keeps disposal explicit.
 */
export class Adam {
  private m: tf.Tensor | null = null;
  private v: tf.Tensor | null = null;
  private t = 0;

  constructor(
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {}

  /** The parameter after one step; the caller owns it (and still owns `param`). */
  step(param: tf.Tensor, grad: tf.Tensor, learningRate: number): tf.Tensor {
    this.t++;
    const { beta1, beta2, epsilon, t } = this;
    const previousM = this.m;
    const previousV = this.v;
    const [m, v, next] = tf.tidy(() => {
      const m = previousM ? tf.add(tf.mul(previousM, beta1), tf.mul(grad, 1 - beta1)) : tf.mul(grad, 1 - beta1);
      const v = previousV
        ? tf.add(tf.mul(previousV, beta2), tf.mul(tf.square(grad), 1 - beta2))
        : tf.mul(tf.square(grad), 1 - beta2);
      const mHat = tf.div(m, 1 - beta1 ** t);
      const vHat = tf.div(v, 1 - beta2 ** t);
      const next = tf.sub(param, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), learningRate));
      return [m, v, next];
    });
    previousM?.dispose();
    previousV?.dispose();
    this.m = m;
    this.v = v;
    return next;
  }

  dispose(): void {
    this.m?.dispose();
    this.v?.dispose();
    this.m = null;
    this.v = null;
  }
}
