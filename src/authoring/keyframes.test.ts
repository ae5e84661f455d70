import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  clipTime,
  easeAmount,
  FrameWs,
  frameCount,
  generatorTime,
  type ModelFacts,
  type Project,
  speedCurve,
  timeSpeed,
  trackPosition,
  truncatedWs,
  valueAt,
} from '.';

const value = (k: { value: number }) => k.value;

describe('keyframe tracks', () => {
  it('counts N = round(D × F) frames, frame i at τ = i / F', () => {
    expect(frameCount({ duration: 4, fps: 25 })).toBe(100);
    expect(frameCount({ duration: 1.01, fps: 12.5 })).toBe(13);
    expect(clipTime({ duration: 4, fps: 25 }, 50)).toBe(2);
  });

  it('eases: linear u, smooth u²(3 − 2u), hold 0', () => {
    expect(easeAmount(undefined, 0.25)).toBe(0.25);
    expect(easeAmount('linear', 0.25)).toBe(0.25);
    expect(easeAmount('smooth', 0.25)).toBeCloseTo(0.15625, 15);
    expect(easeAmount('smooth', 0.5)).toBe(0.5);
    expect(easeAmount('hold', 0.99)).toBe(0);
  });

  it("holds the first keyframe's value before it and the last's after it", () => {
    const keys = [
      { at: 1, value: 10 },
      { at: 3, value: 30 },
    ];
    expect(valueAt(keys, 0, value)).toBe(10);
    expect(valueAt(keys, 1, value)).toBe(10);
    expect(valueAt(keys, 2, value)).toBe(20);
    expect(valueAt(keys, 3, value)).toBe(30);
    expect(valueAt(keys, 9, value)).toBe(30);
    expect(valueAt([{ at: 2, value: 7 }], 0, value)).toBe(7);
  });

  it('hold keeps v0 until τ reaches the keyframe, then jumps', () => {
    const keys = [
      { at: 0, value: 1 },
      { at: 2, value: 5, ease: 'hold' as const },
    ];
    expect(valueAt(keys, 1.999999, value)).toBe(1);
    expect(valueAt(keys, 2, value)).toBe(5);
  });

  it('is exactly v1 at the end of a segment and blends in float64 between', () => {
    const keys = [
      { at: 0, value: 0.1 },
      { at: 0.3, value: 0.7, ease: 'smooth' as const },
      { at: 1, value: -0.2 },
    ];
    expect(valueAt(keys, 0.3, value)).toBe(0.7);
    const u = (0.65 - 0.3) / 0.7;
    expect(valueAt(keys, 0.65, value)).toBe((1 - u) * 0.7 + u * -0.2);
    expect(trackPosition(keys, 0.65)).toEqual({ from: 1, to: 2, s: u });
  });

  it('finds the right segment among many keyframes', () => {
    const keys = Array.from({ length: 50 }, (_, i) => ({ at: i, value: i * i }));
    expect(valueAt(keys, 17.5, value)).toBe(0.5 * 289 + 0.5 * 324);
  });
});

describe('time remapping', () => {
  const time = [
    { at: 0, t: 0 },
    { at: 2, t: 100 },
    { at: 3, t: 100, ease: 'hold' as const },
    { at: 4, t: 50 },
  ];

  it('rounds t once to float32', () => {
    const keys = [
      { at: 0, t: 0 },
      { at: 3, t: 1 },
    ];
    const t = generatorTime(keys, 1, 25);
    expect(t).toBe(Math.fround(1 / 3));
    expect(t).not.toBe(1 / 3);
    expect(generatorTime(undefined, 0.1, 25)).toBe(Math.fround(0.1 * 25));
  });

  it('runs straight without a Time track, freezes, and reverses', () => {
    expect(generatorTime(undefined, 2, 25)).toBe(50);
    expect(generatorTime(time, 1, 25)).toBe(50);
    expect(generatorTime(time, 2.5, 25)).toBe(100);
    expect(generatorTime(time, 3.5, 25)).toBe(75);
    // Reversed: the segment from 3 s to 4 s runs back over 100..50.
    expect(generatorTime(time, 3.25, 25)).toBeGreaterThan(generatorTime(time, 3.75, 25));
  });

  it('gives the speed dt/dτ for the graph', () => {
    expect(timeSpeed(undefined, 1, 25)).toBe(25);
    expect(timeSpeed(time, 1, 25)).toBe(50);
    expect(timeSpeed(time, 2.5, 25)).toBe(0);
    expect(timeSpeed(time, 3.5, 25)).toBe(-50);
    expect(timeSpeed(time, 5, 25)).toBe(0);
    const smooth = [
      { at: 0, t: 0 },
      { at: 2, t: 100, ease: 'smooth' as const },
    ];
    expect(timeSpeed(smooth, 0, 25)).toBe(0);
    expect(timeSpeed(smooth, 1, 25)).toBe(75); // 50 frames/s on average, 1.5x at the middle
    expect(speedCurve(time, 4, 25, 4).map((p) => p.speed)).toEqual([50, 50, 0, -50, 0]);
  });
});

describe('frame ws', () => {
  const wDim = 2;
  const numWs = 3;
  const w: Record<number, Float32Array> = { 1: new Float32Array([1, 2]), 2: new Float32Array([3, -2]) };
  const facts: ModelFacts = {
    numWs,
    wDim,
    mappedW: (seed) => w[seed]!,
    truncationCenter: new Float32Array([0.5, 0.5]),
    layerIndices: (layers) => (layers === 'all' ? [0, 1, 2] : layers === 'fine' ? [2] : [0]),
  };
  const base: Project = {
    model: 'sky64',
    clip: { duration: 4, fps: 25 },
    motion: { seed: 3 },
    tracks: {
      content: [
        { at: 0, seed: 1 },
        { at: 2, seed: 2 },
      ],
    },
    directions: null,
  };

  it('truncates a seed as the engine does, in float32 steps, and leaves ψ = 1 alone', () => {
    const ws = truncatedWs(new Float32Array([0.3, 1e-3]), new Float32Array([0.1, 0.7]), 0.7, 2);
    const f = Math.fround;
    const expected = [f(0.1) + f(f(f(0.3) - f(0.1)) * f(0.7)), f(0.7) + f(f(f(1e-3) - f(0.7)) * f(0.7))].map(f);
    expect(Array.from(ws)).toEqual([...expected, ...expected]);
    expect(Array.from(truncatedWs(new Float32Array([0.3, 2]), new Float32Array(2), 1, 1))).toEqual([f(0.3), 2]);
  });

  it('blends content keyframes: exactly A at A, exactly B at B, (1 − s)A + sB between', () => {
    const frames = new FrameWs(base, facts);
    expect(Array.from(frames.at(0))).toEqual([1, 2, 1, 2, 1, 2]);
    expect(Array.from(frames.at(1))).toEqual([2, 0, 2, 0, 2, 0]);
    expect(Array.from(frames.at(2))).toEqual([3, -2, 3, -2, 3, -2]);
    expect(Array.from(frames.at(3.5))).toEqual([3, -2, 3, -2, 3, -2]);
  });

  it('truncates with ψ(τ), then mixes, then adds each direction × σ on its layers', () => {
    const project: Project = {
      ...base,
      mix: { seed: 2, layers: 'fine' },
      tracks: { ...base.tracks, psi: [{ at: 0, value: 0.5 }] },
      directions: {
        vectors: { shape: [1, 2], data: new Float32Array([1, 0]) },
        sigma: { shape: [1], data: new Float32Array([2]) },
        tracks: [
          {
            layers: 'all',
            keys: [
              { at: 0, value: 0 },
              { at: 4, value: 1 },
            ],
          },
        ],
      },
    };
    const ws = new FrameWs(project, facts).at(0);
    expect(Array.from(ws)).toEqual([0.75, 1.25, 0.75, 1.25, 1.75, -0.75]);
    const later = new FrameWs(project, facts).at(2);
    // strength 0.5 × σ 2 = +1 on the first component of every ws.
    const content = truncatedWs(w[2]!, facts.truncationCenter, 0.5, numWs);
    const expected = applyEdits(content, wDim, [{ vector: new Float32Array([1, 0]), sigma: 2 }], [0.5], [[0, 1, 2]], {
      ws: truncatedWs(w[2]!, facts.truncationCenter, 0.5, numWs),
      indices: [2],
    });
    expect(Array.from(later)).toEqual(Array.from(expected));
    expect(later[0]).toBe(2.75);
  });

  it('a picture keyframe is used as it is', () => {
    const picture = new Float32Array([9, 8, 7, 6, 5, 4]);
    const project: Project = {
      ...base,
      tracks: { content: [{ at: 0, ws: { shape: [3, 2], data: picture } }], psi: [{ at: 0, value: 0.2 }] },
    };
    expect(Array.from(new FrameWs(project, facts).at(1))).toEqual([9, 8, 7, 6, 5, 4]);
  });
});

describe('edits', () => {
  it('adds scaled directions to the chosen ws and mixes styles', () => {
    const wDim = 2;
    const ws = new Float32Array([1, 1, 2, 2, 3, 3]);
    const directions = [{ vector: new Float32Array([1, 0]), sigma: 2 }];
    const edited = applyEdits(ws, wDim, directions, [0.5], [[0, 2]], {
      ws: new Float32Array([9, 9, 8, 8, 7, 7]),
      indices: [1],
    });
    expect(Array.from(edited)).toEqual([2, 1, 8, 8, 4, 3]);
    expect(Array.from(ws)).toEqual([1, 1, 2, 2, 3, 3]);
  });
});
