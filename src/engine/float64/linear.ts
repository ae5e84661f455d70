/**
 * Dense float64 arithmetic on the CPU for the motion path (trajectory codes and time embeddings). The sinusoid
 * arguments grow with t, so a float32 rounding error in a trajectory code is multiplied by up to 2^24 before
 * the sine: these few small products run in float64 and only the embeddings are rounded to float32.
 */

/** A row-major matrix [rows, cols] in float64. */
export interface Matrix64 {
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function matrix64(values: ArrayLike<number>, rows: number, cols: number, scale = 1): Matrix64 {
  if (values.length !== rows * cols) throw new RangeError(`matrix of ${values.length} values is not ${rows} x ${cols}`);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = values[i]! * scale;
  return { values: out, rows, cols };
}

/** Dot product of `length` values of `a` from `aOffset` and of `b` from `bOffset`. */
export function dot(
  a: Float64Array | Float32Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  length: number,
): number {
  // Four accumulators: independent dependency chains run about twice as fast in V8 and round no worse.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += a[aOffset + i]! * b[bOffset + i]!;
    s1 += a[aOffset + i + 1]! * b[bOffset + i + 1]!;
    s2 += a[aOffset + i + 2]! * b[bOffset + i + 2]!;
    s3 += a[aOffset + i + 3]! * b[bOffset + i + 3]!;
  }
  for (; i < length; i++) s0 += a[aOffset + i]! * b[bOffset + i]!;
  return s0 + s1 + s2 + s3;
}

/** y = M x for x stored at `xOffset` of `x`; returns a new vector of M.rows values. */
export function multiply(m: Matrix64, x: Float64Array, xOffset = 0): Float64Array {
  const y = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) y[r] = dot(m.values, r * m.cols, x, xOffset, m.cols);
  return y;
}
