import { describe, expect, it } from 'vitest';
import { batchIndices, frameDurationUs, frameTime, frameTimestampUs, planFrames } from './frame-times';

describe('frame times', () => {
  it('frame i is exactly start + i * trainingFps / fps (slow motion renders new frames)', () => {
    const plan = planFrames({ start: 10, durationSeconds: 2, fps: 120, trainingFps: 25 });
    for (let i = 0; i < plan.count; i++) expect(frameTime(plan, i)).toBe(10 + i * (25 / 120));
    const times = Array.from({ length: plan.count }, (_, i) => frameTime(plan, i));
    expect(new Set(times).size).toBe(plan.count); // no duplicated frames
    expect(frameTime(plan, 120)).toBeCloseTo(10 + 25, 12); // 1 s of video later = 25 training frames later
  });

  it('at the training rate, frames land on whole training frames', () => {
    const plan = planFrames({ start: 3, durationSeconds: 4, fps: 25, trainingFps: 25 });
    expect(Array.from({ length: 5 }, (_, i) => frameTime(plan, i))).toEqual([3, 4, 5, 6, 7]);
  });

  it('counts round(duration * fps) frames', () => {
    expect(planFrames({ start: 0, durationSeconds: 2, fps: 30, trainingFps: 25 }).count).toBe(60);
    expect(planFrames({ start: 0, durationSeconds: 600, fps: 25, trainingFps: 25 }).count).toBe(15_000);
    expect(planFrames({ start: 0, durationSeconds: 1, fps: 29.97, trainingFps: 25 }).count).toBe(30);
    expect(planFrames({ start: 0, durationSeconds: 0.1, fps: 12, trainingFps: 25 }).count).toBe(1);
    expect(planFrames({ start: 0, durationSeconds: 1.01, fps: 12.5, trainingFps: 25 }).count).toBe(13);
  });

  it('stamps frames at i * 1e6 / fps microseconds, durations tiling without gaps', () => {
    const plan = { fps: 30 };
    expect([0, 1, 2, 3, 59].map((i) => frameTimestampUs(plan, i))).toEqual([0, 33_333, 66_667, 100_000, 1_966_667]);
    let end = 0;
    for (let i = 0; i < 60; i++) {
      expect(frameTimestampUs(plan, i)).toBe(end);
      end += frameDurationUs(plan, i);
    }
    expect(end).toBe(2_000_000);
    expect(frameTimestampUs({ fps: 120 }, 119)).toBe(Math.round((119 * 1e6) / 120));
    expect(Number.isInteger(frameTimestampUs({ fps: 29.97 }, 7))).toBe(true);
  });

  it('splits the plan into batches', () => {
    const plan = planFrames({ start: 0, durationSeconds: 1, fps: 10, trainingFps: 25 });
    expect(batchIndices(plan, 0, 4)).toEqual([0, 1, 2, 3]);
    expect(batchIndices(plan, 8, 4)).toEqual([8, 9]);
    expect(batchIndices(plan, 10, 4)).toEqual([]);
    expect(batchIndices(plan, 3, 0)).toEqual([3]);
  });

  it('rejects options it cannot export, saying which', () => {
    const ok = { start: 0, durationSeconds: 1, fps: 30, trainingFps: 25 };
    expect(() => planFrames({ ...ok, start: -1 })).toThrow(/Start/);
    expect(() => planFrames({ ...ok, start: Number.NaN })).toThrow(/Start/);
    expect(() => planFrames({ ...ok, fps: 0 })).toThrow(/Frames per second/);
    expect(() => planFrames({ ...ok, fps: 1000 })).toThrow(/Frames per second/);
    expect(() => planFrames({ ...ok, durationSeconds: 0 })).toThrow(/Duration/);
    expect(() => planFrames({ ...ok, durationSeconds: 0.01 })).toThrow(/less than one frame/);
    expect(() => planFrames({ ...ok, trainingFps: 0 })).toThrow(/training frame rate/);
  });
});
