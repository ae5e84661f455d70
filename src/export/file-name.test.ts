import { describe, expect, it } from 'vitest';
import { clipFileName, frameFileName } from './file-name';

describe('file names', () => {
  it('name model, seeds and t', () => {
    const seed = (s: number) => ({ seed: s });
    expect(frameFileName({ modelId: 'sky64', content: seed(1), motionSeed: 2, t: 12.5 })).toBe('sky64_c1_m2_t12.5.png');
    expect(frameFileName({ modelId: 'sky64', content: seed(1), motionSeed: 2, t: 1 / 3 })).toBe(
      'sky64_c1_m2_t0.333.png',
    );
    expect(frameFileName({ modelId: 'a b/c', content: seed(0), motionSeed: 0, t: 0, kind: 'grid', gridSize: 3 })).toBe(
      'a-b-c_grid3x3_c0_m0_t0.png',
    );
    expect(clipFileName({ modelId: 'sky64', content: seed(1), motionSeed: 1, t: 10 }, 2, 29.97, '.mp4')).toBe(
      'sky64_c1_m1_t10-2s-29.97fps.mp4',
    );
  });

  it('say when frames were scaled up', () => {
    const parts = { modelId: 'sky64', content: { seed: 1 }, motionSeed: 2, t: 0 };
    expect(clipFileName({ ...parts, scale: 4 }, 10, 25, '.mp4')).toBe('sky64_c1_m2_t0_4x-10s-25fps.mp4');
    expect(frameFileName({ ...parts, scale: 2 })).toBe('sky64_c1_m2_t0_2x.png');
    expect(frameFileName({ ...parts, scale: 1 })).toBe('sky64_c1_m2_t0.png');
  });

  it('name projected content as a picture with its digest, never as a content seed', () => {
    const content = { pictureDigest: '1k9ze0qa' };
    expect(frameFileName({ modelId: 'sky64', content, motionSeed: 3, t: 0 })).toBe('sky64_picture-1k9ze0qa_m3_t0.png');
    expect(
      clipFileName({ modelId: 'sky64', content, motionSeed: 3, t: 5, kind: 'grid', gridSize: 2 }, 1, 25, '.webm'),
    ).toBe('sky64_grid2x2_picture-1k9ze0qa_m3_t5-1s-25fps.webm');
  });
});
