import * as tf from '@tensorflow/tfjs';
import {
  entryBytes,
  type ModelFiles,
  type ModelJson,
  type NonFiniteTensor,
  nonFiniteWarning,
  readGroupShards,
  type WeightEntry,
} from '../model';

export interface WeightLoadOptions {
  /**
   * The weights' NaN and infinite values were already counted (and reported) by this page's converter, which
   * made these very bytes: not counted again. Never for a model folder read from disk, a URL or storage.
   */
  nonFiniteCounted?: boolean;
}

/** A float32 weight's values in JavaScript memory (row-major, read-only: a view of the shard bytes) and its shape. */
export interface HostWeight {
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

/**
 * Reads every weight of a model folder (its model.json checked first), keyed by their official names. float32
 * weights stay in JavaScript (views of the shard bytes) until the engine takes them: a tensor is made only for
 * what is taken as one, so weights the engine rearranges first (conv kernels) never go to the backend as they
 * are stored.
 */
export class WeightStore {
  /** NaN or infinite weights: one line for all of them (nonFiniteWarning), or none. */
  readonly warnings: string[] = [];
  private constructor(
    /** Weights decoded into tensors at load (float16 or unaligned ones). */
    private readonly tensors: Map<string, tf.Tensor>,
    private readonly host: Map<string, HostWeight>,
  ) {}

  static async load(
    json: ModelJson,
    files: ModelFiles,
    onProgress?: (done: number, total: number) => void,
    options: WeightLoadOptions = {},
  ): Promise<WeightStore> {
    const tensors = new Map<string, tf.Tensor>();
    const host = new Map<string, HostWeight>();
    const nonFinite: NonFiniteTensor[] = [];
    const totalShards = json.weightsManifest.reduce((n, group) => n + group.paths.length, 0);
    let doneShards = 0;
    try {
      for (const group of json.weightsManifest) {
        const read = await readGroupShards(group, files, () => onProgress?.(++doneShards, totalShards), {
          countNonFinite: !options.nonFiniteCounted,
        });
        nonFinite.push(...read.nonFinite);
        decodeGroup(read.buffer, group.weights, tensors, host);
      }
    } catch (error) {
      for (const tensor of tensors.values()) tensor.dispose();
      throw error;
    }
    const store = new WeightStore(tensors, host);
    const warning = nonFiniteWarning(nonFinite);
    if (warning) store.warnings.push(warning);
    return store;
  }

  has(name: string): boolean {
    return this.tensors.has(name) || this.host.has(name);
  }

  /** Takes a weight out of the store as a tensor; the caller disposes it. */
  take<T extends tf.Tensor>(name: string, rank?: number): T {
    const tensor = this.tensors.get(name);
    if (tensor) {
      checkRank(name, tensor.shape, rank);
      this.tensors.delete(name);
      return tensor as T;
    }
    const weight = this.takeHost(name, rank);
    return tf.tensor(weight.values, [...weight.shape], 'float32') as T;
  }

  /** Takes a weight out of the store as its values in JavaScript memory (nothing is made on the backend). */
  takeHost(name: string, rank?: number): HostWeight {
    const weight = this.host.get(name);
    if (weight) {
      checkRank(name, weight.shape, rank);
      this.host.delete(name);
      return weight;
    }
    const tensor = this.tensors.get(name);
    if (!tensor) throw new Error(`model is missing weight "${name}"`);
    checkRank(name, tensor.shape, rank);
    this.tensors.delete(name);
    const values = tensor.dataSync() as Float32Array;
    tensor.dispose();
    return { values, shape: tensor.shape };
  }

  takeOptional<T extends tf.Tensor>(name: string): T | null {
    return this.has(name) ? this.take<T>(name) : null;
  }

  /** Disposes whatever the engine did not take (e.g. duplicated resample filters). */
  dispose(): void {
    for (const tensor of this.tensors.values()) tensor.dispose();
    this.tensors.clear();
    this.host.clear();
  }
}

function checkRank(name: string, shape: readonly number[], rank: number | undefined): void {
  if (rank !== undefined && shape.length !== rank) {
    throw new Error(`weight "${name}" has shape [${shape}], expected rank ${rank}`);
  }
}

/**
 * The group's weights: float32 ones at aligned offsets as views of the shard bytes (no copy), the others
 * (float16, unaligned) decoded into tensors as tf.io.decodeWeights makes them.
 */
function decodeGroup(
  buffer: ArrayBuffer,
  entries: readonly WeightEntry[],
  tensors: Map<string, tf.Tensor>,
  host: Map<string, HostWeight>,
): void {
  let offset = 0;
  for (const entry of entries) {
    const bytes = entryBytes(entry);
    if (!entry.quantization && entry.dtype === 'float32' && offset % 4 === 0) {
      host.set(entry.name, { values: new Float32Array(buffer, offset, bytes / 4), shape: entry.shape });
    } else {
      tensors.set(entry.name, tf.io.decodeWeights(buffer.slice(offset, offset + bytes), [entry])[entry.name]!);
    }
    offset += bytes;
  }
}
