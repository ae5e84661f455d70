/**
 * The converter's public door: an official StyleGAN-V `network-snapshot-*.pkl` -> our model folder
 * (`model.json` + weight shards), in one pass, without executing anything from the file.
 *
 *   .pkl --(pickle-machine + known-globals + torch-storage)--> records
 *        --(omegaconf + extract-generator)--> architecture + G_ema tensors
 *        --(model-writer)--> sink
 */
import { MODEL_FORMAT, type ModelJson } from '../model/format.js';
import type { ByteSource } from './byte-source.js';
import { extractGenerator, type ExtractedGenerator } from './extract-generator.js';
import { resolveKnownGlobal } from './known-globals.js';
import { DEFAULT_SHARD_BYTES, planWeights, ShardWriter, type ModelSink } from './model-writer.js';
import { unpickle } from './pickle-machine.js';

export { ConvertError, PickleError } from './errors.js';
export { MemoryByteSource, BlobByteSource, type ByteSource } from './byte-source.js';
export { MemorySink, type ModelSink } from './model-writer.js';
export type { ExtractedGenerator } from './extract-generator.js';

export const CONVERTER_NAME = 'stylegan-v-studio/convert@1';

/** Bytes payloads above this stay in the file until a G_ema tensor needs them. */
export const LAZY_BYTES_THRESHOLD = 64 * 1024;

export interface ConvertProgress {
  /** 'parse': walking the pickle (bytes of the snapshot); 'weights': writing G_ema (bytes of output). */
  phase: 'parse' | 'weights' | 'done';
  bytesDone: number;
  bytesTotal: number;
}

export interface ConvertOptions {
  /** Store weights as float16 (`quantization: {dtype: 'float16'}`), halving the download. */
  fp16?: boolean;
  /** Display name; defaults to the snapshot's file name without extension. */
  name?: string;
  description?: string;
  /** Shard size limit in bytes (default 4 MB). */
  shardBytes?: number;
  /** ISO time to record in `source.convertedAt` (omitted when not given, for reproducible output). */
  convertedAt?: string;
  onProgress?: (progress: ConvertProgress) => void;
}

export interface ConvertResult {
  model: ModelJson;
  /** Weight bytes written (all shards). */
  weightBytes: number;
  tensorCount: number;
}

/** Walk a snapshot pickle into inert records; big tensor payloads stay in the source as lazy references. */
export async function readSnapshot(source: ByteSource, onProgress?: (offset: number) => void): Promise<unknown> {
  return unpickle(source, {
    resolveGlobal: resolveKnownGlobal,
    lazyBytesThreshold: LAZY_BYTES_THRESHOLD,
    lazyStringThreshold: 1024 * 1024,
    onProgress,
  });
}

/** Read a snapshot and describe its G_ema (architecture + named tensors), without reading weight data. */
export async function inspectSnapshot(source: ByteSource): Promise<ExtractedGenerator> {
  return extractGenerator(await readSnapshot(source));
}

/** Convert a snapshot into a model folder written through `sink`. */
export async function convertSnapshot(source: ByteSource, sink: ModelSink, options: ConvertOptions = {}): Promise<ConvertResult> {
  const report = options.onProgress;
  const snapshot = await readSnapshot(source, (offset) =>
    report?.({ phase: 'parse', bytesDone: Math.min(offset, source.size), bytesTotal: source.size }),
  );
  const generator = extractGenerator(snapshot);

  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  const plan = planWeights(
    generator.tensors.map((t) => ({ name: t.name, shape: t.tensor.shape })),
    { fp16: options.fp16, shardBytes },
  );
  const writer = new ShardWriter(sink, plan, shardBytes);
  for (const { tensor } of generator.tensors) {
    await writer.append(await tensor.toFloat32(source));
    report?.({ phase: 'weights', bytesDone: writer.bytesWritten, bytesTotal: plan.totalBytes });
  }
  await writer.finish();

  const file = source.name ?? 'network-snapshot.pkl';
  const model: ModelJson = {
    format: MODEL_FORMAT,
    name: options.name ?? file.replace(/\.pkl$/i, ''),
    ...(options.description ? { description: options.description } : {}),
    architecture: generator.architecture,
    source: {
      file,
      bytes: source.size,
      convertedWith: CONVERTER_NAME,
      ...(options.convertedAt ? { convertedAt: options.convertedAt } : {}),
    },
    weightsManifest: [plan.group],
  };
  await sink.writeModelJson(model, JSON.stringify(model, null, 1) + '\n');
  report?.({ phase: 'done', bytesDone: plan.totalBytes, bytesTotal: plan.totalBytes });
  return { model, weightBytes: plan.totalBytes, tensorCount: generator.tensors.length };
}
