import { describe, expect, it } from 'vitest';
import { gridCellName, thumbnailName } from './cell-names';

describe('grid cell and thumbnail names', () => {
  it('name the content (the column) and the motion (the row)', () => {
    const s = { contentSeed: 3, motionSeed: 5, projected: false };
    expect(gridCellName(s, 0, 0)).toBe('Content 3, motion 5');
    expect(gridCellName(s, 2, 1)).toBe('Content 4, motion 7');
  });

  it('name column 0 the picture when the content is projected', () => {
    const s = { contentSeed: 3, motionSeed: 1, projected: true };
    expect(gridCellName(s, 1, 0)).toBe('Picture, motion 2');
    expect(gridCellName(s, 1, 2)).toBe('Content 5, motion 2');
  });

  it('name row 0 the fitted motion when the motion is fitted to a clip', () => {
    const s = { contentSeed: 3, motionSeed: 1, projected: true, fittedMotion: true };
    expect(gridCellName(s, 0, 0)).toBe('Picture, fitted motion');
    expect(gridCellName(s, 0, 1)).toBe('Content 4, fitted motion');
    expect(gridCellName(s, 2, 1)).toBe('Content 4, motion 3');
  });

  it('name a thumbnail by its t', () => {
    expect(thumbnailName(12.5)).toBe('Frame at 12.5 frames');
    expect(thumbnailName(250 / 7)).toBe('Frame at 35.71 frames');
    expect(thumbnailName(0)).toBe('Frame at 0 frames');
  });
});
