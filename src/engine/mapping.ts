import * as tf from '@tensorflow/tfjs';
import type { ModelArchitecture } from '../model';
import { FullyConnected, normalize2ndMoment } from './ops/fully-connected';
import type { WeightStore } from './weights';

export interface Truncation {
  psi: number;
  /** Truncate only the first `cutoff` ws; null for all. */
  cutoff: number | null;
  /** The centre to truncate towards, [wDim]; defaults to the network's tracked w_avg. */
  center?: tf.Tensor1D;
}

/** z, c -> w: the official MappingNetwork, broadcast to num_ws and truncated. */
export class MappingNetwork {
  private readonly embed: FullyConnected | null;
  private readonly layers: FullyConnected[];
  readonly wAvg: tf.Tensor1D;

  constructor(
    private readonly arch: ModelArchitecture,
    weights: WeightStore,
  ) {
    const lrMul = arch.mapping.lrMultiplier;
    this.embed =
      arch.cDim > 0
        ? new FullyConnected(weights.take('mapping.embed.weight', 2), weights.take('mapping.embed.bias', 1), 'linear')
        : null;
    this.layers = [];
    for (let i = 0; i < arch.mapping.numLayers; i++) {
      this.layers.push(
        new FullyConnected(
          weights.take(`mapping.fc${i}.weight`, 2),
          weights.take(`mapping.fc${i}.bias`, 1),
          'lrelu',
          lrMul,
        ),
      );
    }
    this.wAvg = weights.take('mapping.w_avg', 1);
  }

  /** Untruncated w for a batch: z [N, zDim], c [N, cDim] -> [N, wDim]. */
  mapToW(z: tf.Tensor2D, c: tf.Tensor2D | null): tf.Tensor2D {
    return tf.tidy(() => {
      const parts: tf.Tensor2D[] = [];
      if (this.arch.zDim > 0) parts.push(normalize2ndMoment(z));
      if (this.embed) {
        if (!c) throw new Error('this model is class-conditional: a class is required');
        parts.push(normalize2ndMoment(this.embed.apply(c)));
      }
      let x = parts.length === 1 ? parts[0]! : (tf.concat(parts, 1) as tf.Tensor2D);
      for (const layer of this.layers) x = layer.apply(x);
      return x;
    });
  }

  /** w [N, wDim] -> ws [N, numWs, wDim] with truncation. */
  broadcastAndTruncate(w: tf.Tensor2D, truncation: Truncation): tf.Tensor3D {
    return tf.tidy(() => {
      const numWs = this.arch.numWs;
      const ws = tf.tile(w.expandDims(1), [1, numWs, 1]) as tf.Tensor3D;
      if (truncation.psi === 1) return ws;
      const center = (truncation.center ?? this.wAvg).reshape([1, 1, -1]);
      const truncated = tf.add(center, tf.mul(tf.sub(ws, center), truncation.psi)) as tf.Tensor3D;
      const cutoff = truncation.cutoff;
      if (cutoff === null || cutoff >= numWs) return truncated;
      const [n, , d] = ws.shape;
      return tf.concat(
        [truncated.slice([0, 0, 0], [n, cutoff, d]), ws.slice([0, cutoff, 0], [n, numWs - cutoff, d])],
        1,
      ) as tf.Tensor3D;
    });
  }

  dispose(): void {
    this.embed?.dispose();
    for (const layer of this.layers) layer.dispose();
    this.wAvg.dispose();
  }
}
