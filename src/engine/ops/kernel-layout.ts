import * as tf from '@tensorflow/tfjs';

/**
 * Weight layouts rearranged, and the weight energy computed, in JavaScript from the stored values: the same values,
 * bit for bit, as tf.transpose / tf.gather / tf.sum on WASM give, but the WASM backend's transpose and gather of
 * large conv weights cost ~0.7 s of a 256x256 model's load, and the stored layout need never be uploaded.
 */

/** A conv kernel in JavaScript memory, [kh, kw, in, out] (tfjs's conv2d filter layout). */
export interface HostKernel {
  values: Float32Array;
  shape: [number, number, number, number];
}

const TRANSPOSE_BLOCK = 32;

/** A conv weight as stored: [out, in, kh, kw] (PyTorch's layout), its values in JavaScript memory. */
export interface HostConvWeight {
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

function convShape(weight: HostConvWeight): [number, number, number, number] {
  const [out, cin, kh, kw] = weight.shape as [number, number, number, number];
  if (weight.shape.length !== 4 || weight.values.length !== out * cin * kh * kw)
    throw new RangeError(`kernel values: ${weight.values.length} for a weight of shape [${weight.shape}]`);
  return [out, cin, kh, kw];
}

/** A conv weight [out, in, kh, kw] as [kh, kw, in, out]: tf.transpose(w, [2, 3, 1, 0]). */
export function oihwToHwio(weight: HostConvWeight): HostKernel {
  const [out, cin, kh, kw] = convShape(weight);
  const src = weight.values;
  const values = new Float32Array(src.length);
  const taps = kh * kw;
  // Blocks of outputs, so the source rows a block reads stay in cache across its taps and inputs (~3x faster).
  for (let o0 = 0; o0 < out; o0 += TRANSPOSE_BLOCK) {
    const o1 = Math.min(out, o0 + TRANSPOSE_BLOCK);
    for (let i = 0; i < cin; i++) {
      for (let t = 0; t < taps; t++) {
        const to = (t * cin + i) * out;
        for (let o = o0; o < o1; o++) values[to + o] = src[(o * cin + i) * taps + t]!;
      }
    }
  }
  return { values, shape: [kh, kw, cin, out] };
}

/**
 * The sum of squared weights over each kernel window, [in, out]: tf.sum(tf.square(w), [2, 3]).transpose() as the
 * WASM backend computes it (float32 squares added in order), with no upload of the weight.
 */
export function weightEnergy(weight: HostConvWeight): Float32Array {
  const [out, cin, kh, kw] = convShape(weight);
  const src = weight.values;
  const taps = kh * kw;
  const energy = new Float32Array(cin * out);
  for (let o = 0; o < out; o++) {
    for (let i = 0; i < cin; i++) {
      const from = (o * cin + i) * taps;
      let sum = 0;
      for (let t = 0; t < taps; t++) {
        const v = src[from + t]!;
        sum = Math.fround(sum + Math.fround(v * v));
      }
      energy[i * out + o] = sum;
    }
  }
  return energy;
}

/** The taps `rows` x `cols` (in that order) of a kernel: tf.gather along axes 0 and 1. */
export function pickTaps(kernel: HostKernel, rows: readonly number[], cols: readonly number[]): tf.Tensor4D {
  const [kh, kw, cin, out] = kernel.shape;
  for (const r of rows) if (!(r >= 0 && r < kh)) throw new RangeError(`tap row ${r} outside 0..${kh - 1}`);
  for (const c of cols) if (!(c >= 0 && c < kw)) throw new RangeError(`tap column ${c} outside 0..${kw - 1}`);
  const block = cin * out;
  const picked = new Float32Array(rows.length * cols.length * block);
  let at = 0;
  for (const r of rows) {
    for (const c of cols) {
      const from = (r * kw + c) * block;
      picked.set(kernel.values.subarray(from, from + block), at);
      at += block;
    }
  }
  return tf.tensor4d(picked, [rows.length, cols.length, cin, out]);
}
