import * as tf from '@tensorflow/tfjs';
import type { Generator } from '../../engine';
import { reconstructionLoss } from './loss';
import { motionAtStart } from './synthesize';

export interface MotionCandidate {
  seed: number;
  loss: number;
}

/**
 * The official "best of N motions": renders the starting ws with each seed's motion codes at t = 0 and ranks
 * the seeds by reconstruction loss. Returns every candidate in the order given; the best has the lowest loss.
 */
export async function rankMotionSeeds(
  generator: Generator,
  ws: tf.Tensor2D,
  targetPyramid: readonly tf.Tensor4D[],
  seeds: readonly number[],
  { classIndex, signal }: { classIndex?: number; signal?: AbortSignal } = {},
): Promise<MotionCandidate[]> {
  if (seeds.length === 0) throw new RangeError('motion search needs at least one seed');
  const state = generator.synthesis.prepare(ws);
  try {
    const candidates: MotionCandidate[] = [];
    for (const seed of seeds) {
      signal?.throwIfAborted();
      const motionV = await motionAtStart(generator, seed, classIndex);
      const loss = tf.tidy(() => reconstructionLoss(generator.synthesis.run(motionV, state, 'const'), targetPyramid));
      motionV.dispose();
      candidates.push({ seed, loss: (await loss.data())[0]! });
      loss.dispose();
    }
    return candidates;
  } finally {
    generator.synthesis.disposeState(state);
  }
}

export function bestCandidate(candidates: readonly MotionCandidate[]): MotionCandidate {
  return candidates.reduce((best, c) => (c.loss < best.loss ? c : best));
}
