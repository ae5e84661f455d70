import { describe, expect, it } from 'vitest';
import { encodeWs } from './content-ws';
import { filmstripTimes, framesPerTick, nextPlaybackTime, playbackSequence, wrapIntoLoop } from './timeline';
import { decodeHash, encodeHash, linkProblems } from './url-state';
import { defaultVideoState } from './video-state';

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
      edits: [1.5, 0, -2, 0, 0, 0, 0, 0.25],
      editRanges: [
        { group: 'coarse' as const, first: 0, last: 0 },
        { group: 'all' as const, first: 0, last: 0 },
        { group: 'explicit' as const, first: 3, last: 7 },
        ...Array.from({ length: 5 }, () => ({ group: 'fine' as const, first: 0, last: 0 })),
      ],
      mixSeed: 99,
      mixRange: { group: 'middle' as const, first: 0, last: 0 },
    };
    expect(decodeHash(`#${encodeHash(state)}`, 'other')).toEqual(state);
  });

  it('keeps defaults out of the link and survives garbage', () => {
    expect(encodeHash(defaultVideoState('sky64'))).toBe('model=sky64&t=0');
    const decoded = decodeHash('#model=sky64&content=abc&psi=9&t=-3&fps=1000&edits=x,2&ranges=bogus', 'sky64');
    expect(decoded.contentSeed).toBe(1);
    expect(decoded.psi).toBe(1.5);
    expect(decoded.t).toBe(0);
    expect(decoded.playbackFps).toBe(240);
    expect(decoded.edits.slice(0, 2)).toEqual([0, 2]);
    expect(decoded.editRanges[0]!.group).toBe('all');
    // Projected content that is not whole float32 values is ignored rather than half-used.
    expect(decodeHash('#model=sky64&ws=AAA', 'sky64').contentWs).toBeNull();
    expect(decodeHash('#model=sky64&ws=AA%2BA', 'sky64').contentWs).toBeNull();
    expect(linkProblems('#model=sky64&ws=AAA')[0]).toMatch(/projected picture .* damaged/);
    expect(linkProblems(`#model=sky64&ws=${encodeWs(new Float32Array(4))}`)).toEqual([]);
  });
});

describe('timeline', () => {
  const options = { trainingFps: 25, speed: 1, playbackFps: 60, loopStart: 0, loopEnd: 1000 };

  it('advances t by training fps x speed per second, one displayed frame at a time', () => {
    const twoSeconds = playbackSequence(10, 120, options);
    expect(twoSeconds).toHaveLength(120);
    expect(twoSeconds[0]).toBeCloseTo(10 + 25 / 60, 9);
    expect(twoSeconds[119]).toBeCloseTo(10 + 50, 9);
    expect(nextPlaybackTime(0, { ...options, speed: 0.1 })).toBeCloseTo(2.5 / 60, 12);
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
