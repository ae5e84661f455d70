import { describe, expect, it } from 'vitest';
import { PRESETS, presetArchitecture } from '../model';
import { type Project, projectFitProblem, projectTimes } from '.';

describe('whether a project fits a model', () => {
  const arch = presetArchitecture(PRESETS.sky256);
  const { numWs, wDim } = arch;
  const base: Project = {
    model: 'sky256',
    clip: { duration: 2, fps: 5 },
    motion: { seed: 1 },
    tracks: { content: [{ at: 0, seed: 1 }] },
    directions: null,
  };
  const floats = (...shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });

  it('takes a project made for it', () => {
    expect(projectFitProblem(base, arch)).toBeUndefined();
    expect(projectTimes(base, arch.fps)).toHaveLength(10);
  });

  it('refuses ws, directions and layer ranges of another size', () => {
    const picture: Project = { ...base, tracks: { content: [{ at: 0, ws: floats(10, 128) }] } };
    expect(projectFitProblem(picture, arch)).toBe(
      `tracks.content[0].ws has shape [10, 128]; this model's ws are [${numWs}, ${wDim}]`,
    );
    const directions = { vectors: floats(1, 128), sigma: floats(1), tracks: [{ layers: 'all' as const, keys: [] }] };
    expect(projectFitProblem({ ...base, directions }, arch)).toMatch(/directions\.vectors has shape \[1, 128\]/);
    expect(projectFitProblem({ ...base, mix: { seed: 2, layers: [3, numWs] } }, arch)).toBe(
      `mix.layers ends at ws ${numWs}; this model has ${numWs} (0 to ${numWs - 1})`,
    );
  });

  it('asks for a class exactly when the model is conditional', () => {
    expect(projectFitProblem({ ...base, classIndex: 0 }, arch)).toMatch(/unconditional/);
    const conditional = { ...arch, cDim: 3 };
    expect(projectFitProblem(base, conditional)).toMatch(/class from 0 to 2/);
    expect(projectFitProblem({ ...base, classIndex: 3 }, conditional)).toMatch(/class from 0 to 2/);
    expect(projectFitProblem({ ...base, classIndex: 2 }, conditional)).toBeUndefined();
  });

  it('needs motion_z rows of the motion code size, enough for every t', () => {
    const rows = (n: number, zDim = arch.motion.zDim): Project => ({ ...base, motion: { z: floats(n, zDim) } });
    expect(projectFitProblem(rows(100, 7), arch)).toMatch(/motion\.z has 7 values a row/);
    expect(projectFitProblem(rows(2), arch)).toMatch(/motion\.z has 2 rows; the clip's times need \d+/);
    expect(projectFitProblem(rows(100), arch)).toBeUndefined();
  });
});
