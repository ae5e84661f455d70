import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { REFERENCE_MODELS, SNAPSHOTS } from '../../test/support/fixtures';
import { syntheticSnapshotBytes, TINY_SPEC } from '../../test/support/synthetic-snapshot';
import { expectedWeights, MODEL_FORMAT, type ModelIndex, type ModelJson } from '../model';
import { createFolderSink, indexEntryFor, updateModelIndex } from '../model/node';
import { ConvertError, convertSnapshot, inspectSnapshot, MemoryByteSource, MemorySink } from './index';
import { FileByteSource } from './node';

type Name = keyof typeof SNAPSHOTS;

/** Every reference model in ../shared (fixtures and trained models), by folder name. */
const ALL_REFERENCE_MODELS = Object.keys(REFERENCE_MODELS);
const snapshotPath = (name: string) => path.join(REFERENCE_MODELS[name]!, 'network-snapshot.pkl');
const SHORT_NAMES: Record<Name, string> = { tiny: 'tiny', cond: 'cond-noise-64', sky64: 'sky64' };

async function convertFile(name: Name | string, fp16 = false) {
  const source = await FileByteSource.open(snapshotPath(SHORT_NAMES[name as Name] ?? name));
  const sink = new MemorySink();
  try {
    const result = await convertSnapshot(source, sink, { fp16 });
    return { result, sink, model: sink.model!, source };
  } finally {
    await source.close();
  }
}

function weightsOf(model: ModelJson, bytes: Uint8Array): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let at = 0;
  for (const w of model.weightsManifest[0]!.weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    out.set(w.name, new Float32Array(bytes.slice(at, at + n * 4).buffer));
    at += n * 4;
  }
  return out;
}

const reference = (name: string) =>
  JSON.parse(readFileSync(path.join(REFERENCE_MODELS[name]!, 'reference.json'), 'utf8')).generator as Record<
    string,
    number | boolean
  >;

interface OfficialTensor {
  shape: number[];
  sha256: string;
}

/** weights.json beside each snapshot: every G_ema tensor as the official code loads it (shape, SHA-256 of its float32 bytes). */
const officialStateDict = (name: string) =>
  JSON.parse(readFileSync(path.join(REFERENCE_MODELS[name]!, 'weights.json'), 'utf8')).tensors as Record<
    string,
    OfficialTensor
  >;

const sha256Of = (values: Float32Array) =>
  createHash('sha256')
    .update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
    .digest('hex');

describe.each(ALL_REFERENCE_MODELS)('convertSnapshot(%s)', (name) => {
  it('matches reference.json and the official state dict', async () => {
    const { model, sink, result } = await convertFile(name);
    const ref = reference(name);
    const a = model.architecture;
    expect(model.format).toBe(MODEL_FORMAT);
    expect(a.zDim).toBe(ref.z_dim);
    expect(a.cDim).toBe(ref.c_dim);
    expect(a.wDim).toBe(ref.w_dim);
    expect(a.numWs).toBe(ref.num_ws);
    expect(a.imgResolution).toBe(ref.img_resolution);
    expect(a.motion.motionZDistance).toBe(ref.motion_z_distance);
    expect(a.motion.zDim).toBe(ref.motion_z_dim);
    expect(a.motion.numAdditionalCodes).toBe(ref.num_additional_codes);
    expect(a.synthesis.useNoise).toBe(ref.use_noise);
    expect(a.synthesis.blocks.map((b) => b.resolution)).toEqual(
      Array.from({ length: Math.log2(a.imgResolution) - 1 }, (_, i) => 4 * 2 ** i),
    );
    expect(a.synthesis.blocks.at(-1)!.isLast).toBe(true);
    expect(a.synthesis.blocks[0]!.inChannels).toBe(0);

    const bytes = sink.concatenated();
    expect(result.weightBytes).toBe(bytes.length);

    const entries = model.weightsManifest[0]!.weights;
    const shape = (n: string) => entries.find((w) => w.name === n)?.shape;
    const D = a.motion.timeEncDim;
    expect(shape('synthesis.motion_encoder.time_encoder.freqs')).toEqual([1, D]);
    expect(shape('synthesis.motion_encoder.time_encoder.aligners_predictor.weight')).toEqual([2 * D, a.motion.codeDim]);
    // src/training/motion.py: conv1d (motion z_dim + c_dim -> z_dim), then (z_dim -> v_dim).
    expect(shape('synthesis.motion_encoder.conv.0.weight')).toEqual([
      a.motion.zDim,
      a.motion.zDim + a.cDim,
      a.motion.kernelSize,
    ]);
    expect(shape('synthesis.motion_encoder.conv.1.weight')).toEqual([
      a.motion.codeDim,
      a.motion.zDim,
      a.motion.kernelSize,
    ]);
    expect(shape('synthesis.b4.input.input.const')).toEqual([1, a.synthesis.constChannels, 4, 4]);
    expect(shape('synthesis.b4.conv1.weight')).toEqual([
      a.synthesis.blocks[0]!.outChannels,
      a.synthesis.constChannels + 2 * D,
      3,
      3,
    ]);
    expect(shape(`synthesis.b${a.imgResolution}.torgb.weight`)).toEqual([
      3,
      a.synthesis.blocks.at(-1)!.outChannels,
      1,
      1,
    ]);
    expect(shape('mapping.w_avg')).toEqual([a.wDim]);
    expect(entries.filter((w) => w.name.startsWith('mapping.fc'))).toHaveLength(2 * a.mapping.numLayers);
    expect(entries.some((w) => w.name === 'mapping.embed.weight')).toBe(a.cDim > 0);
    expect(entries.some((w) => w.name.endsWith('.noise_strength'))).toBe(a.synthesis.useNoise);

    // The FIR filter buffer is [1,3,3,1] x [1,3,3,1] / 64, as the official code builds it.
    const filter = weightsOf(model, bytes).get('synthesis.b8.conv0.resample_filter')!;
    const k = [1, 3, 3, 1];
    expect(Array.from(filter)).toEqual(k.flatMap((x) => k.map((y) => (x * y) / 64)).map(Math.fround));
  });
});

describe.each(ALL_REFERENCE_MODELS)('converted weights of %s', (name) => {
  it('equal the official state dict (weights.json) tensor by tensor', async () => {
    const { model, sink } = await convertFile(name);
    const official = officialStateDict(name);
    const ours = weightsOf(model, sink.concatenated());
    const shapes = new Map(model.weightsManifest[0]!.weights.map((w) => [w.name, w.shape]));
    expect([...ours.keys()].sort()).toEqual(Object.keys(official).sort());
    for (const [tensorName, expected] of Object.entries(official)) {
      // weights.json writes 0-dim tensors (noise_strength is torch.zeros([]) officially) with shape [1].
      const shape = shapes.get(tensorName)!;
      expect(shape.length === 0 ? [1] : shape, tensorName).toEqual(expected.shape);
      expect(sha256Of(ours.get(tensorName)!), tensorName).toBe(expected.sha256);
    }
  });

  it('are exactly what the shape table (expectedWeights) implies for the converted settings', async () => {
    const { model } = await convertFile(name);
    const official = officialStateDict(name);
    const table = expectedWeights(model.architecture);
    expect([...table.keys()].sort()).toEqual(Object.keys(official).sort());
    for (const [tensorName, { shape }] of table) {
      expect(shape.length === 0 ? [1] : shape, tensorName).toEqual(official[tensorName]!.shape);
    }
  });
});

describe('architecture details', () => {
  it('tiny: motion_z_distance is interpolated from time_enc.min_period_len', async () => {
    const g = await inspectSnapshot(new MemoryByteSource(readFileSync(SNAPSHOTS.tiny)));
    expect(g.architecture.motion.motionZDistance).toBe(16);
    expect((g.generatorConfig as { time_enc: { min_period_len: number } }).time_enc.min_period_len).toBe(16);
    expect(g.architecture.synthesis.convClamp).toBe(256);
    expect(g.architecture.synthesis.useNoise).toBe(false);
  });

  it('cond-noise-64: explicit motion_z_distance, c_dim 3, noise, zero-dim noise_strength', async () => {
    const { model } = await convertFile('cond');
    const a = model.architecture;
    expect(a.motion.motionZDistance).toBe(32);
    expect(a.cDim).toBe(3);
    expect(a.synthesis.useNoise).toBe(true);
    const entries = model.weightsManifest[0]!.weights;
    expect(entries.find((w) => w.name === 'synthesis.b4.conv1.noise_strength')!.shape).toEqual([]);
    expect(entries.find((w) => w.name === 'synthesis.b8.conv1.noise_const')!.shape).toEqual([8, 8]);
    expect(entries.find((w) => w.name === 'mapping.embed.weight')!.shape).toEqual([40, 3]);
  });

  it('sky64: z = w = 128, time_enc.dim 64, no noise, conv_clamp null, 256 frames', async () => {
    const { model, result } = await convertFile('sky64');
    const a = model.architecture;
    expect([a.zDim, a.wDim, a.motion.zDim, a.motion.codeDim]).toEqual([128, 128, 128, 128]);
    expect(a.motion.timeEncDim).toBe(64);
    expect(a.synthesis.useNoise).toBe(false);
    expect(a.synthesis.convClamp).toBeNull();
    expect(a.maxNumFrames).toBe(256);
    expect(a.fps).toBe(25);
    expect(a.mapping).toEqual({ numLayers: 2, lrMultiplier: 0.01, wAvgBeta: 0.995 });
    expect(a.motion.kernelSize).toBe(11);
    expect(a.motion.numConvLayers).toBe(2);
    expect(a.motion.lrMultiplier).toBe(0.01);
    expect(result.tensorCount).toBe(85);
  });
});

describe('fp16 output', () => {
  it('decodes with tf.io.decodeWeights to the float32 weights within float16 precision', async () => {
    const full = await convertFile('sky64');
    const half = await convertFile('sky64', true);
    const entries = half.model.weightsManifest[0]!.weights;
    expect(entries.every((w) => w.dtype === 'float32' && w.quantization?.dtype === 'float16')).toBe(true);
    const halfBytes = half.sink.concatenated();
    expect(halfBytes.length * 2).toBe(full.sink.concatenated().length);

    const expected = weightsOf(full.model, full.sink.concatenated());
    const decoded = tf.io.decodeWeights(halfBytes.slice().buffer, entries);
    let checked = 0;
    for (const w of entries) {
      const got = decoded[w.name]!.dataSync() as Float32Array;
      const want = expected.get(w.name)!;
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        const tol = Math.max(Math.abs(want[i]!) * 2 ** -11, 2 ** -24);
        if (Math.abs(got[i]! - want[i]!) > tol) throw new Error(`${w.name}[${i}]: ${got[i]} vs ${want[i]}`);
        checked++;
      }
    }
    tf.dispose(Object.values(decoded));
    expect(checked).toBe(full.result.weightBytes / 4);
  });
});

describe('shards', () => {
  it('are at most 4 MB, and weights may span shard boundaries', async () => {
    const { model, sink, result } = await convertFile('sky64');
    const paths = model.weightsManifest[0]!.paths;
    expect(paths.length).toBe(Math.ceil(result.weightBytes / (4 * 1024 * 1024)));
    for (const [i, p] of paths.entries()) {
      expect(p).toBe(`group1-shard${i + 1}of${paths.length}.bin`);
      expect(sink.shards.get(p)!.length).toBeLessThanOrEqual(4 * 1024 * 1024);
    }
    // A small shard limit forces tensors across boundaries; tfjs concatenates and decodes them.
    const small = new MemorySink();
    const r = await convertSnapshot(new MemoryByteSource(readFileSync(SNAPSHOTS.tiny)), small, { shardBytes: 10_000 });
    const smallPaths = r.model.weightsManifest[0]!.paths;
    expect(smallPaths.length).toBe(Math.ceil(r.weightBytes / 10_000));
    expect([...small.shards.values()].every((b) => b.length <= 10_000)).toBe(true);
    const decoded = tf.io.decodeWeights(small.concatenated().slice().buffer, r.model.weightsManifest[0]!.weights);
    const reference = await convertFile('tiny');
    const want = weightsOf(reference.model, reference.sink.concatenated());
    for (const [n, t] of Object.entries(decoded)) expect(Array.from(t.dataSync())).toEqual(Array.from(want.get(n)!));
    tf.dispose(Object.values(decoded));
  });
});

describe('synthetic snapshots', () => {
  it('round-trip every G_ema value, protocol 4 and protocol 2 (bytes via _codecs.encode), float16 storages', async () => {
    for (const [protocol, halfStorage] of [
      [4, false],
      [2, true],
    ] as const) {
      const spec = {
        ...TINY_SPEC,
        cDim: 2,
        useNoise: true,
        convClamp: null,
        captureValues: true,
        halfStorage,
        adam: 'D' as const,
      };
      const { bytes, tensors } = syntheticSnapshotBytes(spec, protocol);
      const sink = new MemorySink();
      const r = await convertSnapshot(new MemoryByteSource(bytes, 'synthetic.pkl'), sink);
      expect(r.model.name).toBe('synthetic');
      expect(r.model.architecture.synthesis.convClamp).toBeNull();
      expect(r.model.architecture.motion.motionZDistance).toBe(TINY_SPEC.minPeriodLen);
      const got = weightsOf(r.model, sink.concatenated());
      expect([...got.keys()]).toEqual(tensors.map((t) => t.name));
      for (const t of tensors) {
        const want = t.values!;
        const have = got.get(t.name)!;
        for (let i = 0; i < want.length; i++) {
          const tol = halfStorage ? Math.abs(want[i]!) * 2 ** -10 + 2 ** -24 : 0;
          if (Math.abs(have[i]! - want[i]!) > tol) throw new Error(`${t.name}[${i}] ${have[i]} != ${want[i]}`);
        }
      }
    }
  });

  it('accepts repositories whose modules have no src. prefix', async () => {
    const { bytes } = syntheticSnapshotBytes({ ...TINY_SPEC, modulePrefix: '' });
    const g = await inspectSnapshot(new MemoryByteSource(bytes));
    expect(g.architecture.imgResolution).toBe(16);
  });

  it('refuses a motion generator other than conv, naming the setting', async () => {
    const { bytes } = syntheticSnapshotBytes({ ...TINY_SPEC, genStrategy: 'autoregressive' });
    const err = await convertSnapshot(new MemoryByteSource(bytes), new MemorySink()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConvertError);
    expect((err as ConvertError).code).toBe('unsupported-architecture');
    expect((err as ConvertError).setting).toBe('model.generator.motion.gen_strategy');
    expect((err as ConvertError).message).toContain('autoregressive');
  });

  it('refuses a pickle without G_ema', async () => {
    const { pickleToBytes, dict } = await import('../../test/support/pickle-writer');
    const err = await convertSnapshot(new MemoryByteSource(pickleToBytes(dict({ G: null }))), new MemorySink()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConvertError);
    expect((err as ConvertError).code).toBe('missing-generator');
  });
});

describe('node-io', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes the model folder and keeps models/index.json up to date', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'convert-'));
    dirs.push(dir);
    const source = await FileByteSource.open(SNAPSHOTS.tiny);
    const { model } = await convertSnapshot(source, createFolderSink(path.join(dir, 'tiny')), {
      name: 'Tiny',
      fp16: true,
    });
    await source.close();
    const files = readdirSync(path.join(dir, 'tiny')).sort();
    expect(files).toEqual(['model.json', ...model.weightsManifest[0]!.paths].sort());
    const written = JSON.parse(readFileSync(path.join(dir, 'tiny/model.json'), 'utf8')) as ModelJson;
    expect(written).toEqual(model);
    expect(written.source).toMatchObject({ file: 'network-snapshot.pkl', bytes: statSync(SNAPSHOTS.tiny).size });

    const indexFile = path.join(dir, 'index.json');
    await updateModelIndex(indexFile, {
      id: 'other',
      name: 'Other',
      path: 'other/model.json',
      resolution: 64,
      cDim: 0,
      default: true,
    });
    await updateModelIndex(indexFile, indexEntryFor('tiny', model, { default: true }));
    await updateModelIndex(indexFile, indexEntryFor('tiny', { ...model, name: 'Tiny 2' }, { default: true }));
    const index = JSON.parse(readFileSync(indexFile, 'utf8')) as ModelIndex;
    expect(index.models).toEqual([
      { id: 'other', name: 'Other', path: 'other/model.json', resolution: 64, cDim: 0 },
      { id: 'tiny', name: 'Tiny 2', path: 'tiny/model.json', resolution: 32, cDim: 0, default: true },
    ]);
  });
});
