/**
 * Bundled by e2e/projection-backends.test.ts into a page: the projection on the browser's WebGL and WebGPU
 * backends, whose kernels (and missing kernels) differ from WASM's.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { Generator } from '../../src/engine';
import { projectImage, synthesizeDifferentiable } from '../../src/latent';
import { modelFilesFromUrl } from '../../src/model';

export interface BackendCheck {
  backend: string;
  fusedVsNonFused: number;
  analytic: number;
  numeric: number;
  psnrs: number[];
  tensorsBefore: number;
  tensorsAfter: number;
}

export async function checkBackend(backend: string, modelUrl: string): Promise<BackendCheck> {
  if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend`);
  await tf.ready();
  const generator = await Generator.load(modelFilesFromUrl(modelUrl));
  try {
    const video = generator.prepareVideo({ content: { seed: 5 }, motion: { seed: 2 } });
    const motionV = await video.motionV([0]);
    const fused = await video.render([0]);
    const ws = generator.mapContent({ content: { seed: 5 } });
    const loss = (w: tf.Tensor) =>
      tf.mean(tf.square(tf.sub(synthesizeDifferentiable(generator, w as tf.Tensor2D, motionV), 0.3))) as tf.Scalar;
    // Reads with data(), not dataSync(): WebGPU has no synchronous read-back of GPU buffers.
    const read = async (t: tf.Tensor) => {
      const value = (await t.data())[0]!;
      t.dispose();
      return value;
    };
    const fusedVsNonFused = await read(
      tf.tidy(() => tf.max(tf.abs(tf.sub(fused, synthesizeDifferentiable(generator, ws, motionV))))),
    );
    const direction = tf.randomNormal(ws.shape, 0, 1, 'float32', 1);
    const analytic = await read(tf.tidy(() => tf.sum(tf.mul(tf.grad(loss)(ws), direction))));
    const eps = 1e-2;
    const plus = await read(tf.tidy(() => loss(tf.add(ws, tf.mul(direction, eps)))));
    const minus = await read(tf.tidy(() => loss(tf.sub(ws, tf.mul(direction, eps)))));
    const numeric = (plus - minus) / (2 * eps);
    const values = (await fused.data()) as Float32Array;
    const target = {
      size: generator.arch.imgResolution,
      rgb: Float32Array.from(values, (x) => Math.min(1, Math.max(0, x * 0.5 + 0.5))),
    };
    tf.dispose([motionV, fused, ws, direction]);
    video.dispose();
    await projectImage(generator, target, { steps: 1, wSamples: 200 }); // warms the engine's caches
    const tensorsBefore = tf.memory().numTensors;
    const psnrs: number[] = [];
    await projectImage(generator, target, { steps: 6, wSamples: 200, onProgress: (p) => void psnrs.push(p.psnr) });
    return {
      backend: tf.getBackend(),
      fusedVsNonFused,
      analytic,
      numeric,
      psnrs,
      tensorsBefore,
      tensorsAfter: tf.memory().numTensors,
    };
  } finally {
    generator.dispose();
  }
}
