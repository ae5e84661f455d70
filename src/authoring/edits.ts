/** Latent edits: principal directions added to chosen ws, and style mixing from another w. */
export interface Direction {
  /** Unit vector [wDim]. */
  vector: Float32Array;
  /** Standard deviation of w along it; slider values are in these units. */
  sigma: number;
}

/**
 * ws [numWs * wDim] edited: each direction i adds `coefficients[i] * sigma_i * vector_i` to the ws in its
 * range; then ws in `mix.indices` are replaced by `mix.ws` (style mixing). Returns a new array.
 */
export function applyEdits(
  ws: Float32Array,
  wDim: number,
  directions: readonly Direction[],
  coefficients: readonly number[],
  rangeIndices: readonly (readonly number[])[],
  mix?: { ws: Float32Array; indices: readonly number[] },
): Float32Array {
  const out = new Float32Array(ws);
  if (mix) for (const i of mix.indices) out.set(mix.ws.subarray(i * wDim, (i + 1) * wDim), i * wDim);
  directions.forEach((direction, d) => {
    const amount = (coefficients[d] ?? 0) * direction.sigma;
    if (amount === 0) return;
    for (const i of rangeIndices[d] ?? []) {
      for (let j = 0; j < wDim; j++) out[i * wDim + j]! += amount * direction.vector[j]!;
    }
  });
  return out;
}
