import type { LayerGroup, LayerRange } from '../studio/state/video-state';

/**
 * Which ws indices a layer group owns. `layerWIndices` maps 'b{res}.conv0|conv1|torgb' to the w index the
 * layer reads (the engine's SynthesisNetwork.layerWIndices). Coarse = 4-8 px blocks, middle = 16-32 px,
 * fine = 64 px and up (the usual StyleGAN split). A block's ToRGB reads the same w as the next block's
 * conv0, so each w belongs to the highest-resolution layer that reads it: the groups never overlap.
 */
export function wsIndicesForGroup(group: LayerGroup, layerWIndices: ReadonlyMap<string, number>, numWs: number): number[] {
  if (group === 'all') return Array.from({ length: numWs }, (_, i) => i);
  const owner = new Map<number, number>();
  for (const [layer, index] of layerWIndices) {
    const resolution = Number(/^b(\d+)\./.exec(layer)?.[1]);
    owner.set(index, Math.max(owner.get(index) ?? 0, resolution));
  }
  const groupOf = (resolution: number): LayerGroup => (resolution <= 8 ? 'coarse' : resolution <= 32 ? 'middle' : 'fine');
  return [...owner].filter(([, resolution]) => groupOf(resolution) === group).map(([index]) => index).sort((a, b) => a - b);
}

export function wsIndicesForRange(range: LayerRange, layerWIndices: ReadonlyMap<string, number>, numWs: number): number[] {
  if (range.group !== 'explicit') return wsIndicesForGroup(range.group, layerWIndices, numWs);
  const first = Math.max(0, Math.min(range.first, numWs - 1));
  const last = Math.max(first, Math.min(range.last, numWs - 1));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

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
