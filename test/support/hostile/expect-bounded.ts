/** The bounds on one CLI run of a crafted input, and the worst figures seen in a test file. */
import { expect } from 'vitest';
import { type BoundedResult, HAS_TIME } from './bounded-cli';

const INTERNALS =
  /Cannot read propert|Based on the provided shape|XNN status|Invalid typed array length|memory access out of bounds|\n\s+at |internal error/;
const worst = { runs: 0, seconds: 0, peakBytes: 0 };

/**
 * Refused (non-zero, not killed) within 30 s and 2 GB (as GNU time measured it), in at most `lines` lines
 * (the first one the message), with no backend internals.
 */
export function expectBounded(r: BoundedResult, message?: RegExp, { lines = 3 } = {}): void {
  worst.runs++;
  worst.seconds = Math.max(worst.seconds, r.seconds);
  worst.peakBytes = Math.max(worst.peakBytes, r.peakBytes);
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.code).not.toBe(137); // killed at the time limit
  const said = r.stderr.trim().split('\n');
  expect(said.length, r.stderr).toBeLessThanOrEqual(lines);
  expect(said[0]).toMatch(/^stylegan-v: /);
  if (message) expect(said[0]!.replace(/^stylegan-v: /, '')).toMatch(message);
  expect(r.stderr).not.toMatch(INTERNALS);
  expect(r.stderr.length).toBeLessThan(2000);
  expect(r.seconds).toBeLessThan(30);
  expect(r.peakBytes).toBeLessThan(2 * 1024 ** 3);
  if (HAS_TIME) expect(r.peakBytes, 'GNU time measured the peak').toBeGreaterThan(0);
}

export function reportWorst(file: string): void {
  console.log(
    `${file}: ${worst.runs} crafted inputs; slowest ${worst.seconds.toFixed(1)} s, largest peak memory ${(worst.peakBytes / 1e6).toFixed(0)} MB`,
  );
}

/** A few cases of each class (all of them run in process in hostile-input.test.ts). */
export function sample<T>(cases: T[], count: number): T[] {
  const step = Math.max(1, Math.floor(cases.length / count));
  return cases.filter((_, i) => i % step === 0).slice(0, count);
}
