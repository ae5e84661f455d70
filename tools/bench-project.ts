/**
 * Projection benchmark (Node, tfjs WASM): self-projection of frames the shipped sky64 made itself (content
 * seeds 1-3, motion seed 0, t = 0, saved as 8-bit) with w+ and with w, printing the PSNR curve and steps/s;
 * then steps/s and peak tensor memory of a random-weight sky256 (`bin/stylegan-v random sky256`).
 * Then the video projection figures (tools/bench-project-video.ts). Writes bench-results/project.json.
 *
 *   npm run bench:project [-- --steps 500] [-- --quick] [-- --video-only] [-- --video-steps N --video-picture-steps N]
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { Generator } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { type LatentSpace, projectImage, type TargetImage, wStatistics } from '../src/latent';
import { modelFilesFromDirectory } from '../src/model/node';
import { benchVideoProjection } from './bench-project-video';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, '.cache', 'bench-project');
const quick = process.argv.includes('--quick');
const stepsArg = process.argv.indexOf('--steps');
const STEPS = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : quick ? 100 : 500;
const SEEDS = quick ? [1] : [1, 2, 3];
const videoOnly = process.argv.includes('--video-only');
const numberArg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};
const CURVE_AT = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((f) => Math.max(1, Math.round(f * STEPS)));

function cliOnce(args: string[], output: string): void {
  if (existsSync(path.join(output, 'model.json'))) return;
  const result = spawnSync(path.join(root, 'bin/stylegan-v'), args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`stylegan-v ${args.join(' ')} failed: ${result.stderr}`);
}

async function selfFrame(generator: Generator, seed: number): Promise<TargetImage> {
  const video = generator.prepareVideo({ content: { seed }, motion: { seed: 0 } });
  const frame = await video.render([0]);
  const values = (await frame.data()) as Float32Array;
  frame.dispose();
  video.dispose();
  return {
    size: generator.arch.imgResolution,
    rgb: Float32Array.from(values, (x) => Math.min(255, Math.max(0, Math.floor(x * 127.5 + 128))) / 255),
  };
}

interface Run {
  seed: number;
  space: LatentSpace;
  psnr: number;
  curve: Array<[number, number]>;
  stepsPerSecond: number;
}

async function main(): Promise<void> {
  mkdirSync(cache, { recursive: true });
  console.log(`backend: ${await useNodeBackend('wasm')}; ${STEPS} steps; ${new Date().toISOString()}`);

  const sky64Dir = path.join(cache, 'sky64');
  cliOnce(['convert', path.resolve(root, '../shared/models/sky64/network-snapshot.pkl'), sky64Dir], sky64Dir);
  const sky64 = await Generator.load(modelFilesFromDirectory(sky64Dir));
  let t0 = performance.now();
  await wStatistics(sky64);
  console.log(`sky64: w statistics over 10,000 mapped samples in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  console.log(`self-projection (content seed, motion seed 0, t = 0), PSNR in dB at steps ${CURVE_AT.join(', ')}:`);
  const runs: Run[] = [];
  for (const seed of videoOnly ? [] : SEEDS) {
    const target = await selfFrame(sky64, seed);
    for (const space of ['w+', 'w'] as const) {
      const curve: Array<[number, number]> = [];
      t0 = performance.now();
      const result = await projectImage(sky64, target, {
        steps: STEPS,
        space,
        onProgress: (p) => {
          if (CURVE_AT.includes(p.step)) curve.push([p.step, p.psnr]);
        },
      });
      const stepsPerSecond = STEPS / ((performance.now() - t0) / 1000);
      runs.push({ seed, space, psnr: result.psnr, curve, stepsPerSecond });
      console.log(
        `  seed ${seed} ${space.padEnd(2)}: final ${result.psnr.toFixed(2)} dB | ${curve.map(([, p]) => p.toFixed(1)).join(' ')} | ${stepsPerSecond.toFixed(1)} steps/s`,
      );
    }
  }
  for (const space of videoOnly ? [] : (['w+', 'w'] as const)) {
    const mine = runs.filter((r) => r.space === space);
    const mean = (f: (r: Run) => number) => mine.reduce((a, r) => a + f(r), 0) / mine.length;
    console.log(
      `sky64 ${space.padEnd(2)}: mean final PSNR ${mean((r) => r.psnr).toFixed(2)} dB, ${mean((r) => r.stepsPerSecond).toFixed(1)} steps/s`,
    );
  }

  const sky256Dir = path.join(cache, 'sky256');
  cliOnce(['random', 'sky256', sky256Dir], sky256Dir);
  const sky256 = await Generator.load(modelFilesFromDirectory(sky256Dir));
  t0 = performance.now();
  await wStatistics(sky256);
  const statsSeconds = (performance.now() - t0) / 1000;
  let sky256Picture: { stepsPerSecond: number; peakBytes: number } | undefined;
  if (!videoOnly) {
    const target = await selfFrame(sky256, 1);
    const timedSteps = quick ? 3 : 10;
    const times: number[] = [];
    let last = performance.now();
    const profile = await tf.profile(async () => {
      await projectImage(sky256, target, {
        steps: timedSteps + 1,
        onProgress: () => {
          const now = performance.now();
          times.push(now - last);
          last = now;
        },
      });
    });
    const perStep = times.slice(1).reduce((a, b) => a + b, 0) / (times.length - 1);
    console.log(
      `sky256 (random weights) w+: ${(1000 / perStep).toFixed(2)} steps/s (${perStep.toFixed(0)} ms/step over ${timedSteps} steps), ` +
        `peak tensor memory ${(profile.peakBytes / 2 ** 20).toFixed(0)} MB, w statistics ${statsSeconds.toFixed(1)} s`,
    );
    sky256Picture = { stepsPerSecond: 1000 / perStep, peakBytes: profile.peakBytes };
  }

  const video = await benchVideoProjection(sky64, sky256, {
    quick,
    steps: numberArg('--video-steps'),
    pictureSteps: numberArg('--video-picture-steps'),
  });
  sky64.dispose();
  sky256.dispose();

  const out = path.join(root, 'bench-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'project.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        steps: STEPS,
        sky64: runs,
        sky256: sky256Picture,
        video,
      },
      null,
      1,
    ),
  );
}

await main();
