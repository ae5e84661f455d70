import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED_MAX } from '../../engine/plain';
import { checkText, clampTo, type Limits, roundTo, VALUES } from './values';

const l: Limits = { trainingFps: 25, clipSeconds: 10, loopStart: 50, loopEnd: 250, numWs: 10, cDim: 0 };

describe('the value table', () => {
  it('has a label, a range and a default inside it for every value, and distinct URL keys', () => {
    for (const [name, spec] of Object.entries(VALUES)) {
      expect(spec.label, name).not.toBe('');
      expect(spec.min(l), name).toBeLessThanOrEqual(spec.max(l));
      if (name !== 'loopStart' && name !== 'loopEnd') expect(clampTo(spec, spec.default, l), name).toBe(spec.default);
    }
    const keys = Object.values(VALUES).flatMap((s) => (s.url ? [s.url] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('takes seeds from 0 to 2^32 - 1, the engine range', () => {
    expect(VALUES.contentSeed.max(l)).toBe(SEED_MAX);
    expect(checkText(VALUES.contentSeed, '4294967295', l)).toEqual({ ok: true, value: 4294967295 });
    expect(checkText(VALUES.contentSeed, '99999999999', l).ok).toBe(false);
    expect(checkText(VALUES.contentSeed, '-5', l).ok).toBe(false);
    expect(checkText(VALUES.contentSeed, '1.5', l).ok).toBe(false);
    expect(checkText(VALUES.contentSeed, '', l).ok).toBe(false);
  });

  it('refuses what is typed out of range instead of clamping it (loop end 7 with the loop from 50)', () => {
    const seven = checkText(VALUES.loopEnd, '7', l);
    expect(seven).toEqual({ ok: false, problem: 'Out point must be a number from 51 to 250 frames' });
    expect(checkText(VALUES.loopEnd, '75', l)).toEqual({ ok: true, value: 75 });
    expect(checkText(VALUES.playbackFps, '500', l)).toEqual({
      ok: false,
      problem: 'Playback FPS must be a number from 1 to 240 FPS',
    });
    expect(checkText(VALUES.playbackFps, '0x10', l).ok).toBe(false);
    expect(checkText(VALUES.playbackFps, ' 120 ', l)).toEqual({ ok: true, value: 120 });
    expect(checkText(VALUES.clipSeconds, '2.5', l).ok).toBe(false);
  });

  it('rounds onto each grid as short numbers', () => {
    expect(roundTo(VALUES.edit, 0.1 * 3)).toBe(0.3);
    expect(roundTo(VALUES.t, 97.25000000000094)).toBe(97.25);
    expect(roundTo(VALUES.speed, 0.123)).toBe(0.1);
    expect(clampTo(VALUES.edit, 10, l)).toBe(5);
    expect(clampTo(VALUES.t, 1e30, l)).toBe(250);
    expect(clampTo(VALUES.t, Number.NaN, l)).toBe(0);
  });

  it('is the only place a limit is written: no numeric min/max in the studio panels (a progress bar is 0..1)', () => {
    const dir = join(import.meta.dirname, '..', 'panels');
    const literal = /\b(min|max)=\{-?\d/;
    const found = readdirSync(dir)
      .filter((f) => f.endsWith('.tsx') && f !== 'ProgressBar.tsx')
      .filter((f) => literal.test(readFileSync(join(dir, f), 'utf8')));
    expect(found).toEqual([]);
    const keyboard = readFileSync(join(import.meta.dirname, '..', 'hooks', 'keymap.ts'), 'utf8');
    expect(keyboard).not.toMatch(/Math\.(min|max)/);
  });
});
