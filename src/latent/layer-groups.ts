/** Layer groups of the synthesis network: which ws a coarse / middle / fine / explicit range of layers owns. */
export type LayerGroup = 'coarse' | 'middle' | 'fine' | 'all';

export interface LayerRange {
  group: LayerGroup | 'explicit';
  /** Inclusive ws indices, used when group is 'explicit'. */
  first: number;
  last: number;
}

/**
 * Which ws indices a layer group owns. `layerWIndices` maps 'b{res}.conv0|conv1|torgb' to the w index the
 * layer reads (the engine's Generator.layerWIndices). Coarse = 4-8 px blocks, middle = 16-32 px,
 * fine = 64 px and up (the usual StyleGAN split). A block's ToRGB reads the same w as the next block's
 * conv0, so each w belongs to the highest-resolution layer that reads it: the groups never overlap.
 */
export function wsIndicesForGroup(
  group: LayerGroup,
  layerWIndices: ReadonlyMap<string, number>,
  numWs: number,
): number[] {
  if (group === 'all') return Array.from({ length: numWs }, (_, i) => i);
  const owner = new Map<number, number>();
  for (const [layer, index] of layerWIndices) {
    const resolution = Number(/^b(\d+)\./.exec(layer)?.[1]);
    owner.set(index, Math.max(owner.get(index) ?? 0, resolution));
  }
  const groupOf = (resolution: number): LayerGroup =>
    resolution <= 8 ? 'coarse' : resolution <= 32 ? 'middle' : 'fine';
  return [...owner]
    .filter(([, resolution]) => groupOf(resolution) === group)
    .map(([index]) => index)
    .sort((a, b) => a - b);
}

export function wsIndicesForRange(
  range: LayerRange,
  layerWIndices: ReadonlyMap<string, number>,
  numWs: number,
): number[] {
  if (range.group !== 'explicit') return wsIndicesForGroup(range.group, layerWIndices, numWs);
  const first = Math.max(0, Math.min(range.first, numWs - 1));
  const last = Math.max(first, Math.min(range.last, numWs - 1));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
