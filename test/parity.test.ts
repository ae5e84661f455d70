import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { modelFilesFromDirectory } from '../src/model/node';
import {
  parityError,
  REFERENCE_MODELS,
  type ReferenceModelName,
  readFloat32,
  readReference,
  referenceVideoSpec,
} from './support/fixtures';
import { convertReferenceModel } from './support/models';

// The path a user takes: convert the official .pkl, load the model folder, render.
describe.each(Object.keys(REFERENCE_MODELS) as ReferenceModelName[])(
  'parity with the official generator: %s',
  (name) => {
    const dir = REFERENCE_MODELS[name]!;
    const reference = readReference(dir);
    let generator: Generator;

    beforeAll(async () => {
      await useNodeBackend('wasm');
      generator = await Generator.load(modelFilesFromDirectory(await convertReferenceModel(name)));
    });
    afterAll(() => generator?.dispose());

    it('reads the architecture the reference describes', () => {
      const g = reference.generator;
      expect(generator.arch.zDim).toBe(g.z_dim);
      expect(generator.arch.cDim).toBe(g.c_dim);
      expect(generator.arch.wDim).toBe(g.w_dim);
      expect(generator.arch.numWs).toBe(g.num_ws);
      expect(generator.arch.imgResolution).toBe(g.img_resolution);
      expect(generator.arch.motion.motionZDistance).toBe(g.motion_z_distance);
      expect(generator.arch.motion.zDim).toBe(g.motion_z_dim);
      expect(generator.arch.synthesis.useNoise).toBe(g.use_noise);
    });

    it.each(reference.cases.map((c, i) => [i, c] as const))('case %i: ws, motion_v and frames', async (_, c) => {
      const video = generator.prepareVideo(referenceVideoSpec(dir, c));
      try {
        const times = Array.from(readFloat32(dir, c.t));
        const ws = parityError(await video.ws.data(), readFloat32(dir, c.ws));
        expect(ws.maxDiff).toBeLessThanOrEqual(ws.tolerance);

        const motionV = await video.motionV(times);
        const mv = parityError(await motionV.data(), readFloat32(dir, c.motion_v));
        motionV.dispose();
        expect(mv.maxDiff).toBeLessThanOrEqual(mv.tolerance);

        const official = readFloat32(dir, c.frames);
        for (const naive of [false, true]) {
          const frames = await video.render(times, { naive });
          const nchw = tf.tidy(() => frames.transpose([0, 3, 1, 2]));
          expect(nchw.shape).toEqual(c.frames.shape);
          const result = parityError(await nchw.data(), official);
          tf.dispose([frames, nchw]);
          expect(
            result.maxDiff,
            `frames (${naive ? 'naive per-frame modulation' : 'per-video kernels'})`,
          ).toBeLessThanOrEqual(result.tolerance);
        }
      } finally {
        video.dispose();
      }
    });
  },
);
