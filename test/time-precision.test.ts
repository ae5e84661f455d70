import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator, MAX_FRAME_TIME, motionCodes } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import type { ModelJson } from '../src/model';
import { modelFilesFromDirectory } from '../src/model/node';
import { convertReferenceModel } from './support/models';

/** The converted model's weights as plain float32 arrays, read straight from its shard (not through the engine). */
function readWeights(dir: string): { json: ModelJson; weight: (name: string) => Float32Array } {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson;
  const group = json.weightsManifest[0]!;
  const bytes = readFileSync(join(dir, group.paths[0]!));
  const offsets = new Map<string, [number, number]>();
  let at = 0;
  for (const entry of group.weights) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    offsets.set(entry.name, [at, count]);
    at += count * 4;
  }
  const weight = (name: string) => {
    const [offset, count] = offsets.get(name)!;
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4));
  };
  return { json, weight };
}

/**
 * The official motion path written out plainly in float64, in the official tensor layouts: EqLR conv1d layers
 * ([out, in, K] weights) over motion_z, then AlignedTimeEncoder.forward. Independent of the engine's code.
 */
function float64MotionV(dir: string, motionSeed: number, t: number): Float64Array {
  const { json, weight } = readWeights(dir);
  const m = json.architecture.motion;
  const prefix = 'synthesis.motion_encoder';
  const d = m.motionZDistance;
  const k = Math.floor(t / d);
  const window = 2 + m.numConvLayers * (m.kernelSize - 1);
  const noise = motionCodes(motionSeed, k, window, m.zDim);
  let x: number[][] = Array.from({ length: window }, (_, r) =>
    Array.from(noise.subarray(r * m.zDim, (r + 1) * m.zDim)),
  );
  for (let l = 0; l < m.numConvLayers; l++) {
    const w = weight(`${prefix}.conv.${l}.weight`);
    const b = weight(`${prefix}.conv.${l}.bias`);
    const out = b.length;
    const inCh = x[0]!.length;
    const gain = m.lrMultiplier / Math.sqrt(inCh * m.kernelSize);
    const y: number[][] = [];
    for (let r = 0; r + m.kernelSize <= x.length; r++) {
      const row: number[] = [];
      for (let o = 0; o < out; o++) {
        let sum = 0;
        for (let i = 0; i < inCh; i++) {
          for (let j = 0; j < m.kernelSize; j++) sum += w[(o * inCh + i) * m.kernelSize + j]! * gain * x[r + j]![i]!;
        }
        const v = sum + b[o]! * m.lrMultiplier;
        row.push(v < 0 ? 0.2 * v : v);
      }
      y.push(row);
    }
    x = y;
  }
  const [uLeft, uRight] = [x[0]!, x[1]!];
  const linear = (name: string, u: number[]) => {
    const w = weight(`${prefix}.time_encoder.${name}.weight`);
    const rows = w.length / u.length;
    return Array.from({ length: rows }, (_, r) =>
      u.reduce((s, v, i) => s + (w[r * u.length + i]! / Math.sqrt(u.length)) * v, 0),
    );
  };
  const freqs = weight(`${prefix}.time_encoder.freqs`);
  const phaseScales = weight(`${prefix}.time_encoder.phase_scales`);
  const periods = linear('periods_predictor', uLeft).map((v) => Math.tanh(v) + 1);
  const phases = linear('phase_predictor', uLeft);
  const alignLeft = linear('aligners_predictor', uLeft);
  const alignRight = linear('aligners_predictor', uRight);
  const remainder = t % d;
  const alpha = remainder / d;
  const tLeft = t - remainder;
  const embed = (s: number) => {
    const raw = Array.from(freqs, (f, i) => f * periods[i]! * s + phases[i]! * phaseScales[i]!);
    return [...raw.map(Math.sin), ...raw.map(Math.cos)];
  };
  const [at, left, right] = [embed(t), embed(tLeft), embed(tLeft + d)];
  return Float64Array.from(
    at,
    (v, i) => v - (left[i]! * (1 - alpha) + right[i]! * alpha) + (alignLeft[i]! * (1 - alpha) + alignRight[i]! * alpha),
  );
}

describe('time embeddings at every t', () => {
  let dir: string;
  let generator: Generator;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    dir = await convertReferenceModel('sky64');
    generator = await Generator.load(modelFilesFromDirectory(dir));
  });
  afterAll(() => generator?.dispose());

  // Times up to 10^6 (float32 values, as the official generator receives them): a log sweep with fractions, and
  // the float32 neighbours of code boundaries, where the left anchor and alpha switch.
  const d = 32;
  const sweep = Array.from({ length: 16 }, (_, i) => Math.fround(10 ** (i * 0.4) * 1.37 + i / 7));
  const boundaries = [5 * d, 3125 * d, 31250 * d].flatMap((b) => [
    b,
    Math.fround(b * (1 - 2 ** -24)),
    Math.fround(b * (1 + 2 ** -23)),
  ]);
  const times = [0, ...sweep, ...boundaries, Math.fround(999_999.94)];

  it('equal a float64 evaluation of the official formula within one float32 rounding', async () => {
    expect(generator.arch.motion.motionZDistance).toBe(d);
    const motionSeed = 7;
    const video = generator.prepareVideo({ content: { seed: 1 }, motion: { seed: motionSeed } });
    try {
      for (const t of times) {
        const motionV = await video.motionV([t]);
        const ours = motionV.dataSync();
        motionV.dispose();
        const exact = float64MotionV(dir, motionSeed, t);
        // The engine rounds each embedding to float32 once: at most half an ulp, 2^-24 of the value. The two
        // float64 evaluations sum in different orders; with sinusoid arguments below 10^6 that moves a value by
        // less than 1e-9. A float32 evaluation of the same formula is off by about 1e-2 at t = 10^6.
        for (let i = 0; i < exact.length; i++) {
          expect(Math.abs(ours[i]! - exact[i]!), `t = ${t}, feature ${i}`).toBeLessThanOrEqual(
            2 ** -24 * Math.abs(exact[i]!) + 1e-9,
          );
        }
      }
    } finally {
      video.dispose();
    }
  });

  it('refuses times outside [0, 2^24), where float32 frame times are no longer exact', async () => {
    const video = generator.prepareVideo({ content: { seed: 1 }, motion: { seed: 1 } });
    const before = tf.memory().numTensors;
    try {
      for (const t of [-1, MAX_FRAME_TIME, 1e18, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(video.motionV([t]), `t = ${t}`).rejects.toThrow(
          /frame time must be a number from 0 to below 16,777,216 training frames/,
        );
      }
      expect(tf.memory().numTensors).toBe(before);
      const last = await video.motionV([Math.fround(MAX_FRAME_TIME - 1)]);
      expect(Array.from(last.dataSync()).every(Number.isFinite)).toBe(true);
      last.dispose();
    } finally {
      video.dispose();
    }
  });
});
