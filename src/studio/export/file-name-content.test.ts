import { describe, expect, it } from 'vitest';
import { frameFileName } from '../../export';
import { encodeWs } from '../render/shared/content-ws';
import { fileNameContent, fileNameMotion } from './file-name-content';

const name = (contentWs: string | null) =>
  frameFileName({ modelId: 'sky64', content: fileNameContent({ contentSeed: 7, contentWs }), motionSeed: 2, t: 4 });

describe('the content a saved file is named after', () => {
  it('is the content seed while no picture is projected', () => {
    expect(name(null)).toBe('sky64_c7_m2_t4.png');
  });

  it('is the projected picture (a short digest of its ws) when ws replace the seed', () => {
    const ws = encodeWs(Float32Array.from({ length: 10 * 128 }, (_, i) => Math.sin(i)));
    const other = encodeWs(Float32Array.from({ length: 10 * 128 }, (_, i) => Math.cos(i)));
    expect(name(ws)).toMatch(/^sky64_picture-[0-9a-z]{8}_m2_t4\.png$/);
    expect(name(ws)).not.toContain('_c7_');
    expect(name(ws)).toBe(name(ws));
    expect(name(other)).not.toBe(name(ws));
  });

  it('names fitted motion by a short digest of its rows instead of the motion seed', () => {
    const rows = encodeWs(Float32Array.from({ length: 22 * 128 }, (_, i) => Math.sin(i)));
    const named = (motionZ: string | null) =>
      frameFileName({ modelId: 'sky64', content: { seed: 7 }, ...fileNameMotion({ motionSeed: 2, motionZ }), t: 4 });
    expect(named(null)).toBe('sky64_c7_m2_t4.png');
    expect(named(rows)).toMatch(/^sky64_c7_motion-[0-9a-z]{8}_t4\.png$/);
    expect(named(encodeWs(Float32Array.from({ length: 22 * 128 }, (_, i) => Math.cos(i))))).not.toBe(named(rows));
  });
});
