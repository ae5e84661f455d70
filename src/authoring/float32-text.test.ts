import { describe, expect, it } from 'vitest';
import { decodeWs, encodeWs, wsDigest } from './float32-text';

describe('ws in the URL', () => {
  it('round-trips every float32 bit pattern exactly', () => {
    const ws = new Float32Array(10 * 128);
    for (let i = 0; i < ws.length; i++) ws[i] = Math.sin(i * 12.9898) * 43758.5453 * 10 ** ((i % 9) - 6);
    ws[0] = -0;
    ws[1] = 3.4e38;
    ws[2] = 1e-45;
    const text = encodeWs(ws);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBe(Math.ceil((ws.length * 4 * 8) / 6));
    const back = decodeWs(text)!;
    expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(ws.buffer));
  });

  it('round-trips lengths whose bytes are not a multiple of 3', () => {
    for (const n of [1, 2, 3, 4, 5]) {
      const ws = Float32Array.from({ length: n }, (_, i) => i + 0.25);
      expect(decodeWs(encodeWs(ws))).toEqual(ws);
    }
  });

  it('refuses text that is not whole finite float32 values', () => {
    expect(decodeWs('')).toBeNull();
    expect(decodeWs('AAA')).toBeNull(); // 2 bytes
    expect(decodeWs('AAAA+A==')).toBeNull(); // not base64url
    expect(decodeWs(encodeWs(new Float32Array([1, Number.NaN])))).toBeNull();
    expect(decodeWs(encodeWs(new Float32Array([Infinity])))).toBeNull();
  });

  it('digests differ when one value differs', () => {
    const a = new Float32Array(1280).fill(0.5);
    const b = a.slice();
    b[700] = 0.5000001;
    expect(wsDigest(encodeWs(a))).not.toBe(wsDigest(encodeWs(b)));
    expect(wsDigest(encodeWs(a))).toBe(wsDigest(encodeWs(a.slice())));
  });
});
