/** Source taps and weights of each output sample along one axis. */
interface AxisTaps {
  first: Int32Array;
  weights: Float32Array[];
}

/**
 * Resampling weights from `length` source samples starting at `offset` to `outLength` outputs: area averages
 * when shrinking (each output is the mean of the source it covers, fractions included), bilinear with
 * half-pixel centres when enlarging.
 */
function axisTaps(offset: number, length: number, outLength: number): AxisTaps {
  const first = new Int32Array(outLength);
  const weights: Float32Array[] = [];
  const scale = length / outLength;
  for (let i = 0; i < outLength; i++) {
    if (scale >= 1) {
      const start = i * scale;
      const end = start + scale;
      const lo = Math.floor(start);
      const hi = Math.min(Math.ceil(end), length);
      const w = new Float32Array(hi - lo);
      for (let s = lo; s < hi; s++) w[s - lo] = (Math.min(end, s + 1) - Math.max(start, s)) / scale;
      first[i] = offset + lo;
      weights.push(w);
    } else {
      const centre = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), length - 1);
      const lo = Math.min(Math.floor(centre), Math.max(0, length - 2));
      const frac = length === 1 ? 0 : centre - lo;
      first[i] = offset + lo;
      weights.push(length === 1 ? Float32Array.of(1) : Float32Array.of(1 - frac, frac));
    }
  }
  return { first, weights };
}

/** Fills `into` with one source row's RGB floats: pixels [x, x + size) of picture row y + `row`. */
export type RowReader = (row: number, into: Float32Array) => void;

/**
 * The square [x, x + size) x [y, y + size) of a picture resampled to outSize x outSize, separably (rows
 * first, then columns). Rows are read one at a time, so memory is size x outSize, never the whole picture.
 */
export function resampleSquare(readRow: RowReader, size: number, outSize: number): Float32Array {
  const horizontal = axisTaps(0, size, outSize);
  const vertical = axisTaps(0, size, outSize);
  const source = new Float32Array(size * 3);
  // Pass 1: every source row the vertical pass needs, resampled horizontally.
  const rows = new Float32Array(size * outSize * 3);
  for (let r = 0; r < size; r++) {
    readRow(r, source);
    for (let i = 0; i < outSize; i++) {
      const w = horizontal.weights[i]!;
      let base = horizontal.first[i]! * 3;
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let k = 0; k < w.length; k++, base += 3) {
        red += w[k]! * source[base]!;
        green += w[k]! * source[base + 1]!;
        blue += w[k]! * source[base + 2]!;
      }
      const out = (r * outSize + i) * 3;
      rows[out] = red;
      rows[out + 1] = green;
      rows[out + 2] = blue;
    }
  }
  const out = new Float32Array(outSize * outSize * 3);
  for (let j = 0; j < outSize; j++) {
    const w = vertical.weights[j]!;
    const firstRow = vertical.first[j]!;
    for (let i = 0; i < outSize * 3; i++) {
      let sum = 0;
      for (let k = 0; k < w.length; k++) sum += w[k]! * rows[(firstRow + k) * outSize * 3 + i]!;
      out[j * outSize * 3 + i] = sum;
    }
  }
  return out;
}
