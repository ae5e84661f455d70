/**
 * The first frame of an animated WebP as a still WebP of its own (its ANMF chunk's ALPH and VP8/VP8L data
 * in a new RIFF container), with where it lies on the animation's canvas. Still-picture decoders (the
 * Node one) refuse animations; browsers show the first frame themselves.
 */
import { ImageInputError } from './errors';

export interface WebpFrame {
  /** A still WebP holding just this frame. */
  still: Uint8Array;
  /** Position and size on the canvas, in pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
}

const ascii = (b: Uint8Array, i: number) => String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
const u24 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

interface Chunk {
  type: string;
  /** The chunk's payload. */
  data: Uint8Array;
  /** The whole chunk: header, payload and padding. */
  bytes: Uint8Array;
}

/** The RIFF chunks in b[start, end), in order; a chunk running past the end is an error. */
function chunks(b: Uint8Array, start: number, end: number, name: string): Chunk[] {
  const out: Chunk[] = [];
  for (let at = start; at + 8 <= end; ) {
    const size = u32(b, at + 4);
    const next = at + 8 + size + (size & 1);
    if (at + 8 + size > end) throw damaged(name, `its ${ascii(b, at)} chunk runs past the end`);
    out.push({
      type: ascii(b, at),
      data: b.subarray(at + 8, at + 8 + size),
      bytes: b.subarray(at, Math.min(next, end)),
    });
    at = next;
  }
  return out;
}

function damaged(name: string, why: string): ImageInputError {
  return new ImageInputError('corrupt', `${name} is a damaged animated WebP (${why})`);
}

function riff(parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(12 + length);
  out.set([0x52, 0x49, 0x46, 0x46], 0);
  new DataView(out.buffer).setUint32(4, 4 + length, true);
  out.set([0x57, 0x45, 0x42, 0x50], 8);
  let at = 12;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A VP8X chunk saying "alpha" for a still of width x height. */
function vp8xWithAlpha(width: number, height: number): Uint8Array {
  const chunk = new Uint8Array(18);
  chunk.set([0x56, 0x50, 0x38, 0x58, 10, 0, 0, 0, 0x10], 0);
  for (const [at, value] of [
    [12, width - 1],
    [15, height - 1],
  ] as const) {
    chunk[at] = value & 0xff;
    chunk[at + 1] = (value >> 8) & 0xff;
    chunk[at + 2] = (value >> 16) & 0xff;
  }
  return chunk;
}

export function firstWebpFrame(b: Uint8Array, name = 'the file'): WebpFrame {
  const end = Math.min(b.length, 8 + u32(b, 4));
  const frame = chunks(b, 12, end, name).find((c) => c.type === 'ANMF');
  if (!frame || frame.data.length < 16) throw damaged(name, 'it has no frame');
  const d = frame.data;
  const placed = { x: 2 * u24(d, 0), y: 2 * u24(d, 3), width: u24(d, 6) + 1, height: u24(d, 9) + 1 };
  const parts = chunks(d, 16, d.length, name);
  const image = parts.find((c) => c.type === 'VP8 ' || c.type === 'VP8L');
  if (!image) throw damaged(name, 'its first frame has no image data');
  const alpha = parts.find((c) => c.type === 'ALPH');
  const still = alpha
    ? riff([vp8xWithAlpha(placed.width, placed.height), alpha.bytes, image.bytes])
    : riff([image.bytes]);
  return { still, ...placed };
}
