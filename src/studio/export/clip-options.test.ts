import { describe, expect, it } from 'vitest';
import { limitsOf } from '../state/values';
import { type ClipOptionsDraft, contentTiles, defaultClipOptions, parseClipOptions } from './clip-options';

const draft: ClipOptionsDraft = {
  start: 10,
  duration: 2,
  fps: 30,
  bitrateMbps: 1,
  scale: 4,
  filter: 'smooth',
  content: 'video',
  destination: 'download',
};
const limits = limitsOf({
  model: { trainingFps: 25, numWs: 10, cDim: 0 },
  clipSeconds: 10,
  loopStart: 0,
  loopEnd: 250,
});

describe('export form', () => {
  it('sizes the frame in tiles: the grid, the clip beside the video, and its fit between them once fitted', () => {
    expect(contentTiles('video', 3, true)).toEqual({ across: 1, down: 1 });
    expect(contentTiles('grid', 3, true)).toEqual({ across: 3, down: 3 });
    expect(contentTiles('beside', 3, false)).toEqual({ across: 2, down: 1 });
    expect(contentTiles('beside', 3, true)).toEqual({ across: 3, down: 1 });
  });

  it('turns the fields into a frame plan', () => {
    expect(parseClipOptions(draft, limits)).toEqual({
      ok: true,
      options: {
        plan: { start: 10, durationSeconds: 2, fps: 30, trainingFps: 25, count: 60 },
        bitrate: 1e6,
        scale: 4,
        filter: 'smooth',
        content: 'video',
        destination: 'download',
      },
    });
  });

  it('says which field is wrong, with the range from the value table', () => {
    expect(parseClipOptions({ ...draft, fps: 0 }, limits)).toEqual({
      ok: false,
      error: 'Frames per second must be from 1 to 240 fps.',
    });
    expect(parseClipOptions({ ...draft, bitrateMbps: 0 }, limits)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Bitrate must be from 0.05 to 200 Mbit\/s/),
    });
    expect(parseClipOptions({ ...draft, duration: Number.NaN }, limits)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Duration/),
    });
    // A start past the clip's end (250 training frames).
    expect(parseClipOptions({ ...draft, start: 251 }, limits)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Start t must be from 0 to 250 frames/),
    });
    // In range, but shorter than one frame.
    expect(parseClipOptions({ ...draft, duration: 0.01 }, limits)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/less than one frame/),
    });
  });

  it('opens on the loop (in to out) at the training frame rate and native size', () => {
    const s = { view: 'video' as const, gridSize: 3, loopStart: 20, loopEnd: 70 };
    expect(defaultClipOptions(s, { resolution: 64, trainingFps: 25 }, limits, 'file')).toEqual({
      start: 20,
      duration: 2,
      fps: 25,
      bitrateMbps: 1,
      scale: 1,
      filter: 'nearest',
      content: 'video',
      destination: 'file',
    });
    expect(
      defaultClipOptions({ ...s, view: 'grid' }, { resolution: 256, trainingFps: 25 }, limits, 'download'),
    ).toMatchObject({
      content: 'grid',
      // 768 x 768 x 25 fps x 0.3 bits per pixel.
      bitrateMbps: 4.4,
    });
  });
});
