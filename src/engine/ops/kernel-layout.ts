import * as tf from '@tensorflow/tfjs';

/**
 * Weight layouts rearranged in JavaScript at load time. Pure data movement (the same values, bit for bit,
 * as tf.transpose / tf.gather give), but the WASM backend's transpose and gather of large conv weights cost
 * ~0.7 s of a 256x256 model's load, and these loops a few tens of milliseconds.
 */

/** A conv weight [out, in, kh, kw] (PyTorch's layout) as [kh, kw, in, out] (tfjs's conv2d filter). */
export function oihwToHwio(weight: tf.Tensor4D): tf.Tensor4D {
  const [out, cin, kh, kw] = weight.shape;
  const src = weight.dataSync() as Float32Array;
  const dst = new Float32Array(src.length);
  const taps = kh * kw;
  for (let o = 0; o < out; o++) {
    for (let i = 0; i < cin; i++) {
      const from = (o * cin + i) * taps;
      for (let t = 0; t < taps; t++) dst[(t * cin + i) * out + o] = src[from + t]!;
    }
  }
  return tf.tensor4d(dst, [kh, kw, cin, out]);
}

/** The taps `rows` x `cols` (in that order) of a kernel [kh, kw, in, out]: tf.gather along axes 0 and 1. */
export function pickTaps(kernel: tf.Tensor4D, rows: readonly number[], cols: readonly number[]): tf.Tensor4D {
  const [kh, kw, cin, out] = kernel.shape;
  for (const r of rows) if (!(r >= 0 && r < kh)) throw new RangeError(`tap row ${r} outside 0..${kh - 1}`);
  for (const c of cols) if (!(c >= 0 && c < kw)) throw new RangeError(`tap column ${c} outside 0..${kw - 1}`);
  const src = kernel.dataSync() as Float32Array;
  const block = cin * out;
  const dst = new Float32Array(rows.length * cols.length * block);
  let at = 0;
  for (const r of rows) {
    for (const c of cols) {
      const from = (r * kw + c) * block;
      dst.set(src.subarray(from, from + block), at);
      at += block;
    }
  }
  return tf.tensor4d(dst, [rows.length, cols.length, cin, out]);
}
