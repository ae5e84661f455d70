import { describe, expect, it } from 'vitest';
import { encodeWs } from '../render/shared/content-ws';
import { filmstripTimes, framesPerTick, nextPlaybackTime, playbackSequence, wrapIntoLoop } from './timeline';
import { decodeLink, encodeHash } from './url-state';
import { defaultVideoState } from './video-state';

const sky64 = { trainingFps: 25, numWs: 10, cDim: 0, clipSeconds: 0, loopStart: 0, loopEnd: 0 };

describe('URL hash state', () => {
  it('round-trips every field', () => {
    const state = {
      ...defaultVideoState('sky64'),
      contentSeed: 42,
      contentWs: encodeWs(Float32Array.from({ length: 1280 }, (_, i) => Math.cos(i) * 3)),
      motionSeed: 7,
      classIndex: 2,
      psi: 0.55,
      t: 12.37,
      playbackFps: 60,
      speed: 0.25,
      clipSeconds: 3600,
      loopStart: 10,
      loopEnd: 90000,
      edits: [1.5, 0, -2, 0, 0, 0, 0, 0.2],
      editRanges: [
        { group: 'coarse' as const, first: 0, last: 0 },
        { group: 'all' as const, first: 0, last: 0 },
        { group: 'explicit' as const, first: 3, last: 7 },
        ...Array.from({ length: 5 }, () => ({ group: 'fine' as const, first: 0, last: 0 })),
      ],
      mixSeed: 99,
      mixRange: { group: 'middle' as const, first: 0, last: 0 },
      view: 'grid' as const,
      gridSize: 4,
      zoom: 2,
    };
    const decoded = decodeLink(`#${encodeHash(state)}`, 'other', { ...sky64, cDim: 3 });
    expect(decoded.problems).toEqual([]);
    expect(decoded.state).toEqual(state);
  });

  it('keeps defaults out of the link and names what it refused or clamped', () => {
    expect(encodeHash(defaultVideoState('sky64'))).toBe('model=sky64&t=0');
    const { state, problems } = decodeLink(
      '#model=sky64&content=abc&psi=9&t=-3&fps=1000&edits=x,2&ranges=bogus',
      'sky64',
      sky64,
    );
    expect(state.contentSeed).toBe(1);
    expect(state.psi).toBe(1.5);
    expect(state.t).toBe(0);
    expect(state.playbackFps).toBe(240);
    expect(state.edits.slice(0, 2)).toEqual([0, 2]);
    expect(state.editRanges[0]!.group).toBe('all');
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/content="abc" is not a whole number from 0 to 4,294,967,295: using 1/);
    expect(problems.join('\n')).toMatch(/psi="9" is outside Truncation from 0 to 1.5: using 1.5/);
    // Projected content that is not whole float32 values is ignored rather than half-used.
    expect(decodeLink('#model=sky64&ws=AAA', 'sky64', sky64).state.contentWs).toBeNull();
    expect(decodeLink('#model=sky64&ws=AA%2BA', 'sky64', sky64).state.contentWs).toBeNull();
    expect(decodeLink('#model=sky64&ws=AAA', 'sky64', sky64).problems[0]).toMatch(/projected picture .* damaged/);
    expect(decodeLink(`#model=sky64&ws=${encodeWs(new Float32Array(4))}`, 'sky64', sky64).problems).toEqual([]);
  });

  it('keeps seeds above 2^31 exactly and refuses seeds that are not seeds (never another seed)', () => {
    const state = { ...defaultVideoState('sky64'), contentSeed: 3_000_000_001, motionSeed: 2 ** 32 - 1 };
    expect(decodeLink(`#${encodeHash(state)}`, 'sky64', sky64).state).toEqual(state);
    const big = decodeLink('#model=sky64&content=99999999999&motion=1.5', 'sky64', sky64);
    expect(big.state.contentSeed).toBe(1); // before: 2147483647, another video
    expect(big.state.motionSeed).toBe(1);
    expect(big.problems).toHaveLength(2);
  });

  it('bounds every value by the UI limits: t within the clip (t=1e30), edits within ±5, ws ranges within the model', () => {
    const { state, problems } = decodeLink('#model=sky64&t=1e30&edits=10&ranges=8-3,2-40', 'sky64', sky64);
    expect(state.t).toBe(250);
    expect(state.edits[0]).toBe(5);
    expect(state.editRanges[0]).toEqual({ group: 'all', first: 0, last: 0 });
    expect(state.editRanges[1]).toEqual({ group: 'explicit', first: 2, last: 9 });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/t="1e30" is outside Time from 0 to 250 frames: using 250/);
    // The loop is placed inside the clip, its start before its end.
    const loop = decodeLink('#model=sky64&clip=4&loopStart=500&loopEnd=900', 'sky64', sky64).state;
    expect([loop.loopStart, loop.loopEnd]).toEqual([99, 100]);
  });

  it('writes times as short as they round-trip (no t=97.25000000000094)', () => {
    let t = 0;
    const o = { trainingFps: 25, speed: 1, playbackFps: 60, loopStart: 0, loopEnd: 1000 };
    for (let i = 0; i < 2334; i++) t = nextPlaybackTime(t, o);
    const hash = encodeHash({ ...defaultVideoState('sky64'), t });
    expect(hash).toMatch(/&t=\d+(\.\d{1,9})?$/);
    expect(decodeLink(`#${hash}&clip=100`, 'sky64', sky64).state.t).toBe(t);
    expect(encodeHash({ ...defaultVideoState('sky64'), t: 97.25000000000094 })).toContain('t=97.25');
  });
});

describe('timeline', () => {
  const options = { trainingFps: 25, speed: 1, playbackFps: 60, loopStart: 0, loopEnd: 1000 };

  it('advances t by training fps x speed per second, one displayed frame at a time', () => {
    const twoSeconds = playbackSequence(10, 120, options);
    expect(twoSeconds).toHaveLength(120);
    expect(twoSeconds[0]).toBeCloseTo(10 + 25 / 60, 9);
    expect(twoSeconds[119]).toBeCloseTo(10 + 50, 6);
    expect(nextPlaybackTime(0, { ...options, speed: 0.1 })).toBe(0.041666667); // on t's grid
    expect(framesPerTick(25, 0.1, 120)).toBeCloseTo(25 / 1200, 12);
  });

  it('wraps into the loop range', () => {
    expect(wrapIntoLoop(105, 0, 100)).toBeCloseTo(5, 9);
    expect(wrapIntoLoop(3, 10, 20)).toBe(10);
    expect(playbackSequence(95, 25, { ...options, playbackFps: 25, loopEnd: 100 })[24]).toBeCloseTo(20, 9);
    expect(nextPlaybackTime(99.5, { ...options, playbackFps: 25, loopEnd: 100 })).toBeCloseTo(0.5, 9);
  });

  it('spreads filmstrip thumbnails over the clip', () => {
    expect(filmstripTimes(0, 70, 8)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
  });
});
