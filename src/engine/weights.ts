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

/** Reads every weight of a model folder (its model.json checked first) into tensors keyed by their official names. */
export class WeightStore {
  /** NaN or infinite weights: one line for all of them (nonFiniteWarning), or none. */
  readonly warnings: string[] = [];
  private constructor(
    private readonly tensors: Map<string, tf.Tensor>,
    /** The float32 weights' values as views of their shard bytes (the tensors hold copies on WASM). */
    private readonly values: Map<string, Float32Array>,
  ) {}

  static async load(
    json: ModelJson,
    files: ModelFiles,
    onProgress?: (done: number, total: number) => void,
    options: WeightLoadOptions = {},
  ): Promise<WeightStore> {
    const tensors = new Map<string, tf.Tensor>();
    const values = new Map<string, Float32Array>();
    const nonFinite: NonFiniteTensor[] = [];
    const totalShards = json.weightsManifest.reduce((n, group) => n + group.paths.length, 0);
    let doneShards = 0;
    for (const group of json.weightsManifest) {
      const read = await readGroupShards(group, files, () => onProgress?.(++doneShards, totalShards), {
        countNonFinite: !options.nonFiniteCounted,
      });
      nonFinite.push(...read.nonFinite);
      for (const [name, tensor] of decodeGroup(read.buffer, group.weights, values)) tensors.set(name, tensor);
    }
    const store = new WeightStore(tensors, values);
    const warning = nonFiniteWarning(nonFinite);
    if (warning) store.warnings.push(warning);
    return store;
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  /** Takes ownership of a weight out of the store; the caller disposes it. */
  take<T extends tf.Tensor>(name: string, rank?: number): T {
    const tensor = this.tensors.get(name);
    if (!tensor) throw new Error(`model is missing weight "${name}"`);
    if (rank !== undefined && tensor.rank !== rank) {
      throw new Error(`weight "${name}" has shape [${tensor.shape}], expected rank ${rank}`);
    }
    this.tensors.delete(name);
    return tensor as T;
  }

  /**
   * Takes a weight with its values in JavaScript memory where the store has them (a float32 weight: a view of
   * its shard bytes, read-only), so a layout change needs no read back from the backend.
   */
  takeWithValues<T extends tf.Tensor>(name: string, rank?: number): { tensor: T; values: Float32Array | null } {
    const values = this.values.get(name) ?? null;
    this.values.delete(name);
    return { tensor: this.take<T>(name, rank), values };
  }

  takeOptional<T extends tf.Tensor>(name: string): T | null {
    return this.has(name) ? this.take<T>(name) : null;
  }

  /** Disposes whatever the engine did not take (e.g. duplicated resample filters). */
  dispose(): void {
    for (const tensor of this.tensors.values()) tensor.dispose();
    this.tensors.clear();
    this.values.clear();
  }
}

/**
 * The group's tensors, as tf.io.decodeWeights makes them, but float32 weights go to the backend straight from
 * a view of the shard bytes (decodeWeights copies each one first: ~0.1 s of a 123 MB model's load).
 */
function decodeGroup(
  buffer: ArrayBuffer,
  entries: readonly WeightEntry[],
  values: Map<string, Float32Array>,
): Map<string, tf.Tensor> {
  const tensors = new Map<string, tf.Tensor>();
  let offset = 0;
  try {
    for (const entry of entries) {
      const bytes = entryBytes(entry);
      const view =
        !entry.quantization && entry.dtype === 'float32' && offset % 4 === 0
          ? new Float32Array(buffer, offset, bytes / 4)
          : null;
      const tensor = view
        ? tf.tensor(view, entry.shape, 'float32')
        : tf.io.decodeWeights(buffer.slice(offset, offset + bytes), [entry])[entry.name]!;
      tensors.set(entry.name, tensor);
      if (view) values.set(entry.name, view);
      offset += bytes;
    }
  } catch (error) {
    for (const tensor of tensors.values()) tensor.dispose();
    throw error;
  }
  return tensors;
}
