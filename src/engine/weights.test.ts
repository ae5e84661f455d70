import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  float32ArrayToFloat16,
  type ModelFiles,
  type ModelJson,
  modelFilesFromMemory,
  type WeightEntry,
} from '../model';
import { modelFilesFromDirectory } from '../model/node';
import { Generator } from './generator';
import { useNodeBackend } from './node-backend';
import { WeightStore } from './weights';

// float32 weights (the largest finite ones among them) at 4-byte aligned offsets (read from views of the shard bytes) and at offsets a float16
// weight of odd length shifted (read through tf.io.decodeWeights), with NaN and infinities in both.
const WEIGHTS: { entry: WeightEntry; values: number[] }[] = [
  {
    entry: { name: 'e', shape: [6], dtype: 'float32' },
    values: [1.5, -0, Number.POSITIVE_INFINITY, 1e-40, 3.4e38, -(2 ** 127)],
  },
  {
    entry: { name: 'd', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'float16' } },
    values: [1, -2, 0.5, 3],
  },
  { entry: { name: 'f', shape: [3], dtype: 'float32' }, values: [Number.NaN, 2.25, -3.125] },
  {
    entry: { name: 'a', shape: [3], dtype: 'float32', quantization: { dtype: 'float16' } },
    values: [0.1, Number.NEGATIVE_INFINITY, 65504],
  },
  { entry: { name: 'b', shape: [2, 3], dtype: 'float32' }, values: [1, 3.4e38, Number.NaN, 4, Number.NaN, 6.5] },
];

function groupBytes(): Uint8Array {
  const parts = WEIGHTS.map(({ entry, values }) =>
    entry.quantization
      ? new Uint8Array(float32ArrayToFloat16(Float32Array.from(values)).buffer)
      : new Uint8Array(Float32Array.from(values).buffer),
  );
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

describe('WeightStore.load', () => {
  const work = mkdtempSync(join(tmpdir(), 'stylegan-v-weights-'));
  const bytes = groupBytes();
  // Two shards split at an odd byte, so the second starts mid-value.
  const shards: [string, Uint8Array][] = [
    ['group1-shard1of2.bin', bytes.slice(0, 33)],
    ['group1-shard2of2.bin', bytes.slice(33)],
  ];
  const json = {
    weightsManifest: [{ paths: shards.map(([name]) => name), weights: WEIGHTS.map((w) => w.entry) }],
  } as unknown as ModelJson;
  for (const [name, shard] of shards) writeFileSync(join(work, name), shard);

  beforeAll(() => useNodeBackend('wasm'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const sources: [string, () => ModelFiles][] = [
    ['a folder (shards read straight into the group buffer)', () => modelFilesFromDirectory(work)],
    [
      'memory (shards read whole, then copied)',
      () =>
        modelFilesFromMemory(
          json,
          shards.map(([name, s]) => [name, s.slice().buffer as ArrayBuffer]),
        ),
    ],
  ];

  it.each(sources)('from %s gives the tensors tf.io.decodeWeights gives, bit for bit', async (_, files) => {
    const before = tf.memory().numTensors;
    const store = await WeightStore.load(json, files());
    expect(tf.memory().numTensors).toBe(before + WEIGHTS.length);
    const reference = tf.io.decodeWeights(
      bytes.slice().buffer,
      WEIGHTS.map((w) => w.entry),
    );
    for (const { entry } of WEIGHTS) {
      const tensor = store.take(entry.name);
      expect(tensor.shape, entry.name).toEqual(entry.shape);
      expect(tensor.dtype).toBe('float32');
      expect(bits(tensor), entry.name).toEqual(bits(reference[entry.name]!));
      tensor.dispose();
    }
    store.dispose();
    tf.dispose(Object.values(reference));
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(sources)('from %s counts NaN and infinities per tensor, aligned or not, in one line', async (_, files) => {
    const store = await WeightStore.load(json, files());
    // Groups in manifest order (e, f, then a, b); b's two values are in the total.
    expect(store.warnings).toEqual([
      '4 tensors have 5 NaN or infinite values (e: 1, f: 1, a: 1 and 1 more): frames may be blank or noisy',
    ]);
    store.dispose();
  });

  it.each(sources)('from %s, counted by the converter already: no count, no warning', async (_, files) => {
    const store = await WeightStore.load(json, files(), undefined, { nonFiniteCounted: true });
    expect(store.warnings).toEqual([]);
    store.dispose();
  });

  it.each(sources)(
    'from %s hands float32 weights over with their values in JavaScript, the bits of the tensor',
    async (_, files) => {
      const before = tf.memory().numTensors;
      const store = await WeightStore.load(json, files());
      const given: string[] = [];
      for (const { entry } of WEIGHTS) {
        const { tensor, values } = store.takeWithValues(entry.name);
        // float16 and unaligned weights are decoded into new tensors: no view of the shard bytes to give.
        if (values) {
          given.push(entry.name);
          expect(Array.from(new Uint32Array(values.slice().buffer)), entry.name).toEqual(bits(tensor));
        }
        tensor.dispose();
      }
      expect(given).toEqual(['e', 'f']); // e at byte 0, f at 32; b at 50 (after a's 6 bytes)
      store.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('conv weights from JavaScript memory (sky64)', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('a frame is the bits of one from a model whose conv weights were read back from the backend', async () => {
    const files = () => modelFilesFromDirectory(resolve(import.meta.dirname, '../../public/models/sky64'));
    const frame = async (generator: Generator) => {
      const video = generator.prepareVideo({ content: { seed: 4 }, psi: 0.7, motion: { seed: 9 } });
      const frames = await video.render([3.5]);
      const values = (await frames.data()) as Float32Array;
      frames.dispose();
      video.dispose();
      generator.dispose();
      return Buffer.from(values.buffer);
    };
    const fromHost = await frame(await Generator.load(files()));
    const spy = vi.spyOn(WeightStore.prototype, 'takeWithValues').mockImplementation(function (
      this: WeightStore,
      name: string,
      rank?: number,
    ) {
      return { tensor: this.take(name, rank), values: null };
    });
    try {
      const readBack = await frame(await Generator.load(files()));
      expect(spy).toHaveBeenCalled();
      expect(readBack.equals(fromHost)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
