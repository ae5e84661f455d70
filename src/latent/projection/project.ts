import * as tf from '@tensorflow/tfjs';
import type { Generator } from '../../engine';
import { Adam } from './adam';
import { displayedMse, psnrFromMse, pyramid, reconstructionLoss } from './loss';
import { bestCandidate, type MotionCandidate, rankMotionSeeds } from './motion-search';
import { learningRate, noiseScale, OFFICIAL_SCHEDULE, type ProjectionSchedule } from './schedule';
import { motionAtStart, synthesizeDifferentiable } from './synthesize';
import type { ProjectionOptions, ProjectionProgress, ProjectionResult, RgbaImage, TargetImage } from './types';
import { wStatistics } from './w-statistics';

export const DEFAULT_STEPS = 1000;
/** The most steps one projection takes (100 times the default; the loss has long stopped improving there). */
export const MAX_STEPS = 100_000;
/** The most motion seeds a search tries (each costs a frame and its loss; the studio tries 8). */
export const MAX_MOTION_SEARCH = 64;

/**
 * Lets timers and messages (a Cancel) in between steps, also where tensor reads resolve as microtasks. Not
 * setTimeout(0): browsers clamp nested timeouts to 4 ms.
 */
export function nextTask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Projects a picture into the generator: finds ws (and picks motion codes) whose frame at t = 0 reconstructs
 * it, with the official projector's schedule (Adam; learning rate up over the first 5%, cosine down over the
 * last 25%; Gaussian noise on w decaying over the first 75%, scaled by the spread of mapped ws) and a loss
 * that needs no download (pixel MSE plus a multi-scale term). Starts from the mean w.
 *
 * The result is the best step by loss, then re-rendered through the ordinary (fused) engine path: its PSNR
 * is that of the frame the ws and motion seed render anywhere else. Cancel with `signal`: the promise
 * rejects with its reason and every tensor is released. The first projection on a generator leaves its
 * synthesis layers' kernels turned for input gradients (one set per layer) and the FIR kernels cached on the
 * generator: later projections reuse them, and Generator.dispose releases them.
 */
export async function projectImage(
  generator: Generator,
  target: TargetImage,
  options: ProjectionOptions = {},
): Promise<ProjectionResult> {
  const { arch } = generator;
  const steps = options.steps ?? DEFAULT_STEPS;
  const space = options.space ?? 'w+';
  const schedule: ProjectionSchedule = { ...OFFICIAL_SCHEDULE, ...options.schedule };
  const noiseSeed = options.seed ?? 0;
  const { signal, classIndex } = options;
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS)
    throw new RangeError(`steps must be a whole number from 1 to ${MAX_STEPS}, got ${steps}`);
  const searched = options.motion && 'searchSeeds' in options.motion ? options.motion.searchSeeds.length : 0;
  if (searched > MAX_MOTION_SEARCH)
    throw new RangeError(`a motion search tries at most ${MAX_MOTION_SEARCH} seeds, got ${searched}`);
  if (space !== 'w' && space !== 'w+') throw new RangeError(`space must be "w" or "w+", got "${String(space)}"`);
  if (target.size !== arch.imgResolution || target.rgb.length !== target.size * target.size * 3) {
    throw new RangeError(
      `target must be ${arch.imgResolution}x${arch.imgResolution} RGB (the model's resolution), got ${target.size}x${target.size}`,
    );
  }
  signal?.throwIfAborted();
  const stats = await wStatistics(generator, { samples: options.wSamples, classIndex });
  signal?.throwIfAborted();

  const { numWs, wDim } = arch;
  const size = target.size;
  const owned: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T) => {
    owned.push(t);
    return t;
  };
  const adam = new Adam();
  let w: tf.Tensor2D | null = null;
  try {
    const target01 = own(tf.tensor4d(target.rgb, [1, size, size, 3]));
    const targetPyramid = pyramid(own(tf.tidy(() => tf.sub(tf.mul(target01, 2), 1) as tf.Tensor4D))).map((level, i) =>
      i === 0 ? level : own(level),
    );
    const wStart = own(tf.tidy(() => tf.tile(tf.tensor2d(stats.mean, [1, wDim]), [numWs, 1]) as tf.Tensor2D));

    let motionSeed: number;
    let motionCandidates: MotionCandidate[] | undefined;
    const motion = options.motion ?? { seed: 0 };
    if ('searchSeeds' in motion) {
      motionCandidates = await rankMotionSeeds(generator, wStart, targetPyramid, motion.searchSeeds, {
        classIndex,
        signal,
      });
      motionSeed = bestCandidate(motionCandidates).seed;
    } else {
      motionSeed = motion.seed;
    }
    const motionV = own(await motionAtStart(generator, motionSeed, classIndex));

    w = space === 'w+' ? tf.clone(wStart) : tf.tensor2d(stats.mean, [1, wDim]);
    const toWs = (param: tf.Tensor2D) => (space === 'w+' ? param : (tf.tile(param, [numWs, 1]) as tf.Tensor2D));

    let best: ProjectionResult | null = null;
    const takeBest = (): ProjectionResult => {
      if (!best) throw new Error('no projection step has finished yet');
      return { ...best, ws: best.ws.slice(), motionCandidates: best.motionCandidates?.map((c) => ({ ...c })) };
    };
    const started = performance.now();
    for (let step = 0; step < steps; step++) {
      signal?.throwIfAborted();
      const lr = learningRate(step, steps, schedule);
      const sigma = noiseScale(step, steps, stats.std, schedule);
      const wantImage = options.wantsReconstruction?.(step + 1) ?? false;
      const param: tf.Tensor2D = w;
      let rendered: tf.Tensor2D | undefined;
      let mse: tf.Scalar | undefined;
      let image: tf.Tensor4D | undefined;
      const { value: loss, grad } = tf.valueAndGrad((p: tf.Tensor2D) => {
        // Seeds from 1: tfjs draws a seed of 0 from Math.random (its `seed ? seed : Math.random()`).
        const noiseKey = noiseSeed * 1_000_003 + step + 1;
        const noisy =
          sigma > 0 ? (tf.add(p, tf.randomNormal(p.shape, 0, sigma, 'float32', noiseKey)) as tf.Tensor2D) : p;
        const ws = toWs(noisy);
        const frame = synthesizeDifferentiable(generator, ws, motionV);
        rendered = tf.keep(ws === p ? tf.clone(ws) : ws);
        mse = tf.keep(displayedMse(frame, target01));
        if (wantImage) image = tf.keep(frame);
        return reconstructionLoss(frame, targetPyramid);
      })(param);
      try {
        w = adam.step(param, grad, lr) as tf.Tensor2D;
        param.dispose();
        const [lossValue, mseValue, wsValue, pixels] = await Promise.all([
          loss.data(),
          mse!.data(),
          rendered!.data(),
          image ? toRgba(image) : undefined,
        ]);
        const stepPsnr = psnrFromMse(mseValue[0]!);
        if (!best || lossValue[0]! < best.loss) {
          best = {
            ws: wsValue as Float32Array,
            numWs,
            wDim,
            space,
            motionSeed,
            psnr: stepPsnr,
            loss: lossValue[0]!,
            step: step + 1,
            steps,
            motionCandidates,
          };
        }
        const elapsedMs = performance.now() - started;
        const progress: ProjectionProgress = {
          step: step + 1,
          steps,
          loss: lossValue[0]!,
          psnr: stepPsnr,
          bestPsnr: best.psnr,
          learningRate: lr,
          noiseScale: sigma,
          elapsedMs,
          remainingMs: (elapsedMs / (step + 1)) * (steps - step - 1),
          reconstruction: pixels,
          best: takeBest,
        };
        await options.onProgress?.(progress);
      } finally {
        for (const t of [loss, grad, rendered, mse, image]) t?.dispose();
      }
      await nextTask();
    }
    signal?.throwIfAborted();
    return await evaluate(generator, takeBest(), target01, targetPyramid, classIndex);
  } finally {
    w?.dispose();
    adam.dispose();
    for (const t of owned) t.dispose();
  }
}

/** The result's frame at t = 0 through the ordinary engine path: the PSNR anyone rendering these ws gets. */
async function evaluate(
  generator: Generator,
  result: ProjectionResult,
  target01: tf.Tensor4D,
  targetPyramid: readonly tf.Tensor4D[],
  classIndex: number | undefined,
): Promise<ProjectionResult> {
  const video = generator.prepareVideo({ content: { ws: result.ws }, motion: { seed: result.motionSeed }, classIndex });
  try {
    const frame = await video.render([0]);
    const [mse, loss] = tf.tidy(() => [displayedMse(frame, target01), reconstructionLoss(frame, targetPyramid)]);
    frame.dispose();
    const values = await Promise.all([mse.data(), loss.data()]);
    mse.dispose();
    loss.dispose();
    return { ...result, psnr: psnrFromMse(values[0][0]!), loss: values[1][0]! };
  } finally {
    video.dispose();
  }
}

/** A frame [1, H, W, 3] in generator units as 8-bit RGBA (the official byte mapping). */
async function toRgba(frame: tf.Tensor4D): Promise<RgbaImage> {
  const [, height, width] = frame.shape;
  const values = (await frame.data()) as Float32Array;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < values.length; i += 3, j += 4) {
    rgba[j] = Math.floor(values[i]! * 127.5 + 128);
    rgba[j + 1] = Math.floor(values[i + 1]! * 127.5 + 128);
    rgba[j + 2] = Math.floor(values[i + 2]! * 127.5 + 128);
    rgba[j + 3] = 255;
  }
  return { width, height, rgba };
}
