import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../node-backend';
import { type HostKernel, oihwToHwio, pickTaps, weightEnergy } from './kernel-layout';

const bits = (t: tf.Tensor) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer);

/** Values whose bit patterns all differ, including a negative zero, a subnormal, NaN and infinities. */
function distinctTensor(shape: [number, number, number, number]): tf.Tensor4D {
  const values = Float32Array.from(
    { length: shape.reduce((a, b) => a * b) },
    (_, i) => (i % 7 === 3 ? -1 : 1) * i * 0.37,
  );
  values[0] = -0;
  values[1] = 1e-40;
  values[2] = Number.NaN;
  values[4] = Number.POSITIVE_INFINITY;
  values[5] = Number.NEGATIVE_INFINITY;
  return tf.tensor4d(values, shape);
}

const onHost = (t: tf.Tensor4D): HostKernel => ({ values: t.dataSync() as Float32Array, shape: t.shape });

describe('conv kernel layouts rearranged in JavaScript', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it.each([[[5, 3, 3, 3]], [[4, 6, 1, 1]], [[2, 7, 3, 2]], [[70, 3, 3, 3]]] as [[number, number, number, number]][])(
    '[out, in, kh, kw] %j -> [kh, kw, in, out] bit for bit as tf.transpose',
    (shape) => {
      const weight = distinctTensor(shape);
      const before = tf.memory().numTensors;
      const host = oihwToHwio(onHost(weight));
      const mine = tf.tensor4d(host.values, host.shape);
      const reference = tf.transpose(weight, [2, 3, 1, 0]);
      expect(mine.shape).toEqual(reference.shape);
      expect(bits(mine)).toEqual(bits(reference));
      expect(tf.memory().numTensors).toBe(before + 2);
      tf.dispose([weight, mine, reference]);
    },
  );

  it('refuses values that do not fill the shape', () => {
    const weight = distinctTensor([70, 3, 3, 3]);
    const values = (weight.dataSync() as Float32Array).slice();
    expect(() => oihwToHwio({ values: values.subarray(1), shape: weight.shape })).toThrow(/kernel values/);
    expect(() => weightEnergy({ values, shape: [70, 3, 9] })).toThrow(/kernel values/);
    weight.dispose();
  });

  it.each([[[5, 3, 3, 3]], [[4, 6, 1, 1]], [[33, 17, 3, 3]], [[2, 7, 3, 2]]] as [[number, number, number, number]][])(
    'weight energy of %j: the bits of tf.sum(tf.square(w), [2, 3]).transpose() on WASM',
    (shape) => {
      // Values of every magnitude, so float32 rounding of the squares and of the sums matters.
      const count = shape.reduce((a, b) => a * b);
      const values = Float32Array.from({ length: count }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 9) - 4));
      values[3] = Number.NaN;
      values[7] = 3e19; // its square overflows float32
      const weight = tf.tensor4d(values, shape);
      const reference = tf.tidy(() => tf.sum(tf.square(weight), [2, 3]).transpose());
      const mine = tf.tensor2d(weightEnergy({ values, shape }), [shape[1], shape[0]]);
      expect(bits(mine)).toEqual(bits(reference));
      tf.dispose([weight, reference, mine]);
    },
  );

  it.each([
    [
      [2, 0],
      [2, 0],
    ],
    [[2, 0], [1]],
    [[1], [2, 0]],
    [[1], [1]],
    [
      [0, 1, 2],
      [2, 1, 0],
    ],
  ])('picks taps rows %j x columns %j as tf.gather does', (rows, cols) => {
    const kernel = distinctTensor([3, 3, 4, 5]);
    const mine = pickTaps(onHost(kernel), rows, cols);
    const reference = tf.gather(tf.gather(kernel, rows, 0), cols, 1);
    expect(mine.shape).toEqual(reference.shape);
    expect(bits(mine)).toEqual(bits(reference));
    tf.dispose([kernel, mine, reference]);
  });

  it('refuses a tap outside the kernel', () => {
    const kernel = distinctTensor([3, 3, 1, 1]);
    expect(() => pickTaps(onHost(kernel), [3], [0])).toThrow(/tap row 3 outside 0..2/);
    expect(() => pickTaps(onHost(kernel), [0], [-1])).toThrow(/tap column -1 outside 0..2/);
    kernel.dispose();
  });
});
