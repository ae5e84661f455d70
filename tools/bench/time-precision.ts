/**
 * `npm run bench:time`: how closely the engine follows the official generator at every reference time, and what
 * the motion path (trajectory codes + time embeddings, float64 on the CPU) costs at t = 10 and t = 10^6.
 * Frame errors are max |ours - official| / (1 + max |official|), the parity test's measure (bound 1e-3).
 */
import * as tf from '@tensorflow/tfjs';
import { Generator } from '../../src/engine';
import { useNodeBackend } from '../../src/engine/node';
import { modelFilesFromDirectory } from '../../src/model/node';
import {
  REFERENCE_MODELS,
  type ReferenceModelName,
  readFloat32,
  readReference,
  referenceVideoSpec,
} from '../../test/support/fixtures';
import { convertReferenceModel } from '../../test/support/models';
import { presetModelDir } from './node-wasm';

await useNodeBackend('wasm');

console.log('frame error vs the official generator, per reference time (parity bound 1e-3)');
for (const name of Object.keys(REFERENCE_MODELS) as ReferenceModelName[]) {
  const dir = REFERENCE_MODELS[name]!;
  const generator = await Generator.load(modelFilesFromDirectory(await convertReferenceModel(name)));
  for (const [index, c] of readReference(dir).cases.entries()) {
    const video = generator.prepareVideo(referenceVideoSpec(dir, c));
    const times = Array.from(readFloat32(dir, c.t));
    const frames = await video.render(times);
    const ours = tf.tidy(() => frames.transpose([0, 3, 1, 2])).dataSync();
    frames.dispose();
    video.dispose();
    const official = readFloat32(dir, c.frames);
    const scale = 1 + official.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const perFrame = official.length / times.length;
    const errors = times.map((t, f) => {
      let max = 0;
      for (let i = f * perFrame; i < (f + 1) * perFrame; i++) max = Math.max(max, Math.abs(ours[i]! - official[i]!));
      return `t=${t}: ${(max / scale).toExponential(2)}`;
    });
    console.log(`  ${name} case ${index}  ${errors.join('  ')}`);
  }
  generator.dispose();
}

console.log(
  '\nmotion path cost (ms): first frame of a video / a frame whose codes are cached / the next code interval',
);
for (const [name, dir] of [
  ['sky64 (shipped)', 'public/models/sky64'],
  ['sky256 (random weights)', await presetModelDir('sky256')],
] as const) {
  const generator = await Generator.load(modelFilesFromDirectory(dir));
  const distance = generator.arch.motion.motionZDistance;
  for (const start of [10, 1e6]) {
    const video = generator.prepareVideo({ content: { seed: 1 }, motion: { seed: 2 } });
    const time = async (t: number) => {
      const began = performance.now();
      (await video.motionV([t])).dispose();
      return performance.now() - began;
    };
    const first = await time(start);
    let cached = 0;
    for (let i = 1; i <= 10; i++) cached += (await time(start + i * 0.01)) / 10;
    const next = await time(start + distance);
    video.dispose();
    console.log(`  ${name}, t = ${start}: ${first.toFixed(1)} / ${cached.toFixed(2)} / ${next.toFixed(1)}`);
  }
  generator.dispose();
}
