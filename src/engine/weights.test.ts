import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    // Only the float16 and unaligned weights (d, a, b) are tensors before they are taken.
    expect(tf.memory().numTensors).toBe(before + 3);
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
    'from %s hands weights over as JavaScript values without making tensors, the bits of the tensors',
    async (_, files) => {
      const before = tf.memory().numTensors;
      const hosted = await WeightStore.load(json, files());
      const asTensors = await WeightStore.load(json, files());
      const afterLoad = tf.memory().numTensors;
      // A wrong rank is refused and leaves the weight in the store.
      expect(() => hosted.takeHost('e', 2)).toThrow(/has shape \[6\], expected rank 2/);
      expect(() => asTensors.take('b', 1)).toThrow(/has shape \[2,3\], expected rank 1/);
      for (const { entry } of WEIGHTS) {
        const host = hosted.takeHost(entry.name);
        const tensor = asTensors.take(entry.name);
        expect(host.shape, entry.name).toEqual(entry.shape);
        expect(Array.from(new Uint32Array(host.values.slice().buffer)), entry.name).toEqual(Array.from(bits(tensor)));
        tensor.dispose();
      }
      // Each taken tensor was disposed; the hosted store's decoded tensors went when their values were taken.
      expect(tf.memory().numTensors).toBe(afterLoad - 3 - 3);
      expect(() => hosted.takeHost('e')).toThrow('model is missing weight "e"');
      hosted.dispose();
      asTensors.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('conv weights from JavaScript memory (sky64)', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('loads with no conv kernel on the backend; the first render makes them, and later renders make none', async () => {
    const files = () => modelFilesFromDirectory(resolve(import.meta.dirname, '../../public/models/sky64'));
    const json = await files().readJson();
    const convWeights = json.weightsManifest
      .flatMap((group) => group.weights)
      .filter((entry) => /\.conv[01]\.weight$/.test(entry.name)).length;
    expect(convWeights).toBeGreaterThan(4);
    const before = tf.memory().numTensors;
    const generator = await Generator.load(files());
    const loaded = tf.memory().numTensors - before;
    const render = async () => {
      const video = generator.prepareVideo({ content: { seed: 4 }, psi: 0.7, motion: { seed: 9 } });
      const frames = await video.render([3.5]);
      frames.dispose();
      video.dispose();
    };
    await render();
    const made = tf.memory().numTensors - before - loaded;
    // One kernel and one weight energy per layer at least (up-sampling layers: four polyphase parts).
    expect(made).toBeGreaterThanOrEqual(2 * convWeights);
    await render();
    expect(tf.memory().numTensors - before).toBe(loaded + made);
    generator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
