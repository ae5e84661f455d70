/**
 * Fuzzing the converter with mutated snapshots: bit flips, truncations, spliced chunks and inflated
 * length fields. Every input must end in a model or a typed `ConvertError` (never 'internal', never
 * another exception), quickly, without runaway memory.
 *
 * Reproduce a failure with FUZZ_SEED=<seed> (printed on failure); FUZZ_SCALE=10 runs ten times as many.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOTS } from '../../test/support/fixtures';
import { syntheticSnapshotBytes, TINY_SPEC } from '../../test/support/synthetic-snapshot';
import { ConvertError, convertSnapshot, MemoryByteSource, MemorySink } from './index';

const SEED = Number(process.env.FUZZ_SEED ?? 20251125) >>> 0;
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

/** mulberry32: small, seedable, good enough for choosing mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);

/** Opcodes followed by a length or index field, and that field's size. */
const LENGTH_OPS: Array<[number, number]> = [
  [0x42, 4],
  [0x58, 4],
  [0x54, 4],
  [0x8b, 4],
  [0x6a, 4],
  [0x72, 4], // BINBYTES BINUNICODE BINSTRING LONG4 LONG_BINGET LONG_BINPUT
  [0x8e, 8],
  [0x8d, 8],
  [0x96, 8],
  [0x95, 8], // BINBYTES8 BINUNICODE8 BYTEARRAY8 FRAME
  [0x43, 1],
  [0x8c, 1],
  [0x8a, 1],
  [0x68, 1],
  [0x71, 1], // SHORT_BINBYTES SHORT_BINUNICODE LONG1 BINGET BINPUT
];
const HUGE = [0xff, 0x7f, 0x80, 0x00, 0x40, 0x10];

function writeHuge(b: Uint8Array, at: number, size: number, r: Rand): string {
  const style = int(r, 4);
  for (let i = 0; i < size && at + i < b.length; i++) {
    b[at + i] =
      style === 0
        ? 0xff
        : style === 1
          ? i === size - 1
            ? 0x7f
            : 0xff
          : style === 2
            ? HUGE[int(r, HUGE.length)]!
            : int(r, 256);
  }
  return `len${size}@${at}/style${style}`;
}

/** One random mutation of `src` (a copy); returns the bytes and a description. */
function mutate(src: Uint8Array, r: Rand): { bytes: Uint8Array; what: string } {
  let b = src.slice();
  const whats: string[] = [];
  const n = 1 + int(r, 3);
  for (let k = 0; k < n && b.length > 0; k++) {
    const kind = int(r, 8);
    if (kind === 0) {
      const flips = 1 + int(r, 8);
      for (let i = 0; i < flips; i++) b[int(r, b.length)]! ^= 1 << int(r, 8);
      whats.push(`flip${flips}`);
    } else if (kind === 1) {
      const at = int(r, b.length);
      b[at] = [0x00, 0xff, 0x7f, 0x80, 0x28, 0x2e, 0x52, 0x62, 0x93, 0x94][int(r, 10)]!;
      whats.push(`set@${at}`);
    } else if (kind === 2) {
      const at = int(r, b.length);
      b = b.slice(0, at);
      whats.push(`cut@${at}`);
    } else if (kind === 3) {
      const len = 1 + int(r, 256);
      const from = int(r, b.length);
      const to = int(r, b.length);
      const chunk = b.slice(from, from + len);
      const out = new Uint8Array(b.length + chunk.length);
      out.set(b.subarray(0, to));
      out.set(chunk, to);
      out.set(b.subarray(to), to + chunk.length);
      b = out;
      whats.push(`insert${chunk.length}@${to}`);
    } else if (kind === 4) {
      const at = int(r, b.length);
      const len = 1 + int(r, 64);
      b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at + len)]);
      whats.push(`delete${len}@${at}`);
    } else if (kind === 5 || kind === 6) {
      // Inflate a length/index field after an opcode byte (found by scanning from a random point).
      const start = int(r, b.length);
      const [op, size] = LENGTH_OPS[int(r, LENGTH_OPS.length)]!;
      let at = b.indexOf(op, start);
      if (at < 0) at = b.indexOf(op);
      if (at >= 0) whats.push(`op${op.toString(16)}:${writeHuge(b, at + 1, size, r)}`);
    } else {
      // Inflate a torch storage's int64 element count: it follows the STOP ('.') of the key-list pickle.
      const start = int(r, b.length);
      let at = b.indexOf(0x2e, start);
      if (at < 0) at = b.indexOf(0x2e);
      if (at >= 0) whats.push(`numel:${writeHuge(b, at + 1, 8, r)}`);
    }
  }
  return { bytes: b, what: whats.join(',') };
}

interface Outcome {
  ok: number;
  codes: Map<string, number>;
  slowestMs: number;
}

async function runOne(bytes: Uint8Array, label: string, outcome: Outcome): Promise<void> {
  const started = performance.now();
  try {
    await convertSnapshot(new MemoryByteSource(bytes, 'fuzz.pkl'), new MemorySink());
    outcome.ok++;
  } catch (error) {
    if (!(error instanceof ConvertError) || error.code === 'internal') {
      const cause = error instanceof ConvertError ? (error.cause as Error | undefined) : (error as Error);
      throw new Error(
        `fuzz failure (${label}; reproduce with FUZZ_SEED=${SEED}): ${String(error)}\n${cause?.stack ?? ''}`,
      );
    }
    outcome.codes.set(error.code, (outcome.codes.get(error.code) ?? 0) + 1);
  }
  const ms = performance.now() - started;
  outcome.slowestMs = Math.max(outcome.slowestMs, ms);
  if (ms > 5000) throw new Error(`fuzz input took ${ms.toFixed(0)} ms (${label}; FUZZ_SEED=${SEED})`);
}

describe('fuzzing the converter', () => {
  const tiny = new Uint8Array(readFileSync(SNAPSHOTS.tiny));
  const cond = new Uint8Array(readFileSync(SNAPSHOTS.cond));
  // The smallest architecture the converter accepts, in two variants: conditional with noise, and float16 storages
  // written with pickle protocol 2.
  const miniSpec = {
    ...TINY_SPEC,
    resolution: 8,
    zDim: 4,
    wDim: 4,
    channelBase: 16,
    channelMax: 4,
    mappingLayers: 1,
    timeEncDim: 2,
    motionZDim: 2,
    motionVDim: 3,
    adam: 'none',
    discriminatorBytes: 1,
  } as const;
  const mini = syntheticSnapshotBytes({ ...miniSpec, cDim: 2, useNoise: true }).bytes;
  const mini2 = syntheticSnapshotBytes({ ...miniSpec, halfStorage: true }, 2).bytes;

  const plan = [
    // [name, iterations, source of the input]
    [
      'prefixes of the fixtures',
      Math.round(6970 * SCALE),
      (r: Rand) => {
        const base = [tiny, cond, mini, mini2][int(r, 4)]!;
        const len = Math.min(base.length, Math.floor(Math.exp(r() * Math.log(96 * 1024))) + 2);
        return base.subarray(0, len);
      },
    ],
    ['whole synthetic snapshots (protocol 4 and 2)', Math.round(3000 * SCALE), (r: Rand) => (r() < 0.6 ? mini : mini2)],
    ['the whole tiny fixture', Math.round(30 * SCALE), () => tiny],
  ] as const;

  it(`survives ${plan.reduce((n, p) => n + p[1], 0)} mutated inputs (seed ${SEED})`, async () => {
    const started = performance.now();
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    const summary: string[] = [];
    let index = 0;
    for (const [name, count, pick] of plan) {
      const outcome: Outcome = { ok: 0, codes: new Map(), slowestMs: 0 };
      const t0 = performance.now();
      for (let i = 0; i < count; i++, index++) {
        const r = prng((SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
        const { bytes, what } = mutate(pick(r), r);
        await runOne(bytes, `input ${index} (${name}): ${what}`, outcome);
        if (i % 250 === 0) {
          rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
          expect(rssPeak - rssStart, `RSS growth at input ${index} (FUZZ_SEED=${SEED})`).toBeLessThan(1024 ** 3);
        }
      }
      const codes = [...outcome.codes]
        .sort((a, b) => b[1] - a[1])
        .map(([c, k]) => `${c} ${k}`)
        .join(', ');
      summary.push(
        `${name}: ${count} inputs in ${((performance.now() - t0) / 1000).toFixed(1)} s (slowest ${outcome.slowestMs.toFixed(0)} ms); ${outcome.ok} converted; ${codes}`,
      );
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    console.log(
      `fuzz seed ${SEED}: ${index} inputs in ${((performance.now() - started) / 1000).toFixed(1)} s, RSS +${((rssPeak - rssStart) / 1e6).toFixed(0)} MB\n  ` +
        summary.join('\n  '),
    );
    expect(rssPeak - rssStart).toBeLessThan(1024 ** 3);
  }, 180_000); // ten thousand conversions: about 20 s on a busy 2-core machine
});
