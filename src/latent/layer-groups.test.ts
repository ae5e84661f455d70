import { describe, expect, it } from 'vitest';
import { layerRangeLabel, wsResolutions } from './layer-groups';

// The layers of a 64 px StyleGAN-V synthesis network and the w each reads (ToRGB shares the next conv0's w).
const layers = new Map<string, number>([
  ['b4.conv1', 0],
  ['b4.torgb', 1],
  ['b8.conv0', 1],
  ['b8.conv1', 2],
  ['b8.torgb', 3],
  ['b16.conv0', 3],
  ['b16.conv1', 4],
  ['b16.torgb', 5],
  ['b32.conv0', 5],
  ['b32.conv1', 6],
  ['b32.torgb', 7],
  ['b64.conv0', 7],
  ['b64.conv1', 8],
  ['b64.torgb', 9],
]);

describe('layer range labels', () => {
  it('list the resolutions of the layers reading each w', () => {
    const r = wsResolutions(layers);
    expect(r.get(0)).toEqual([4]);
    expect(r.get(3)).toEqual([8, 16]);
    expect(r.get(9)).toEqual([64]);
  });

  it('name the ws and the pixel sizes a group or an explicit range edits', () => {
    expect(layerRangeLabel({ group: 'coarse', first: 0, last: 0 }, layers, 10)).toBe('ws 0–2 (4–8 px)');
    expect(layerRangeLabel({ group: 'middle', first: 0, last: 0 }, layers, 10)).toBe('ws 3–6 (8–32 px)');
    expect(layerRangeLabel({ group: 'fine', first: 0, last: 0 }, layers, 10)).toBe('ws 7–9 (32–64 px)');
    expect(layerRangeLabel({ group: 'all', first: 0, last: 0 }, layers, 10)).toBe('ws 0–9 (4–64 px)');
    expect(layerRangeLabel({ group: 'explicit', first: 4, last: 4 }, layers, 10)).toBe('ws 4 (16 px)');
  });

  it('say only the ws when the layer names are unknown', () => {
    expect(layerRangeLabel({ group: 'explicit', first: 1, last: 2 }, new Map(), 10)).toBe('ws 1–2');
  });
});
