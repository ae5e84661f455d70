import * as tf from '@tensorflow/tfjs';
import { type Generator, motionCodes, type TimeAnchors, timeAnchors } from '../../engine';
import {
  DEFAULT_VIDEO_PICTURE_STEPS,
  DEFAULT_VIDEO_STEPS,
  MAX_CLIP_FRAMES,
  MIN_CLIP_FRAMES,
} from '../video-fit-limits';
import { Adam } from './adam';
import { psnrFromMse, pyramid, reconstructionLoss } from './loss';
import { clipMotionRows, type MotionRegularization, motionPriorLoss } from './motion-codes';
import { DifferentiableMotion } from './motion-path';
import { MAX_STEPS, nextTask, projectImage } from './project';
import { learningRate, OFFICIAL_SCHEDULE } from './schedule';
import { synthesizeDifferentiable } from './synthesize';
import type { LatentSpace } from './types';
import type { VideoProjectionOptions, VideoProjectionResult, VideoTarget } from './video-types';

export { DEFAULT_VIDEO_PICTURE_STEPS, DEFAULT_VIDEO_STEPS, MAX_CLIP_FRAMES, MIN_CLIP_FRAMES };
/**
 * Peak learning rates of the joint fit: content ws, motion noise rows. Motion 0.02 against 0.05 and 0.01 on the
 * bench clip (300 steps): 36.9 dB and difference correlation 0.877, against 36.4 / 0.850 and 34.5 / 0.852.
 */
export const DEFAULT_VIDEO_LEARNING_RATE = 0.02;
export const DEFAULT_MOTION_LEARNING_RATE = 0.02;
export const DEFAULT_MOTION_REGULARIZATION: MotionRegularization = 'dist';
export const DEFAULT_MOTION_REGULARIZATION_WEIGHT = 1e-3;
/**
 * Weight of the temporal term: the mean squared error of the frame-to-frame differences against the clip's.
 * Errors the frames share (content the fit misses in every frame) cancel in it, so it weighs the motion.
 */
export const DEFAULT_TEMPORAL_WEIGHT = 16;

/**
 * Frames per synthesis pass of the fit when not given: a backward pass keeps every layer's activations, about
 * 16 times what a forward render holds at its peak, so a sixteenth of the render chunk (at least one frame).
 */
export function fitFramesPerChunk(generator: Generator): number {
  return Math.max(1, Math.floor(generator.framesPerChunk / 16));
}

/** What is wrong with a clip for this generator, or undefined. */
export function videoTargetProblem(clip: VideoTarget, resolution: number): string | undefined {
  const n = clip.frames.length;
  if (n < MIN_CLIP_FRAMES)
    return n === 0
      ? 'the clip has no frames'
      : 'the clip has one frame: a video projection needs at least 2 (project a picture instead)';
  if (n > MAX_CLIP_FRAMES) return `the clip has ${n} frames; at most ${MAX_CLIP_FRAMES} are projected at once`;
  if (clip.times.length !== n) return `the clip has ${n} frames but ${clip.times.length} times`;
  if (clip.size !== resolution) return `clip frames must be ${resolution}x${resolution} (the model's resolution)`;
  for (const [k, frame] of clip.frames.entries())
    if (frame.length !== resolution * resolution * 3) return `frame ${k} is not ${resolution}x${resolution} RGB`;
  for (let k = 0; k < n; k++) {
    const t = clip.times[k]!;
    if (!(Number.isFinite(t) && t >= 0)) return `frame ${k}'s time ${t} is not a time >= 0`;
    if (k > 0 && !(t > clip.times[k - 1]!)) return 'frame times must increase';
  }
  return undefined;
}

/**
 * Projects a clip into the generator: one content (ws, w or w+) and the motion noise rows the clip's times
 * depend on (rows 0 .. clipMotionRows - 1, as the official projector optimises motion_z), fitted jointly.
 * Starts from the first frame's picture projection (projectImage, with the starting motion seed's codes at
 * t = 0) and from that seed's motion rows; the motion rows are held toward their prior (`motionRegularization`,
 * the official options) so frames between and after the clip stay like the model's own. Gradients flow
 * through a float32 copy of the motion path (motion-path.ts); the kept step's frames, and every PSNR in the
 * result, come from the exact engine path. Adam over both, with the official schedule's shape (no noise on
 * w: the start is already fitted); the best step by loss is kept.
 *
 * Cancel with `signal`: the promise rejects with its reason and every tensor is released.
 */
export async function projectVideo(
  generator: Generator,
  clip: VideoTarget,
  options: VideoProjectionOptions = {},
): Promise<VideoProjectionResult> {
  const { arch } = generator;
  const steps = options.steps ?? DEFAULT_VIDEO_STEPS;
  const pictureSteps = options.pictureSteps ?? DEFAULT_VIDEO_PICTURE_STEPS;
  const space: LatentSpace = options.space ?? 'w+';
  const motionSeed = options.motionSeed ?? 0;
  const regularization = options.motionRegularization ?? DEFAULT_MOTION_REGULARIZATION;
  const regWeight = options.motionRegularizationWeight ?? DEFAULT_MOTION_REGULARIZATION_WEIGHT;
  const lrWs = options.learningRate ?? DEFAULT_VIDEO_LEARNING_RATE;
  const lrMotion = options.motionLearningRate ?? DEFAULT_MOTION_LEARNING_RATE;
  const temporalWeight = options.temporalWeight ?? DEFAULT_TEMPORAL_WEIGHT;
  const { signal, classIndex } = options;
  for (const [name, value] of [
    ['steps', steps],
    ['picture steps', pictureSteps],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_STEPS)
      throw new RangeError(`${name} must be a whole number from 1 to ${MAX_STEPS}, got ${value}`);
  }
  if (space !== 'w' && space !== 'w+') throw new RangeError(`space must be "w" or "w+", got "${String(space)}"`);
  if (!['dist', 'norm', 'none'].includes(regularization))
    throw new RangeError(`motion regularization must be dist, norm or none, got "${String(regularization)}"`);
  const problem = videoTargetProblem(clip, arch.imgResolution);
  if (problem) throw new RangeError(problem);
  const chunkSize = options.framesPerChunk ?? fitFramesPerChunk(generator);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError('frames per chunk must be at least 1');
  const { numWs, wDim } = arch;
  const zDim = arch.motion.zDim;
  if (options.startWs && options.startWs.length !== numWs * wDim)
    throw new RangeError(`start ws must have ${numWs} x ${wDim} values, got ${options.startWs.length}`);
  const classVector = arch.cDim > 0 ? generator.classVector(classIndex ?? -1) : null;
  const times = [...clip.times];
  const n = times.length;
  const rows = clipMotionRows(times, arch.motion);
  const anchors = timeAnchors(times, arch.motion.motionZDistance);
  signal?.throwIfAborted();

  const started = performance.now();
  // A joint step renders every frame: it costs about n picture steps (estimate until joint steps are timed).
  const estimateRemaining = (pictureMsPerStep: number, picturesLeft: number) =>
    pictureMsPerStep * (picturesLeft + steps * n);
  let startWs = options.startWs;
  if (!startWs) {
    const picture = await projectImage(
      generator,
      { size: clip.size, rgb: clip.frames[0]! },
      {
        steps: pictureSteps,
        space,
        motion: { seed: motionSeed },
        seed: options.seed,
        classIndex,
        wSamples: options.wSamples,
        signal,
        onProgress: async (p) => {
          await options.onProgress?.({
            phase: 'picture',
            step: p.step,
            steps: p.steps,
            loss: p.loss,
            psnr: p.psnr,
            framePsnr: [p.psnr],
            bestPsnr: p.bestPsnr,
            elapsedMs: performance.now() - started,
            remainingMs: estimateRemaining(p.elapsedMs / p.step, p.steps - p.step),
            picture: p,
          });
        },
      },
    );
    startWs = picture.ws;
  }
  const startZ = motionCodes(motionSeed, 0, rows, zDim);
  signal?.throwIfAborted();

  const owned: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T) => {
    owned.push(t);
    return t;
  };
  const motion = new DifferentiableMotion(generator, classVector);
  const adamWs = new Adam();
  const adamMotion = new Adam();
  let w: tf.Tensor2D | null = null;
  let z: tf.Tensor2D | null = null;
  try {
    const pixels = clip.size * clip.size * 3;
    const all = new Float32Array(n * pixels);
    for (const [k, frame] of clip.frames.entries()) all.set(frame, k * pixels);
    const targets01 = own(tf.tensor4d(all, [n, clip.size, clip.size, 3]));
    const staticFramePsnr = await exactFramePsnr(generator, startWs, startZ, rows, targets01, times, classIndex);
    signal?.throwIfAborted();

    // The loss is a function of all frames (the temporal term couples neighbours). One pass: it is
    // differentiated through the synthesis directly. More passes (bounded memory): every pass is rendered
    // without gradients, the loss's gradient with respect to the frames is taken, and each pass is then
    // back-propagated from its slice of it (vector-Jacobian product): the same gradient, and no pass ever
    // holds more than its own frames.
    const targets = own(tf.tidy(() => tf.sub(tf.mul(targets01, 2), 1) as tf.Tensor4D));
    const targetPyramid = pyramid(targets).map((level, i) => (i === 0 ? level : own(level)));
    const targetSteps = own(frameSteps(targets));
    const frameLoss = (frames: tf.Tensor4D): tf.Scalar =>
      tf.tidy(() => {
        const reconstruction = reconstructionLoss(frames, targetPyramid);
        if (temporalWeight <= 0) return reconstruction;
        const temporal = tf.mean(tf.squaredDifference(frameSteps(frames), targetSteps));
        return tf.add(reconstruction, tf.mul(temporal, temporalWeight)) as tf.Scalar;
      });
    const passes = Math.ceil(n / chunkSize);
    const perPass = Math.ceil(n / passes);
    const chunks: Array<{ first: number; count: number; anchors: TimeAnchors }> = [];
    for (let first = 0; first < n; first += perPass) {
      const count = Math.min(perPass, n - first);
      chunks.push({ first, count, anchors: sliceAnchors(anchors, first, count) });
    }

    w = space === 'w+' ? tf.tensor2d(startWs, [numWs, wDim]) : tf.tensor2d(startWs.subarray(0, wDim), [1, wDim]);
    z = tf.tensor2d(startZ, [rows, zDim]);
    const toWs = (param: tf.Tensor2D) => (space === 'w+' ? param : (tf.tile(param, [numWs, 1]) as tf.Tensor2D));
    const render = (p: tf.Tensor, q: tf.Tensor, chunk: (typeof chunks)[number]) =>
      synthesizeDifferentiable(generator, toWs(p as tf.Tensor2D), motion.motionV(q as tf.Tensor2D, chunk.anchors));
    const prior = (q: tf.Tensor) => tf.mul(motionPriorLoss(q as tf.Tensor2D, regularization), regWeight) as tf.Scalar;

    let best: { ws: Float32Array; motionZ: Float32Array; loss: number; step: number; psnr: number } | null = null;
    const jointStarted = performance.now();
    for (let step = 0; step < steps; step++) {
      signal?.throwIfAborted();
      const lr = learningRate(step, steps, { ...OFFICIAL_SCHEDULE, initialLearningRate: lrWs });
      const lrZ = learningRate(step, steps, { ...OFFICIAL_SCHEDULE, initialLearningRate: lrMotion });
      const wParam: tf.Tensor2D = w;
      const zParam: tf.Tensor2D = z;
      let gradW: tf.Tensor | null = null;
      let gradZ: tf.Tensor | null = null;
      const losses: tf.Scalar[] = [];
      let mse: tf.Tensor1D | undefined;
      const addGrads = (gw: tf.Tensor | null, gz: tf.Tensor) => {
        if (gw) gradW = gradW ? sumInto(gradW, gw) : gw;
        gradZ = gradZ ? sumInto(gradZ, gz) : gz;
      };
      try {
        if (chunks.length === 1) {
          const { value, grads } = tf.valueAndGrads((p: tf.Tensor, q: tf.Tensor) => {
            const frames = render(p, q, chunks[0]!);
            mse = tf.keep(perFrameDisplayedMse(frames, targets01));
            const loss = frameLoss(frames);
            return (regularization === 'none' ? loss : tf.add(loss, prior(q))) as tf.Scalar;
          })([wParam, zParam]);
          losses.push(value);
          addGrads(grads[0]!, grads[1]!);
        } else {
          const parts = chunks.map((chunk) => tf.tidy(() => render(wParam, zParam, chunk)));
          const frames = tf.concat(parts) as tf.Tensor4D;
          tf.dispose(parts);
          try {
            mse = perFrameDisplayedMse(frames, targets01);
            const { value, grad: framesGrad } = tf.valueAndGrad(frameLoss)(frames);
            losses.push(value);
            try {
              for (const chunk of chunks) {
                const dy = tf.slice(framesGrad, [chunk.first], [chunk.count]) as tf.Tensor4D;
                const { value: pass, grads } = tf.valueAndGrads((p: tf.Tensor, q: tf.Tensor) => render(p, q, chunk))(
                  [wParam, zParam],
                  dy,
                );
                tf.dispose([pass, dy]);
                addGrads(grads[0]!, grads[1]!);
              }
            } finally {
              framesGrad.dispose();
            }
          } finally {
            frames.dispose();
          }
          if (regularization !== 'none') {
            const { value, grad } = tf.valueAndGrad(prior)(zParam);
            losses.push(value);
            addGrads(null, grad);
          }
        }
        const rendered = tf.tidy(() => tf.clone(toWs(wParam)));
        const [lossValues, mseValues, wsValues, zValues] = await Promise.all([
          Promise.all(losses.map((l) => l.data())),
          mse!.data(),
          rendered.data(),
          zParam.data(),
        ]);
        rendered.dispose();
        w = adamWs.step(wParam, gradW!, lr) as tf.Tensor2D;
        z = adamMotion.step(zParam, gradZ!, lrZ) as tf.Tensor2D;
        wParam.dispose();
        zParam.dispose();
        const loss = lossValues.reduce((a, v) => a + v[0]!, 0);
        const framePsnr = Array.from(mseValues, psnrFromMse);
        const psnr = mean(framePsnr);
        if (!best || loss < best.loss)
          best = {
            ws: wsValues as Float32Array,
            motionZ: zValues as Float32Array,
            loss,
            step: step + 1,
            psnr,
          };
        const now = performance.now();
        const perStep = (now - jointStarted) / (step + 1);
        await options.onProgress?.({
          phase: 'video',
          step: step + 1,
          steps,
          loss,
          psnr,
          framePsnr,
          bestPsnr: best.psnr,
          elapsedMs: now - started,
          remainingMs: perStep * (steps - step - 1),
          best,
        });
      } finally {
        tf.dispose([...losses, ...(mse ? [mse] : [])]);
        if (gradW) tf.dispose(gradW);
        if (gradZ) tf.dispose(gradZ);
      }
      await nextTask();
    }
    signal?.throwIfAborted();
    const kept = best!;
    const framePsnr = await exactFramePsnr(generator, kept.ws, kept.motionZ, rows, targets01, times, classIndex);
    return {
      ws: kept.ws,
      numWs,
      wDim,
      space,
      motionSeed,
      motionZ: kept.motionZ,
      fittedRows: rows,
      times,
      framePsnr,
      psnr: mean(framePsnr),
      staticFramePsnr,
      staticPsnr: mean(staticFramePsnr),
      loss: kept.loss,
      step: kept.step,
      steps,
    };
  } finally {
    w?.dispose();
    z?.dispose();
    adamWs.dispose();
    adamMotion.dispose();
    motion.dispose();
    for (const t of owned) t.dispose();
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Displayed (clamped to [0, 1]) mean squared error of each frame [T] against targets in [0, 1]. */
function perFrameDisplayedMse(frames: tf.Tensor4D, targets01: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(
    () =>
      tf.mean(
        tf.squaredDifference(tf.clipByValue(tf.add(tf.mul(frames, 0.5), 0.5), 0, 1), targets01),
        [1, 2, 3],
      ) as tf.Tensor1D,
  );
}

/** a + b; both are released. */
function sumInto(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const sum = tf.add(a, b);
  tf.dispose([a, b]);
  return sum;
}

/** Differences of neighbouring frames [T - 1, H, W, 3]. */
function frameSteps(frames: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [t, h, w, c] = frames.shape;
    return tf.sub(tf.slice(frames, [1], [t - 1, h, w, c]), tf.slice(frames, [0], [t - 1, h, w, c])) as tf.Tensor4D;
  });
}

function sliceAnchors(anchors: TimeAnchors, first: number, count: number): TimeAnchors {
  const end = first + count;
  return {
    t: anchors.t.slice(first, end),
    tLeft: anchors.tLeft.slice(first, end),
    tRight: anchors.tRight.slice(first, end),
    alpha: anchors.alpha.slice(first, end),
    leftIndex: anchors.leftIndex.slice(first, end),
  };
}

/** PSNR of each frame of ws + motion rows through the ordinary engine path (what `render` shows). */
async function exactFramePsnr(
  generator: Generator,
  ws: Float32Array,
  motionZ: Float32Array,
  rows: number,
  targets01: tf.Tensor4D,
  times: readonly number[],
  classIndex: number | undefined,
): Promise<number[]> {
  const video = generator.prepareVideo({ content: { ws }, motion: { motionZ, length: rows }, classIndex });
  try {
    const frames = await video.render(times);
    const mse = perFrameDisplayedMse(frames, targets01);
    frames.dispose();
    const values = await mse.data();
    mse.dispose();
    return Array.from(values, psnrFromMse);
  } finally {
    video.dispose();
  }
}
