import * as tf from '@tensorflow/tfjs';
import type { ModelFiles, ModelJson } from '../model';

/** Reads every weight of a model folder into tensors keyed by their official names. */
export class WeightStore {
  private constructor(private readonly tensors: Map<string, tf.Tensor>) {}

  static async load(json: ModelJson, files: ModelFiles, onProgress?: (done: number, total: number) => void): Promise<WeightStore> {
    const tensors = new Map<string, tf.Tensor>();
    const totalShards = json.weightsManifest.reduce((n, group) => n + group.paths.length, 0);
    let doneShards = 0;
    for (const group of json.weightsManifest) {
      const buffers: ArrayBuffer[] = [];
      for (const path of group.paths) {
        buffers.push(await files.readShard(path));
        onProgress?.(++doneShards, totalShards);
      }
      const named = tf.io.decodeWeights(concatBuffers(buffers), group.weights);
      for (const [name, tensor] of Object.entries(named)) tensors.set(name, tensor);
    }
    return new WeightStore(tensors);
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

  takeOptional<T extends tf.Tensor>(name: string): T | null {
    return this.has(name) ? this.take<T>(name) : null;
  }

  /** Disposes whatever the engine did not take (e.g. duplicated resample filters). */
  dispose(): void {
    for (const tensor of this.tensors.values()) tensor.dispose();
    this.tensors.clear();
  }
}

function concatBuffers(buffers: ArrayBuffer[]): ArrayBuffer {
  if (buffers.length === 1) return buffers[0]!;
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    out.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return out.buffer;
}
