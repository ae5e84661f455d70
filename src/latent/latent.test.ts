import { describe, expect, it } from 'vitest';
import { principalComponents, wsIndicesForGroup, wsIndicesForRange } from '.';

describe('latent edits', () => {
  // sky64's layout: 5 blocks (4..64 px), 10 ws.
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

  it('maps layer groups to the ws their layers read, without overlap', () => {
    // w 3 is read by b8.torgb and b16.conv0: it belongs to the 16 px layer (middle).
    expect(wsIndicesForGroup('coarse', layers, 10)).toEqual([0, 1, 2]);
    expect(wsIndicesForGroup('middle', layers, 10)).toEqual([3, 4, 5, 6]);
    expect(wsIndicesForGroup('fine', layers, 10)).toEqual([7, 8, 9]);
    expect(wsIndicesForGroup('all', layers, 10)).toHaveLength(10);
    expect(wsIndicesForRange({ group: 'explicit', first: 8, last: 42 }, layers, 10)).toEqual([8, 9]);
  });
});

describe('PCA', () => {
  it('recovers known directions and variances of synthetic data', async () => {
    const dim = 6;
    const count = 4000;
    const u = [0, 0.6, 0.8, 0, 0, 0];
    const v = [0.8, 0, 0, -0.6, 0, 0];
    let seed = 1;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31) * 2 - 1;
    };
    const samples = new Float32Array(count * dim);
    for (let n = 0; n < count; n++) {
      const a = rand() * 3;
      const b = rand() * 1;
      for (let j = 0; j < dim; j++) samples[n * dim + j] = 5 + a * u[j]! + b * v[j]! + rand() * 0.01;
    }
    let pauses = 0;
    const pca = await principalComponents(samples, count, dim, 2, 200, async () => {
      pauses++;
    });
    expect(pauses).toBeGreaterThan(10);
    const dot = (x: Float32Array, y: number[]) => Math.abs(x.reduce((s, xi, i) => s + xi * y[i]!, 0));
    expect(dot(pca.directions[0]!, u)).toBeGreaterThan(0.999);
    expect(dot(pca.directions[1]!, v)).toBeGreaterThan(0.999);
    expect(pca.variances[0]).toBeCloseTo(3, 0);
    expect(pca.variances[1]! / pca.variances[0]!).toBeCloseTo(1 / 9, 1);
    expect(pca.mean[0]).toBeCloseTo(5, 1);
  });
});
