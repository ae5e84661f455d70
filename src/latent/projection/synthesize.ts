import type * as tf from '@tensorflow/tfjs';
import type { Generator } from '../../engine';

/**
 * Frames [T, H, W, 3] for ws [numWs, wDim] and motion_v [T, vDim] through the non-fused synthesis path, whose
 * gradient w.r.t. ws needs only convolution input gradients (so it works on WASM, WebGL and WebGPU alike).
 */
export function synthesizeDifferentiable(generator: Generator, ws: tf.Tensor2D, motionV: tf.Tensor2D): tf.Tensor4D {
  const state = generator.synthesis.prepare(ws, { fused: false });
  try {
    return generator.synthesis.run(motionV, state, 'const');
  } finally {
    generator.synthesis.disposeState(state);
  }
}

/** motion_v [1, vDim] at t = 0 for a motion seed (the motion encoder's codes, as the official projector uses). */
export async function motionAtStart(
  generator: Generator,
  motionSeed: number,
  classIndex: number | undefined,
): Promise<tf.Tensor2D> {
  const { numWs, wDim } = generator.arch;
  const video = generator.prepareVideo({
    content: { ws: new Float32Array(numWs * wDim) },
    motion: { seed: motionSeed },
    classIndex,
  });
  try {
    return await video.motionV([0]);
  } finally {
    video.dispose();
  }
}
