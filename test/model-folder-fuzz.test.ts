/**
 * The converter's 10,000-mutation fuzz, over model folders: model.json mutated anywhere in its tree
 * (values of every type and size, deleted keys, duplicated or reordered entries, cut text) and shards
 * cut, grown, removed or with flipped bytes. Every input must load or end in a `ModelError` (never
 * another exception), leak no tensors, and stay within time and memory.
 *
 * Reproduce a failure with FUZZ_SEED=<seed> (printed); FUZZ_SCALE=10 runs ten times as many.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { ModelError, type ModelFiles, type ModelJson } from '../src/model';
import { type BaseModel, baseModel } from './support/hostile/base-model';
import { prng } from './support/hostile/cases';

const SEED = Number(process.env.FUZZ_SEED ?? 20251126) >>> 0;
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);

const VALUES: unknown[] = [
  -1,
  0,
  1,
  2,
  3,
  4,
  7,
  8,
  16,
  2.5,
  1e-9,
  1e9,
  1e15,
  -1e308,
  1e308,
  null,
  true,
  false,
  '',
  'x',
  '16',
  'float16',
  'float32',
  '../../etc/passwd',
  '/dev/zero',
  [],
  [1],
  [1e9, 1e9],
  [-1],
  {},
  { dtype: 'float16' },
  { dtype: 'uint8', scale: 1, min: 0 },
  'x'.repeat(5000),
  Array.from({ length: 300 }, (_, i) => i),
];

/** Every [container, key] in a JSON tree. */
function slots(root: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) {
        out.push([v, i]);
        walk(x);
      }
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push([v as Record<string, unknown>, k]);
        walk((v as Record<string, unknown>)[k]);
      }
    }
  };
  walk(root);
  return out;
}

interface Input {
  json: string;
  shards: Map<string, Uint8Array>;
  what: string;
}

function mutate(base: BaseModel, r: Rand): Input {
  const json = JSON.parse(JSON.stringify(base.json)) as ModelJson;
  const shards = new Map(base.shards);
  const whats: string[] = [];
  let text: string | undefined;
  for (let k = 0, n = 1 + int(r, 3); k < n; k++) {
    const kind = int(r, 10);
    const all = slots(json);
    const [container, key] = all[int(r, all.length)]!;
    if (kind <= 3) {
      const v = VALUES[int(r, VALUES.length)];
      (container as Record<string, unknown>)[key as string] = v;
      whats.push(`set ${String(key)}`);
    } else if (kind === 4) {
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
      whats.push(`delete ${String(key)}`);
    } else if (kind === 5 && Array.isArray(container)) {
      container.push(container[key as number]);
      whats.push(`duplicate ${String(key)}`);
    } else if (kind === 6 && Array.isArray(container) && container.length > 1) {
      const j = int(r, container.length);
      [container[key as number], container[j]] = [container[j], container[key as number]];
      whats.push(`swap ${String(key)}`);
    } else if (kind === 7) {
      const names = [...shards.keys()];
      const name = names[int(r, names.length)]!;
      const shard = shards.get(name)!;
      const style = int(r, 4);
      if (style === 0) shards.set(name, shard.subarray(0, int(r, shard.length)));
      else if (style === 1) shards.set(name, new Uint8Array(shard.length + 1 + int(r, 8192)));
      else if (style === 2) shards.delete(name);
      else {
        const copy = shard.slice();
        for (let i = 0; i < 1 + int(r, 16); i++) copy[int(r, copy.length)] = int(r, 256);
        shards.set(name, copy);
      }
      whats.push(`shard ${name} style ${style}`);
    } else if (kind === 8) {
      const full = JSON.stringify(json);
      text = full.slice(0, int(r, full.length));
      whats.push('cut text');
    } else {
      const numbers = all.filter(([c, kk]) => typeof (c as Record<string, unknown>)[kk as string] === 'number');
      const [c, kk] = numbers[int(r, numbers.length)]!;
      (c as Record<string, unknown>)[kk as string] =
        (c as Record<string, number>)[kk as string]! * [2, 0.5, -1, 1e6][int(r, 4)]! || 1;
      whats.push(`scale ${String(kk)}`);
    }
  }
  return { json: text ?? JSON.stringify(json), shards, what: whats.join(', ') };
}

function files(input: Input): ModelFiles {
  const shard = (path: string) => {
    const b = input.shards.get(path);
    if (!b) throw new ModelError(`${path} is missing from the model folder`);
    return b;
  };
  return {
    readJson: async () => JSON.parse(input.json) as ModelJson,
    shardSize: async (path) => shard(path).length,
    readShard: async (path) => shard(path).slice().buffer,
  };
}

describe('fuzzing model folders', () => {
  let base: BaseModel;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    base = await baseModel();
  });

  it(`survives ${Math.round(10_000 * SCALE)} mutated model folders (seed ${SEED})`, async () => {
    const count = Math.round(10_000 * SCALE);
    // What a normal load and dispose leaves behind (the engine's own, measured, not assumed): refused inputs
    // must leave nothing, loaded ones no more than that.
    const baseInput = { json: JSON.stringify(base.json), shards: base.shards, what: 'base' };
    (await Generator.load(files(baseInput))).dispose();
    const beforeBase = tf.memory().numTensors;
    (await Generator.load(files(baseInput))).dispose();
    const loadResidue = tf.memory().numTensors - beforeBase;
    const rssStart = process.memoryUsage().rss;
    const outcomes = new Map<string, number>();
    let slowest = 0;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const r = prng((SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
      const input = mutate(base, r);
      const t0 = performance.now();
      const tensorsBefore = tf.memory().numTensors;
      let outcome: string;
      try {
        const generator = await Generator.load(files(input));
        outcome = generator.warnings.length ? 'loaded with warnings' : 'loaded';
        generator.dispose();
      } catch (error) {
        // A syntax error of the cut text is the only non-ModelError the in-memory reader itself raises.
        if (process.env.FUZZ_DEBUG === String(i)) console.log(input.what, error);
        if (error instanceof SyntaxError) outcome = 'invalid JSON';
        else if (error instanceof ModelError) outcome = 'refused';
        else
          throw new Error(
            `model folder fuzz failure (input ${i}: ${input.what}; FUZZ_SEED=${SEED}): ${String(error)}\n${(error as Error).stack}`,
          );
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      slowest = Math.max(slowest, performance.now() - t0);
      const residue = tf.memory().numTensors - tensorsBefore;
      if (outcome === 'refused' || outcome === 'invalid JSON')
        expect(residue, `tensors made for refused input ${i} (${input.what})`).toBe(0);
      else expect(residue, `tensors leaked by input ${i} (${input.what})`).toBeLessThanOrEqual(loadResidue);
      if (i % 500 === 0) expect(process.memoryUsage().rss - rssStart).toBeLessThan(1024 ** 3);
    }
    console.log(
      `(a normal load + dispose leaves ${loadResidue} tensors) model folder fuzz seed ${SEED}: ${count} inputs in ${((performance.now() - started) / 1000).toFixed(1)} s (slowest ${slowest.toFixed(0)} ms); ` +
        [...outcomes].map(([k, v]) => `${k} ${v}`).join(', '),
    );
    expect(outcomes.get('refused') ?? 0).toBeGreaterThan(count / 2);
  }, 600_000);
});
