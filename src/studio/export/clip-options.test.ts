import { describe, expect, it } from 'vitest';
import { parseClipOptions } from './clip-options';

const draft = {
  start: '10',
  duration: '2',
  fps: '30',
  bitrateMbps: '1',
  content: 'video',
  destination: 'download',
} as const;

describe('export form', () => {
  it('turns the typed fields into a frame plan', () => {
    const parsed = parseClipOptions(draft, 25);
    expect(parsed).toEqual({
      ok: true,
      options: {
        plan: { start: 10, durationSeconds: 2, fps: 30, trainingFps: 25, count: 60 },
        bitrate: 1e6,
        content: 'video',
        destination: 'download',
      },
    });
  });

  it('says which field is wrong', () => {
    expect(parseClipOptions({ ...draft, fps: '' }, 25)).toEqual({
      ok: false,
      error: 'Frames per second must be between 1 and 240.',
    });
    expect(parseClipOptions({ ...draft, bitrateMbps: '0' }, 25)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Bitrate/),
    });
    expect(parseClipOptions({ ...draft, duration: 'x' }, 25)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Duration/),
    });
  });
});
