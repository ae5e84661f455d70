/**
 * Video projection figures for `npm run bench:project` (tools/bench-project.ts runs this after the picture
 * figures): self-projection of a 16-frame clip sky64 made itself (w+ and w) against the static fit, with the
 * correlation of frame-to-frame differences; a procedural sky clip the model did not make, and whether frames
 * up to 3 spans past its end keep moving and keep the model's pixel statistics; steps/s and peak memory on a
 * random-weight sky256.
 */
import * as tf from '@tensorflow/tfjs';
import type { Generator } from '../src/engine';
import {
  type LatentSpace,
  motionFile,
  motionFileRows,
  projectVideo,
  type VideoProjectionOptions,
  type VideoProjectionResult,
  type VideoTarget,
} from '../src/latent';

const toByte = (x: number) => Math.min(255, Math.max(0, Math.floor(x * 127.5 + 128)));

/** The bench's self-projection clip: content seed 21, motion seed 5, 16 frames 4 training frames apart. */
const CONTENT_SEED = 21;
const CLIP_MOTION_SEED = 5;
/** The fit starts from another motion seed's rows. */
const START_MOTION_SEED = 9;
const FRAMES = 16;
const T_STEP = 4;

async function renderBytes(
  generator: Generator,
  spec: Parameters<Generator['prepareVideo']>[0],
  times: readonly number[],
): Promise<Uint8Array[]> {
  const video = generator.prepareVideo(spec);
  try {
    const out: Uint8Array[] = [];
    // A few frames at a time: bounded memory for long stretches past the clip.
    for (let i = 0; i < times.length; i += 8) {
      const part = times.slice(i, i + 8);
      const frames = await video.render(part);
      const values = (await frames.data()) as Float32Array;
      frames.dispose();
      const pixels = values.length / part.length;
      for (let k = 0; k < part.length; k++)
        out.push(Uint8Array.from(values.subarray(k * pixels, (k + 1) * pixels), toByte));
    }
    return out;
  } finally {
    video.dispose();
  }
}

/** Pearson correlation of two clips' frame-to-frame difference images (all pixels of all differences). */
export function differenceCorrelation(a: readonly Uint8Array[], b: readonly Uint8Array[]): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let k = 1; k < a.length; k++) {
    for (let i = 0; i < a[k]!.length; i++) {
      const x = a[k]![i]! - a[k - 1]![i]!;
      const y = b[k]![i]! - b[k - 1]![i]!;
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
  }
  const cov = sxy - (sx * sy) / n;
  return cov / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

function pixelStats(frame: Uint8Array): { mean: number; std: number } {
  let sum = 0;
  let squares = 0;
  for (const v of frame) {
    sum += v;
    squares += v * v;
  }
  const mean = sum / frame.length;
  return { mean, std: Math.sqrt(squares / frame.length - mean * mean) };
}

const average = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const spread = (values: readonly number[]) => {
  const m = average(values);
  return Math.sqrt(average(values.map((v) => (v - m) ** 2)));
};

/**
 * A sky the model did not make: a vertical gradient from deep to pale blue with white value-noise clouds
 * (three octaves, smoothly interpolated) drifting right by 0.6 pixels a frame, slowly changing shape.
 */
export function proceduralSky(size: number, frames: number): Uint8Array[] {
  const lattice = (x: number, y: number, z: number) => {
    let h = (x * 374761393 + y * 668265263 + z * 2147483647) | 0;
    h = Math.imul(h ^ (h >>> 13), 1274126177);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  };
  const smooth = (t: number) => t * t * (3 - 2 * t);
  const noise = (x: number, y: number, z: number) => {
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const z0 = Math.floor(z);
    const [fx, fy, fz] = [smooth(x - x0), smooth(y - y0), smooth(z - z0)];
    let value = 0;
    for (const [dx, wx] of [
      [0, 1 - fx],
      [1, fx],
    ] as const)
      for (const [dy, wy] of [
        [0, 1 - fy],
        [1, fy],
      ] as const)
        for (const [dz, wz] of [
          [0, 1 - fz],
          [1, fz],
        ] as const)
          value += wx * wy * wz * lattice(x0 + dx, y0 + dy, z0 + dz);
    return value;
  };
  return Array.from({ length: frames }, (_, f) => {
    const rgb = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++) {
      const v = y / (size - 1);
      const sky = [40 + 120 * v, 90 + 110 * v, 200 + 40 * v];
      for (let x = 0; x < size; x++) {
        const u = (x - 0.6 * f) / size;
        let cloud = 0;
        for (const [scale, weight] of [
          [4, 0.55],
          [8, 0.3],
          [16, 0.15],
        ] as const)
          cloud += weight * noise(u * scale, v * scale, (f * 0.03 * scale) / 4);
        const c = Math.min(1, Math.max(0, (cloud - 0.45) * 2.5)) * (1 - 0.5 * v);
        for (let ch = 0; ch < 3; ch++) rgb[(y * size + x) * 3 + ch] = Math.round(sky[ch]! * (1 - c) + 245 * c);
      }
    }
    return rgb;
  });
}

interface FitFigures {
  space: LatentSpace;
  psnr: number;
  staticPsnr: number;
  differenceCorrelation: number;
  staticDifferenceCorrelation: number;
  jointStepsPerSecond: number;
  pictureStepsPerSecond: number;
  seconds: number;
}

async function fitClip(
  generator: Generator,
  target: Uint8Array[],
  times: number[],
  options: VideoProjectionOptions,
): Promise<{
  result: VideoProjectionResult;
  pictureStepsPerSecond: number;
  jointStepsPerSecond: number;
  seconds: number;
}> {
  const size = generator.arch.imgResolution;
  const clip: VideoTarget = { size, frames: target.map((b) => Float32Array.from(b, (v) => v / 255)), times };
  const started = performance.now();
  let pictureEnd = started;
  let pictureSteps = 0;
  let jointSteps = 0;
  const result = await projectVideo(generator, clip, {
    ...options,
    onProgress: (p) => {
      if (p.phase === 'picture') {
        pictureEnd = performance.now();
        pictureSteps = p.step;
      } else jointSteps = p.step;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    result,
    seconds,
    pictureStepsPerSecond: pictureSteps / ((pictureEnd - started) / 1000),
    // Includes the static fit's render and the final exact render: a slight underestimate.
    jointStepsPerSecond: jointSteps / ((performance.now() - pictureEnd) / 1000),
  };
}

async function playFit(generator: Generator, result: VideoProjectionResult, times: readonly number[], at: number[]) {
  const rows = motionFileRows(times, generator.arch);
  const motionZ = motionFile(result.motionZ, result.motionSeed, rows, generator.arch.motion.zDim);
  return renderBytes(generator, { content: { ws: result.ws }, motion: { motionZ, length: rows } }, at);
}

export interface VideoBenchOptions {
  quick: boolean;
  steps?: number;
  pictureSteps?: number;
}

export async function benchVideoProjection(sky64: Generator, sky256: Generator | null, options: VideoBenchOptions) {
  const times = Array.from({ length: FRAMES }, (_, k) => k * T_STEP);
  const stepOptions = {
    steps: options.steps ?? (options.quick ? 40 : undefined),
    pictureSteps: options.pictureSteps ?? (options.quick ? 40 : undefined),
  };
  console.log(
    `video self-projection: sky64 content seed ${CONTENT_SEED}, motion seed ${CLIP_MOTION_SEED}, ${FRAMES} frames at t = 0, ${T_STEP}, ..., ${times.at(-1)}; ` +
      `fit from motion seed ${START_MOTION_SEED}; steps: ${stepOptions.pictureSteps ?? 'default'} picture + ${stepOptions.steps ?? 'default'} joint`,
  );
  const target = await renderBytes(
    sky64,
    { content: { seed: CONTENT_SEED }, motion: { seed: CLIP_MOTION_SEED } },
    times,
  );
  const selfRuns: FitFigures[] = [];
  for (const space of ['w+', 'w'] as const) {
    const run = await fitClip(sky64, target, times, { ...stepOptions, space, motionSeed: START_MOTION_SEED });
    const played = await playFit(sky64, run.result, times, times);
    const staticPlayed = await renderBytes(
      sky64,
      { content: { ws: run.result.ws }, motion: { seed: START_MOTION_SEED } },
      times,
    );
    const figures: FitFigures = {
      space,
      psnr: run.result.psnr,
      staticPsnr: run.result.staticPsnr,
      differenceCorrelation: differenceCorrelation(played, target),
      staticDifferenceCorrelation: differenceCorrelation(staticPlayed, target),
      jointStepsPerSecond: run.jointStepsPerSecond,
      pictureStepsPerSecond: run.pictureStepsPerSecond,
      seconds: run.seconds,
    };
    selfRuns.push(figures);
    const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      `  ${space.padEnd(2)}: mean PSNR ${figures.psnr.toFixed(2)} dB (target >= 30: ${check(figures.psnr >= 30)}), ` +
        `static fit ${figures.staticPsnr.toFixed(2)} dB (${(figures.psnr - figures.staticPsnr).toFixed(2)} dB below; target >= 3: ` +
        `${check(figures.psnr - figures.staticPsnr >= 3)}), difference correlation ${figures.differenceCorrelation.toFixed(3)} ` +
        `(target >= 0.9: ${check(figures.differenceCorrelation >= 0.9)}; same ws with the starting motion ${figures.staticDifferenceCorrelation.toFixed(3)}), ` +
        `${figures.jointStepsPerSecond.toFixed(2)} joint steps/s (16 frames), ${figures.pictureStepsPerSecond.toFixed(1)} picture steps/s, ${figures.seconds.toFixed(0)} s`,
    );
  }

  // A clip the model did not make.
  const sky = proceduralSky(sky64.arch.imgResolution, FRAMES);
  const procedural = await fitClip(sky64, sky, times, { ...stepOptions, space: 'w+', motionSeed: START_MOTION_SEED });
  const span = times.at(-1)!;
  const after = Array.from({ length: (3 * span) / T_STEP }, (_, k) => span + (k + 1) * T_STEP);
  const continued = await playFit(sky64, procedural.result, times, [span, ...after]);
  const motionAfter = continued.slice(1).map((frame, k) => meanAbsDiff(frame, continued[k]!));
  const statsAfter = continued.slice(1).map(pixelStats);
  // The model's own pixel statistics: 32 videos (content seeds 100.., motion seeds 200..) at t = 0 and 120.
  const own: Array<{ mean: number; std: number }> = [];
  for (let i = 0; i < 32; i++)
    for (const frame of await renderBytes(sky64, { content: { seed: 100 + i }, motion: { seed: 200 + i } }, [0, 120]))
      own.push(pixelStats(frame));
  const ownMean = { mean: average(own.map((s) => s.mean)), sd: spread(own.map((s) => s.mean)) };
  const ownStd = { mean: average(own.map((s) => s.std)), sd: spread(own.map((s) => s.std)) };
  const afterMean = average(statsAfter.map((s) => s.mean));
  const afterStd = average(statsAfter.map((s) => s.std));
  const zMean = Math.abs(afterMean - ownMean.mean) / ownMean.sd;
  const zStd = Math.abs(afterStd - ownStd.mean) / ownStd.sd;
  const keepsStats = zMean <= 3 && zStd <= 3;
  console.log(
    `procedural sky clip (not the model's), w+: mean PSNR ${procedural.result.psnr.toFixed(2)} dB (static fit ${procedural.result.staticPsnr.toFixed(2)} dB); ` +
      `${after.length} frames past its end (t = ${after[0]} to ${after.at(-1)}): mean abs frame-to-frame difference ` +
      `${average(motionAfter).toFixed(2)} (min ${Math.min(...motionAfter).toFixed(2)}; keeps moving: ${Math.min(...motionAfter) > 0 ? 'yes' : 'NO'}), ` +
      `pixel mean ${afterMean.toFixed(1)} / std ${afterStd.toFixed(1)} against the model's ${ownMean.mean.toFixed(1)} ± ${ownMean.sd.toFixed(1)} / ` +
      `${ownStd.mean.toFixed(1)} ± ${ownStd.sd.toFixed(1)} (${zMean.toFixed(1)} and ${zStd.toFixed(1)} sd away; within 3 sd: ${keepsStats ? 'yes' : 'NO'})`,
  );
  const proceduralFigures = {
    psnr: procedural.result.psnr,
    staticPsnr: procedural.result.staticPsnr,
    meanAbsDiffAfter: average(motionAfter),
    minAbsDiffAfter: Math.min(...motionAfter),
    pixelMeanAfter: afterMean,
    pixelStdAfter: afterStd,
    modelPixelMean: ownMean,
    modelPixelStd: ownStd,
    keepsStats,
    framePsnrAt: procedural.result.framePsnr.map((p) => +p.toFixed(2)),
  };

  let sky256Figures: Record<string, number> | undefined;
  if (sky256) {
    const size = sky256.arch.imgResolution;
    const frames = options.quick ? 2 : 4;
    const clipTimes = Array.from({ length: frames }, (_, k) => k * T_STEP);
    const clip256 = await renderBytes(sky256, { content: { seed: 1 }, motion: { seed: 1 } }, clipTimes);
    const jointSteps = options.quick ? 2 : 4;
    const stepTimes: number[] = [];
    let last = 0;
    let peakRss = process.memoryUsage().rss;
    const clip: VideoTarget = {
      size,
      frames: clip256.map((b) => Float32Array.from(b, (v) => v / 255)),
      times: clipTimes,
    };
    const framesPerChunk = 1;
    const profile = await tf.profile(async () => {
      await projectVideo(sky256, clip, {
        steps: jointSteps + 1,
        pictureSteps: 1,
        wSamples: 1000,
        framesPerChunk,
        onProgress: (p) => {
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
          if (p.phase !== 'video') return;
          const now = performance.now();
          if (last) stepTimes.push(now - last);
          last = now;
        },
      });
    });
    const perStep = average(stepTimes);
    sky256Figures = {
      frames,
      framesPerChunk,
      stepsPerSecond: 1000 / perStep,
      msPerStep: perStep,
      peakTensorBytes: profile.peakBytes,
      peakRssBytes: peakRss,
    };
    console.log(
      `sky256 (random weights) video fit, ${frames} frames in passes of ${framesPerChunk}: ${(1000 / perStep).toFixed(3)} joint steps/s ` +
        `(${(perStep / 1000).toFixed(1)} s a step over ${stepTimes.length} steps), peak tensor memory ${(profile.peakBytes / 2 ** 20).toFixed(0)} MB, ` +
        `peak process RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    );
  }
  return { selfProjection: selfRuns, procedural: proceduralFigures, sky256: sky256Figures };
}
