import { describe, expect, it } from 'vitest';
import { checkTime, formatTime, formatTimecode, parseTime } from './time-format';
import { type Limits, VALUES } from './values';

const l: Limits = { trainingFps: 25, clipSeconds: 10, loopStart: 0, loopEnd: 250, numWs: 10, cDim: 0 };

describe('time fields: one rule for writing and reading times', () => {
  it('reads a bare number as training frames, "0.49s" as seconds and m:ss.xx as minutes and seconds', () => {
    expect(parseTime('12.37', 25)).toBe(12.37);
    expect(parseTime(' 12.37 ', 25)).toBe(12.37);
    expect(parseTime('0.49s', 25)).toBe(12.25);
    expect(parseTime('0.49 S', 25)).toBe(12.25);
    expect(parseTime('0:00.49', 25)).toBe(12.25);
    expect(parseTime('1:02.5', 25)).toBe(62.5 * 25);
    expect(parseTime('1:00:00', 25)).toBe(90000);
    expect(parseTime('0:00.49', 30)).toBe(14.7);
  });

  it('reads nothing else: text, signs, 60 seconds on a clock, empty text', () => {
    for (const bad of ['', 'abc', '-3', '1e3', '0:60', '1:60:00', '12.3.4', 's', '0x10', 'Infinity'])
      expect(parseTime(bad, 25), bad).toBeNull();
  });

  it('writes the exact position, in frames or as timecode, and reads it back to the same value', () => {
    expect(formatTime(12.37, 'frames', 25)).toBe('12.37');
    expect(formatTime(12.25, 'timecode', 25)).toBe('0:00.49');
    // 12.37 frames is 0.4948 s: hundredths alone would not be exact.
    expect(formatTime(12.37, 'timecode', 25)).toBe('0:00.4948');
    expect(formatTimecode(3599.96)).toBe('59:59.96');
    expect(formatTimecode(3600)).toBe('1:00:00.00');
    for (const t of [0, 12.37, 1 / 3, 97.25, 89999.999999999]) {
      expect(parseTime(formatTime(t, 'frames', 25), 25)).toBe(Number(t.toFixed(9)));
      expect(parseTime(formatTime(t, 'timecode', 25), 25)).toBe(Number(t.toFixed(9)));
    }
  });

  it('judges a field: in range or says why in the unit shown, never clamped', () => {
    expect(checkTime(VALUES.t, '0.49s', 'frames', l)).toEqual({ ok: true, value: 12.25 });
    expect(checkTime(VALUES.t, '300', 'frames', l)).toEqual({
      ok: false,
      problem: 'Time must be a time from 0 to 250 frames',
    });
    expect(checkTime(VALUES.t, '0:11', 'timecode', l)).toEqual({
      ok: false,
      problem: 'Time must be a time from 0:00.00 to 0:10.00',
    });
    const bad = checkTime(VALUES.t, 'abc', 'frames', l);
    expect(bad.ok ? '' : bad.problem).toMatch(/type frames \(12\.37\), seconds \(0\.49s\) or m:ss\.xx$/);
  });

  it('takes the clip length in any form, as whole seconds', () => {
    expect(checkTime(VALUES.clipSeconds, '250', 'frames', l)).toEqual({ ok: true, value: 10 });
    expect(checkTime(VALUES.clipSeconds, '1:00', 'timecode', l)).toEqual({ ok: true, value: 60 });
    expect(checkTime(VALUES.clipSeconds, '12', 'frames', l).ok).toBe(false);
    // A bare number is frames: 3 frames is no clip length, 3 seconds is, and the line says how to type it.
    expect(checkTime(VALUES.clipSeconds, '3', 'frames', l)).toEqual({
      ok: false,
      problem:
        'Clip length must be a whole number of seconds (25 frames each) from 25 to 90000 frames: 3 is 3 frames; type 3s for 3 seconds',
    });
    expect(checkTime(VALUES.clipSeconds, ' 1 ', 'timecode', l)).toEqual({
      ok: false,
      problem:
        'Clip length must be a whole number of seconds from 0:01.00 to 1:00:00.00: 1 is 1 frame; type 1s for 1 second',
    });
    expect(checkTime(VALUES.clipSeconds, '3s', 'frames', l)).toEqual({ ok: true, value: 3 });
    // No hint where seconds would be refused too (4010 frames is no whole second, 4010 s is past the hour), nor for text that is no bare number.
    expect(checkTime(VALUES.clipSeconds, '4010', 'frames', l)).toEqual({
      ok: false,
      problem: 'Clip length must be a whole number of seconds (25 frames each) from 25 to 90000 frames',
    });
    const clock = checkTime(VALUES.clipSeconds, '0:03.5', 'frames', l);
    expect(clock.ok ? '' : clock.problem).not.toMatch(/type/);
    // Any time field follows the same rule: Out at 3 frames is before In at 10, Out at 3 s is not.
    expect(checkTime(VALUES.loopEnd, '3', 'frames', { ...l, loopStart: 10 })).toEqual({
      ok: false,
      problem: 'Out point must be a time from 11 to 250 frames: 3 is 3 frames; type 3s for 3 seconds',
    });
    expect(checkTime(VALUES.clipSeconds, '2:00:00', 'timecode', l)).toEqual({
      ok: false,
      problem: 'Clip length must be a whole number of seconds from 0:01.00 to 1:00:00.00',
    });
  });
});
