import { describe, expect, it } from 'vitest';
import { type Project, projectFrameKeyAt } from '.';

describe('frame keys', () => {
  // 2 s at 10 fps: t ramps 0 -> 10 over 0.5 s, freezes until 1 s; content morphs seed 1 -> 2 over 0.5 s, holds
  // after; then time runs back to 0 at 1.5 s and stays.
  const project: Project = {
    model: 'sky64',
    clip: { duration: 2, fps: 10 },
    motion: { seed: 3 },
    tracks: {
      time: [
        { at: 0, t: 0 },
        { at: 0.5, t: 10 },
        { at: 1, t: 10 },
        { at: 1.5, t: 0 },
      ],
      content: [
        { at: 0, seed: 1 },
        { at: 0.5, seed: 2 },
      ],
    },
    directions: null,
  };
  const key = (i: number, p = project) => projectFrameKeyAt(p, i, 25);

  it('gives a freeze one key, so it costs one frame', () => {
    expect(new Set([5, 6, 7, 8, 9, 10].map((i) => key(i))).size).toBe(1);
  });

  it('gives every frame of a morph or a ramp its own key', () => {
    expect(new Set([0, 1, 2, 3, 4, 5, 11, 12, 13, 14, 15].map((i) => key(i))).size).toBe(11);
  });

  it('matches a repeated t of the same content, and nothing else', () => {
    expect(key(15)).toBe(key(19)); // t = 0 after the reverse, seed 2
    expect(key(15)).not.toBe(key(0)); // t = 0 at the start shows seed 1
  });

  it('changes with anything that defines the frame', () => {
    const others: Project[] = [
      { ...project, motion: { seed: 4 } },
      { ...project, model: 'sky256' },
      { ...project, mix: { seed: 9, layers: 'fine' } },
      { ...project, tracks: { ...project.tracks, psi: [{ at: 0, value: 0.7 }] } },
      {
        ...project,
        tracks: { ...project.tracks, content: [{ at: 0, ws: { shape: [1, 2], data: new Float32Array([1, 2]) } }] },
      },
    ];
    for (const other of others) expect(key(7, other)).not.toBe(key(7));
    const picture = (value: number): Project => ({
      ...project,
      tracks: { ...project.tracks, content: [{ at: 0, ws: { shape: [1, 2], data: new Float32Array([value, 2]) } }] },
    });
    expect(key(7, picture(1))).toBe(key(7, picture(1)));
    expect(key(7, picture(1))).not.toBe(key(7, picture(1.0000001)));
  });
});
