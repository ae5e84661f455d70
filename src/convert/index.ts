/**
 * The converter's public door: an official StyleGAN-V `network-snapshot-*.pkl` -> our model folder
 * (`model.json` + weight shards), in one pass, without executing anything from the file.
 *
 *   .pkl --(sniff: web page? zip? text?)--> pickle
 *        --(pickle-machine + known-globals + torch-storage; dangerous globals refused)--> records
 *        --(identify-snapshot: TF StyleGAN? torch.save? no G_ema?)
 *        --(omegaconf + extract-generator)--> architecture + G_ema tensors (checked against the file size)
 *        --(model-writer; NaN/Inf values become warnings)--> sink
 *
 * Every failure is a `ConvertError` with a code and a message meant for the user (see explain-error.ts).
 */
import {
  DEFAULT_SHARD_BYTES,
  MODEL_FORMAT,
  type ModelJson,
  type ModelSink,
  modelNameFor,
  type NonFiniteTensor,
  nonFiniteWarning,
  planWeights,
  ShardWriter,
} from '../model';
import type { ByteSource } from './byte-source';
import { codeExecutionError, dangerousGlobal } from './dangerous-globals';
import { judgeEmbeddedSources } from './embedded-sources';
import { ConvertError } from './errors';
import { explainError } from './explain-error';
import { type ExtractedGenerator, extractGenerator } from './extract-generator';
import { judgeGlobals, refuseCallOutsideStructure } from './global-verdict';
import { identifySnapshot } from './identify-snapshot';
import { resolveKnownGlobal } from './known-globals';
import { ParseBudget } from './parse-budget';
import type { GlobalResolver } from './pickle-machine';
import type { ConvertProgress } from './progress';
import { type ByteRange, planWindows, ReadAheadSource } from './read-ahead';
import { SNIFF_BYTES, sniffFormat } from './sniff';
import { unpickle } from './unpickle';
import { countNonFinite, float16RangeError } from './weight-check';

export { MemorySink, type ModelSink } from '../model';
export { BlobByteSource, type ByteSource, MemoryByteSource } from './byte-source';
export { persistentSources } from './embedded-sources';
export { ConvertError, type ConvertErrorCode, PickleError } from './errors';
export type { ExtractedGenerator } from './extract-generator';
export { HIGHEST_PROTOCOL, OP } from './pickle-opcodes';
export type { ConvertProgress } from './progress';

export const CONVERTER_NAME = 'stylegan-v-studio/convert@1';

/** Bytes payloads above this stay in the file until a G_ema tensor needs them. */
export const LAZY_BYTES_THRESHOLD = 64 * 1024;

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
  /** Called for each warning as it is found (they are also returned in the result). */
  onWarning?: (warning: string) => void;
}

export interface ConvertResult {
  model: ModelJson;
  /** Weight bytes written (all shards). */
  weightBytes: number;
  tensorCount: number;
  /** Problems that did not stop the conversion (e.g. NaN or infinite weights, naming each tensor). */
  warnings: string[];
}

export interface ReadSnapshot {
  value: unknown;
  /** Every global the pickle referenced (`module.name`). */
  globals: Set<string>;
  /** Referenced globals, and whether the converter builds them itself. */
  named: Map<string, { known: boolean }>;
  /** The parse's work budget; tensor reads are charged to it too. */
  budget: ParseBudget;
}

/** Walk a snapshot pickle into inert records; big tensor payloads stay in the source as lazy references. */
export async function readSnapshot(source: ByteSource, onProgress?: (offset: number) => void): Promise<ReadSnapshot> {
  const named = new Map<string, { known: boolean }>();
  const budget = ParseBudget.forFile(source.size);
  const resolveGlobal: GlobalResolver = (module, name) => {
    const danger = dangerousGlobal(module, name);
    if (danger) throw codeExecutionError(danger);
    const known = resolveKnownGlobal(module, name);
    if (named.size < 10_000) named.set(`${module}.${name}`, { known: known !== undefined });
    return known;
  };
  const value = await unpickle(source, {
    resolveGlobal,
    // A call or instance outside the snapshot's structure is refused as soon as it is seen.
    onCall: refuseCallOutsideStructure,
    lazyBytesThreshold: LAZY_BYTES_THRESHOLD,
    lazyStringThreshold: 1024 * 1024,
    budget,
    // Copying work the stream may request: generous for real snapshots, bounded for crafted ones.
    limits: { maxWork: Math.max(10_000_000, 8 * source.size) },
    onProgress,
  });
  return { value, globals: new Set(named.keys()), named, budget };
}

/** Run `body` with the file sniffed first, and every failure turned into a user-facing `ConvertError`. */
async function guarded<T>(source: ByteSource, body: () => Promise<T>): Promise<T> {
  let head: Uint8Array | undefined;
  try {
    head = await source.read(0, Math.min(SNIFF_BYTES, source.size));
    const refusal = sniffFormat(head, source.size);
    if (refusal) throw refusal;
    return await body();
  } catch (error) {
    throw explainError(error, { size: source.size, head });
  }
}

interface Parsed {
  generator: ExtractedGenerator;
  read: ReadSnapshot;
  /** Warnings about globals outside the known-safe list. */
  warnings: string[];
}

async function parseAndExtract(source: ByteSource, onProgress?: (offset: number) => void): Promise<Parsed> {
  const read = await readSnapshot(source, onProgress);
  // A call outside the snapshot's structure, or module source that would run, is refused first: it matters
  // more than what the file is.
  const verdict = judgeGlobals(read);
  await judgeEmbeddedSources(read.value, source, read.budget);
  identifySnapshot(read.value, read.globals);
  return {
    generator: extractGenerator(read.value, read.budget),
    read,
    warnings: verdict.warnings,
  };
}

/** Read a snapshot and describe its G_ema (architecture + named tensors), without reading weight data. */
export async function inspectSnapshot(source: ByteSource): Promise<ExtractedGenerator> {
  return guarded(source, async () => (await parseAndExtract(source)).generator);
}

/** Every G_ema tensor must lie inside its storage, and together they cannot claim more bytes than the file has. */
async function validateTensors(generator: ExtractedGenerator, source: ByteSource, budget: ParseBudget): Promise<void> {
  let claimed = 0;
  for (const { name, tensor } of generator.tensors) {
    const layout = await tensor.validate(source, name, budget);
    claimed += tensor.numel * layout.itemSize;
  }
  if (claimed > source.size) {
    throw new ConvertError(
      `the G_ema tensors claim ${claimed.toLocaleString('en-US')} bytes, more than the whole file (${source.size.toLocaleString('en-US')} bytes): it is damaged or crafted`,
      'bad-tensor',
    );
  }
}

/** The snapshot with the G_ema weight payloads read in large windows ahead of need (see read-ahead.ts). */
async function weightSource(source: ByteSource, generator: ExtractedGenerator, budget: ParseBudget) {
  const ranges: ByteRange[] = [];
  for (const { tensor } of generator.tensors) {
    const range = await tensor.fileRange(source, budget);
    if (range) ranges.push(range);
  }
  return new ReadAheadSource(source, planWindows(ranges));
}

/** Convert a snapshot into a model folder written through `sink`. */
export async function convertSnapshot(
  source: ByteSource,
  sink: ModelSink,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  return guarded(source, async () => {
    const report = options.onProgress;
    const { generator, read, warnings } = await parseAndExtract(source, (offset) =>
      report?.({ phase: 'parse', bytesDone: Math.min(offset, source.size), bytesTotal: source.size }),
    );
    for (const warning of warnings) options.onWarning?.(warning);
    await validateTensors(generator, source, read.budget);

    const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
    const plan = planWeights(
      generator.tensors.map((t) => ({ name: t.name, shape: t.tensor.shape })),
      { fp16: options.fp16, shardBytes },
    );
    const writer = new ShardWriter(sink, plan, shardBytes);
    const nonFinite: NonFiniteTensor[] = [];
    // The next tensor is read while this one is checked and written (a browser reads a File on other
    // threads); its failure, if any, is reported in its turn, as a one-by-one read would.
    const tensors = generator.tensors;
    const weights = await weightSource(source, generator, read.budget);
    const readTensor = (i: number) => {
      const reading = tensors[i]!.tensor.toFloat32(weights, read.budget);
      reading.catch(() => undefined);
      return reading;
    };
    let next = tensors.length > 0 ? readTensor(0) : undefined;
    for (const [i, { name }] of tensors.entries()) {
      const values = await next!;
      next = i + 1 < tensors.length ? readTensor(i + 1) : undefined;
      if (options.fp16) {
        const tooLarge = float16RangeError(name, values);
        if (tooLarge) throw tooLarge;
      }
      const count = countNonFinite(values);
      if (count > 0) nonFinite.push({ name, count });
      await writer.append(values);
      report?.({ phase: 'weights', bytesDone: writer.bytesWritten, bytesTotal: plan.totalBytes });
    }
    await writer.finish();
    // One line for all NaN or infinite weights, as the model loader says it (a damaged file can have hundreds).
    const warning = nonFiniteWarning(nonFinite);
    if (warning) {
      warnings.push(warning);
      options.onWarning?.(warning);
    }

    const file = source.name ?? 'network-snapshot.pkl';
    const model: ModelJson = {
      format: MODEL_FORMAT,
      name: modelNameFor(options.name ?? file),
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
    await sink.writeModelJson(model, `${JSON.stringify(model, null, 1)}\n`);
    report?.({ phase: 'done', bytesDone: plan.totalBytes, bytesTotal: plan.totalBytes });
    return {
      model,
      weightBytes: plan.totalBytes,
      tensorCount: generator.tensors.length,
      warnings,
    };
  });
}
