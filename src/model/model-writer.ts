/**
 * Writes a converted model: weight shards (`group1-shardKofN.bin`, each at most 4 MB, tensors may span
 * shards as TensorFlow.js concatenates a group's shards) and `model.json`, through a `ModelSink` so Node
 * can write files and the browser can keep blobs or OPFS files.
 */

import { float32ArrayToFloat16 } from './float16';
import type { ModelJson, WeightEntry, WeightsManifestGroup } from './format';

export interface ModelSink {
  writeShard(name: string, bytes: Uint8Array): Promise<void> | void;
  writeModelJson(model: ModelJson, text: string): Promise<void> | void;
}

/** A sink that keeps everything in memory (tests, or the browser before saving). */
export class MemorySink implements ModelSink {
  readonly shards = new Map<string, Uint8Array>();
  model?: ModelJson;
  modelText?: string;
  writeShard(name: string, bytes: Uint8Array): void {
    this.shards.set(name, bytes);
  }
  writeModelJson(model: ModelJson, text: string): void {
    this.model = model;
    this.modelText = text;
  }
  /** All shards of the manifest concatenated in order (what tfjs decodes). */
  concatenated(): Uint8Array {
    const paths = this.model?.weightsManifest.flatMap((g) => g.paths) ?? [...this.shards.keys()];
    const total = paths.reduce((n, p) => n + (this.shards.get(p)?.length ?? 0), 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of paths) {
      const b = this.shards.get(p)!;
      out.set(b, at);
      at += b.length;
    }
    return out;
  }
}

export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

export interface WeightSpec {
  name: string;
  shape: number[];
}

export interface WeightsPlan {
  group: WeightsManifestGroup;
  totalBytes: number;
  bytesPerValue: 2 | 4;
}

/** The manifest group for these weights: entries in order, and shard paths for their total size. */
export function planWeights(weights: WeightSpec[], options: { fp16?: boolean; shardBytes?: number } = {}): WeightsPlan {
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  const bytesPerValue = options.fp16 ? 2 : 4;
  let totalBytes = 0;
  const entries: WeightEntry[] = weights.map((w) => {
    totalBytes += w.shape.reduce((a, b) => a * b, 1) * bytesPerValue;
    const e: WeightEntry = { name: w.name, shape: [...w.shape], dtype: 'float32' };
    if (options.fp16) e.quantization = { dtype: 'float16' };
    return e;
  });
  const n = Math.max(1, Math.ceil(totalBytes / shardBytes));
  const paths = Array.from({ length: n }, (_, i) => `group1-shard${i + 1}of${n}.bin`);
  return { group: { paths, weights: entries }, totalBytes, bytesPerValue };
}

/** Streams weight values into fixed-size shards, handing each full shard to the sink. */
export class ShardWriter {
  private shard: Uint8Array;
  private fill = 0;
  private index = 0;
  private written = 0;

  constructor(
    private readonly sink: ModelSink,
    private readonly plan: WeightsPlan,
    private readonly shardBytes = DEFAULT_SHARD_BYTES,
  ) {
    this.shard = new Uint8Array(this.nextShardSize());
  }

  get bytesWritten(): number {
    return this.written + this.fill;
  }

  private nextShardSize(): number {
    return Math.min(this.shardBytes, this.plan.totalBytes - this.index * this.shardBytes);
  }

  /** Append one weight's values (float32, row-major); encoded as float16 when the plan says so. */
  async append(values: Float32Array): Promise<void> {
    const encoded = this.plan.bytesPerValue === 2 ? float32ArrayToFloat16(values) : values;
    let bytes = new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    while (bytes.length > 0) {
      if (this.index >= this.plan.group.paths.length) throw new RangeError('more weight bytes than planned');
      const n = Math.min(bytes.length, this.shard.length - this.fill);
      this.shard.set(bytes.subarray(0, n), this.fill);
      this.fill += n;
      bytes = bytes.subarray(n);
      if (this.fill === this.shard.length) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    await this.sink.writeShard(this.plan.group.paths[this.index]!, this.shard);
    this.written += this.fill;
    this.index++;
    this.fill = 0;
    this.shard = new Uint8Array(Math.max(0, this.nextShardSize()));
  }

  /** Check every planned byte arrived (an empty model still gets its one empty shard). */
  async finish(): Promise<void> {
    if (this.plan.totalBytes === 0 && this.index === 0) await this.flush();
    if (this.index !== this.plan.group.paths.length || this.fill !== 0) {
      throw new RangeError(`wrote ${this.bytesWritten} of ${this.plan.totalBytes} planned weight bytes`);
    }
  }
}
