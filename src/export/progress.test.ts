import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, progressAfter } from './progress';

describe('progress', () => {
  it('estimates time left from the rate so far', () => {
    expect(progressAfter(0, 100, 0)).toEqual({ done: 0, total: 100, secondsLeft: null, framesPerSecond: null });
    expect(progressAfter(25, 100, 5)).toEqual({ done: 25, total: 100, secondsLeft: 15, framesPerSecond: 5 });
    expect(progressAfter(100, 100, 20).secondsLeft).toBe(0);
  });

  it('words durations and sizes', () => {
    expect([0.2, 12.4, 247, 3903].map(formatDuration)).toEqual(['< 1 s', '12 s', '4:07', '1:05:03']);
    expect([820, 14_200, 3_400_000, 1.2e9].map(formatBytes)).toEqual(['820 B', '14.2 KB', '3.4 MB', '1.20 GB']);
  });
});
