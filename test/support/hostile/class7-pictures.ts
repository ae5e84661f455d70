/**
 * Class 7: pictures. Headers whose decoding would take more memory than a picture may use (every JPEG
 * colour model, turned or not, progressive or baseline, just over the cap for its kind), the same just under
 * it (accepted from the header), and animated WebPs built from the still fixtures: the first frame covering
 * the canvas or placed inside it, one to three frames, and damaged animations.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { maxDecodePixels } from '../../../src/image-input';

export interface PictureCase {
  kind: 'picture';
  name: string;
  bytes: Uint8Array;
  /** Refused from the header or while decoding, with this kind and message; or decoded to this size. */
  expect:
    | { refused: 'too-large' | 'corrupt'; message: RegExp }
    | { width: number; height: number; note?: RegExp; frame?: { x: number; y: number; still: Uint8Array } };
}

const IMAGES = resolve(__dirname, '../../fixtures/images');
const enc = new TextEncoder();

function concat(parts: Array<Uint8Array | number[]>): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of arrays) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const u16be = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const u24le = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff];
const u32le = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];

/** An APP1 Exif segment saying `orientation`. */
function exif(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, ...u16be(orientation), 0, 0];
  const body = concat([enc.encode('Exif\0\0'), tiff, [0, 0, 0, 0]]);
  return concat([[0xff, 0xe1], u16be(body.length + 2), body]);
}

/** A JPEG's start: SOI, optional Exif, a frame header (SOF0 baseline or SOF2 progressive), nothing else. */
function jpegHeader(width: number, height: number, components: number, progressive: boolean, orientation: number) {
  const specs = Array.from({ length: components }, (_, i) => [i + 1, 0x11, 0]).flat();
  return concat([
    [0xff, 0xd8],
    orientation === 1 ? [] : exif(orientation),
    [0xff, progressive ? 0xc2 : 0xc0],
    u16be(8 + 3 * components),
    [8, ...u16be(height), ...u16be(width), components, ...specs],
    new Uint8Array(1024), // junk where the scans would be: only the header may be read
  ]);
}

/** A square side whose pixels are just over (or at most) the decode cap of this kind of JPEG. */
function sideFor(pixels: number, over: boolean): number {
  const side = Math.floor(Math.sqrt(pixels));
  return over ? side + 1 : side;
}

function* decodeBombs(): Generator<PictureCase> {
  for (const components of [1, 3, 4])
    for (const progressive of [false, true])
      for (const orientation of [1, 6]) {
        const cap = maxDecodePixels({ format: 'jpeg', components, orientation });
        const label = `${components}-component ${progressive ? 'progressive' : 'baseline'} JPEG, orientation ${orientation}`;
        const over = sideFor(cap, true);
        // Past the general 64 MP cap the header check says so first; decode caps below it have their own line.
        if (over * over <= 64_000_000 && over <= 16_384)
          yield {
            kind: 'picture',
            name: `${label}, ${over}x${over}: over its decode cap`,
            bytes: jpegHeader(over, over, components, progressive, orientation),
            expect: { refused: 'too-large', message: /decoding it takes about \d+ MB, more than the 768 MB/ },
          };
        // A wide one too: the cap is on pixels, not on sides.
        const wide = Math.min(16_384, Math.ceil(cap / 4000) + 1);
        if (wide * 4000 <= 64_000_000 && wide * 4000 > cap)
          yield {
            kind: 'picture',
            name: `${label}, ${wide}x4000: over its decode cap`,
            bytes: jpegHeader(wide, 4000, components, progressive, orientation),
            expect: { refused: 'too-large', message: /megapixels: scale it down first$/ },
          };
      }
}

/** A RIFF WEBP of chunks. */
function riff(chunks: Uint8Array[]): Uint8Array {
  const body = concat(chunks);
  return concat([enc.encode('RIFF'), u32le(4 + body.length), enc.encode('WEBP'), body]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  return concat([enc.encode(type), u32le(data.length), data, data.length % 2 ? [0] : []]);
}

/** The chunks after "WEBP" of a still fixture (its VP8/VP8L chunk, with ALPH where there is one). */
function stillChunks(still: Uint8Array): Uint8Array {
  const start = still[15] === 0x58 ? 12 + 8 + 10 : 12; // skip a VP8X header
  return still.subarray(start);
}

function animated(
  canvas: { width: number; height: number },
  frames: Array<{ x: number; y: number; width: number; height: number; data: Uint8Array }>,
  alpha: boolean,
): Uint8Array {
  const vp8x = new Uint8Array([alpha ? 0x12 : 0x02, 0, 0, 0, ...u24le(canvas.width - 1), ...u24le(canvas.height - 1)]);
  const anim = new Uint8Array([255, 255, 255, 255, 0, 0]);
  const anmf = frames.map((f) =>
    chunk(
      'ANMF',
      concat([u24le(f.x / 2), u24le(f.y / 2), u24le(f.width - 1), u24le(f.height - 1), u24le(100), [0], f.data]),
    ),
  );
  return riff([chunk('VP8X', vp8x), chunk('ANIM', anim), ...anmf]);
}

function* animations(): Generator<PictureCase> {
  // Both fixtures are 48x32.
  for (const file of ['halves-rgb.webp', 'halves-rgba-lossless.webp']) {
    const still = new Uint8Array(readFileSync(resolve(IMAGES, file)));
    const data = stillChunks(still);
    const frame = { width: 48, height: 32, data };
    const alpha = file.includes('rgba');
    for (const count of [1, 2, 3]) {
      yield {
        kind: 'picture',
        name: `animated ${file}, ${count} frame(s) covering the canvas`,
        bytes: animated({ width: 48, height: 32 }, Array(count).fill({ ...frame, x: 0, y: 0 }), alpha),
        expect: { width: 48, height: 32, note: /animated WebP: its first frame is used/, frame: { x: 0, y: 0, still } },
      };
    }
    for (const [x, y] of [
      [2, 0],
      [16, 8],
      [0, 30],
    ] as const) {
      yield {
        kind: 'picture',
        name: `animated ${file}, first frame at (${x}, ${y}) of a 64x40 canvas`,
        bytes: animated({ width: 64, height: 40 }, [{ ...frame, x, y }], alpha),
        expect: { width: 64, height: 40, note: /animated WebP: its first frame is used/, frame: { x, y, still } },
      };
    }
    yield {
      kind: 'picture',
      name: `animated ${file} with no frame`,
      bytes: animated({ width: 48, height: 32 }, [], alpha),
      expect: { refused: 'corrupt', message: /damaged animated WebP \(it has no frame\)/ },
    };
    yield {
      kind: 'picture',
      name: `animated ${file} whose frame has no image data`,
      bytes: animated(
        { width: 48, height: 32 },
        [{ ...frame, x: 0, y: 0, data: chunk('XYZW', new Uint8Array(4)) }],
        alpha,
      ),
      expect: { refused: 'corrupt', message: /its first frame has no image data/ },
    };
    const whole = animated({ width: 48, height: 32 }, [{ ...frame, x: 0, y: 0 }], alpha);
    yield {
      kind: 'picture',
      name: `animated ${file} cut inside its frame`,
      bytes: whole.subarray(0, whole.length - 40),
      expect: { refused: 'corrupt', message: /damaged|could not be decoded/ },
    };
  }
}

export function* class7Cases(): Generator<PictureCase> {
  yield* decodeBombs();
  yield* animations();
}

/** An RGB PNG of one colour, written without holding its pixels as RGBA. */
export function flatPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc(height * (1 + width * 3), 0), { level: 1 });
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}
