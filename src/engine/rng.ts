/**
 * Counter-based Gaussian noise: value j of stream (seed, key) is a pure function of (seed, key, j), so code k
 * of a motion sequence never depends on how long the video is, and any code can be drawn on its own.
 */

function mix32(x: number): number {
  // lowbias32 (Chris Wellons): a full-avalanche 32-bit integer hash.
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function hash3(seed: number, key: number, index: number): number {
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(key >>> 0, 0x85ebca6b));
  h = mix32(h ^ Math.imul(index >>> 0, 0xc2b2ae35));
  return h;
}

/** Uniform in (0, 1), never 0, so log() is finite. */
function uniform(seed: number, key: number, index: number): number {
  return (hash3(seed, key, index) + 0.5) / 4294967296;
}

/** Standard normal samples `count` long for stream (seed, key), by Box-Muller on counter-derived uniforms. */
export function gaussianStream(seed: number, key: number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let j = 0; j < count; j += 2) {
    const pair = j >>> 1;
    const u1 = uniform(seed, key, 2 * pair);
    const u2 = uniform(seed, key, 2 * pair + 1);
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[j] = radius * Math.cos(2 * Math.PI * u2);
    if (j + 1 < count) out[j + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** Keys that separate the content stream from motion codes (motion code k uses key MOTION_KEY_BASE + k). */
export const CONTENT_KEY = 0x7fffffff;
export const MOTION_KEY_BASE = 0;

export function contentLatent(seed: number, zDim: number): Float32Array {
  return gaussianStream(seed, CONTENT_KEY, zDim);
}

/** Motion noise codes [first, first + count) of the sequence for `seed`, row-major [count, dim]. */
export function motionCodes(seed: number, first: number, count: number, dim: number): Float32Array {
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) out.set(gaussianStream(seed, MOTION_KEY_BASE + first + i, dim), i * dim);
  return out;
}
