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

/** The resolutions (px) of the layers that read each ws index, from 'b{res}.…' layer names. */
export function wsResolutions(layerWIndices: ReadonlyMap<string, number>): Map<number, number[]> {
  const byIndex = new Map<number, number[]>();
  for (const [layer, index] of layerWIndices) {
    const resolution = Number(/^b(\d+)\./.exec(layer)?.[1]);
    if (!Number.isFinite(resolution)) continue;
    const list = byIndex.get(index) ?? [];
    if (!list.includes(resolution)) list.push(resolution);
    byIndex.set(
      index,
      list.sort((a, b) => a - b),
    );
  }
  return byIndex;
}

/**
 * What a layer range edits, for a label: its ws indices and the resolutions of the layers reading them,
 * "ws 0–2 (4–8 px)" (one index: "ws 5 (32–64 px)").
 */
export function layerRangeLabel(range: LayerRange, layerWIndices: ReadonlyMap<string, number>, numWs: number): string {
  const indices = wsIndicesForRange(range, layerWIndices, numWs);
  if (indices.length === 0) return 'no ws';
  const first = indices[0]!;
  const last = indices[indices.length - 1]!;
  const ws = first === last ? `ws ${first}` : `ws ${first}–${last}`;
  const resolutions = wsResolutions(layerWIndices);
  const px = indices.flatMap((i) => resolutions.get(i) ?? []);
  if (px.length === 0) return ws;
  const low = Math.min(...px);
  const high = Math.max(...px);
  return `${ws} (${low === high ? low : `${low}–${high}`} px)`;
}
