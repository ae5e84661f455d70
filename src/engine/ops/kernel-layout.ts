import * as tf from '@tensorflow/tfjs';

/**
 * Weight layouts rearranged in JavaScript at load time. Pure data movement (the same values, bit for bit,
 * as tf.transpose / tf.gather give), but the WASM backend's transpose and gather of large conv weights cost
 * ~0.7 s of a 256x256 model's load, and these loops a few tens of milliseconds.
 */

/** A conv kernel in JavaScript memory, [kh, kw, in, out] (tfjs's conv2d filter layout). */
export interface HostKernel {
  values: Float32Array;
  shape: [number, number, number, number];
}

const TRANSPOSE_BLOCK = 32;

/**
 * A conv weight [out, in, kh, kw] (PyTorch's layout) as [kh, kw, in, out]: tf.transpose(w, [2, 3, 1, 0]).
 * `hostValues`: the weight's own values where JavaScript holds them (no read back from the backend).
 */
export function oihwToHwio(weight: tf.Tensor4D, hostValues?: Float32Array): HostKernel {
  const [out, cin, kh, kw] = weight.shape;
  if (hostValues && hostValues.length !== weight.size)
    throw new RangeError(`kernel values: ${hostValues.length} for a weight of ${weight.size}`);
  const src = hostValues ?? (weight.dataSync() as Float32Array);
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
