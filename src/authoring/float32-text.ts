/**
 * float32 values as text: their bytes, little-endian, in base64url. Exact, so a link or a project file
 * reproduces the identical frame. Projected content (explicit ws) travels this way in links, and a project
 * file embeds ws, motion_z rows and principal directions so; about 7 kB for a 64x64 model's ws (10 x 128),
 * 38 kB for 14 x 512.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

function bytesToBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

function base64urlToBytes(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (const char of text) {
    const v = INDEX.get(char);
    if (v === undefined) return null;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[j++] = (value >> bits) & 255;
    }
  }
  return bytes;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** ws (row-major [numWs, wDim]) as base64url of their float32 little-endian bytes. */
export function encodeWs(ws: Float32Array): string {
  const bytes = new Uint8Array(ws.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < ws.length; i++) view.setFloat32(i * 4, ws[i]!, true);
  return bytesToBase64url(bytes);
}

/** The ws of `encodeWs` text, or null for text that is not whole finite float32 values. */
export function decodeWs(text: string): Float32Array | null {
  const bytes = base64urlToBytes(text);
  if (!bytes || bytes.length === 0 || bytes.length % 4 !== 0) return null;
  const ws = littleEndian
    ? new Float32Array(bytes.buffer, 0, bytes.length / 4).slice()
    : Float32Array.from({ length: bytes.length / 4 }, (_, i) => new DataView(bytes.buffer).getFloat32(i * 4, true));
  return ws.every(Number.isFinite) ? ws : null;
}

/** A short digest of ws text for cache keys and ids (FNV-1a, two 32-bit lanes, plus the length). */
export function wsDigest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}-${text.length.toString(36)}`;
}

/** A short digest of float32 values' bits (FNV-1a over the 32-bit words, two lanes, plus the count). */
export function floatsDigest(values: Float32Array): string {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < words.length; i++) {
    a = Math.imul(a ^ words[i]!, 0x01000193);
    b = Math.imul(b ^ words[i]!, 0x01000193) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}-${words.length.toString(36)}`;
}
