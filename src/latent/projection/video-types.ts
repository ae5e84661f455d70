import type { MotionRegularization } from './motion-codes';
import type { LatentSpace, ProjectionProgress } from './types';

/** A clip to project: frames square at the model's resolution, RGB in [0, 1], each at its generator time. */
export interface VideoTarget {
  size: number;
  /** Each frame row-major [size, size, 3]. */
  frames: readonly Float32Array[];
  /** Generator time (training frames) of each frame, increasing: frame k at k x the time step. */
  times: readonly number[];
}

export interface VideoProjectionResult {
  /** ws [numWs, wDim], row-major: the clip's content. */
  ws: Float32Array;
  numWs: number;
  wDim: number;
  space: LatentSpace;
  /** The motion seed the fit started from; its rows continue the motion after the fitted ones. */
  motionSeed: number;
  /** The fitted motion noise rows 0 .. fittedRows - 1, row-major [fittedRows, zDim]. */
  motionZ: Float32Array;
  fittedRows: number;
  times: number[];
  /** PSNR (dB) of each frame through the exact engine path, and their mean. */
  framePsnr: number[];
  psnr: number;
  /** The same for the static fit: the first frame's picture projection played with the starting motion. */
  staticFramePsnr: number[];
  staticPsnr: number;
  /** Loss of the kept step (float32 fit path), and which step it was (1-based) of `steps`. */
  loss: number;
  step: number;
  steps: number;
}

export interface VideoProjectionProgress {
  /** 'picture': the first frame's projection (the starting point); 'video': the joint fit. */
  phase: 'picture' | 'video';
  /** Steps done (1-based) of this phase's `steps`. */
  step: number;
  steps: number;
  loss: number;
  /** Mean PSNR over the frames of this step (the first frame only while phase is 'picture'). */
  psnr: number;
  /** PSNR of each frame at this step (float32 fit path); one value while phase is 'picture'. */
  framePsnr: number[];
  bestPsnr: number;
  elapsedMs: number;
  /** Estimated time left for both phases, from the mean step times so far. */
  remainingMs: number;
  /** The picture phase's own event, while it runs. */
  picture?: ProjectionProgress;
  /** The joint fit's best step so far (phase 'video'): what a stop now would keep (ws, fitted motion rows). */
  best?: VideoProjectionBest;
}

/** A joint fit step's parameters: ws [numWs, wDim] and the fitted motion rows [fittedRows, zDim]. */
export interface VideoProjectionBest {
  ws: Float32Array;
  motionZ: Float32Array;
  loss: number;
  step: number;
  psnr: number;
}

export interface VideoProjectionOptions {
  /** Joint fit steps (content and motion together). */
  steps?: number;
  /** Steps of the first frame's picture projection, the fit's starting point. */
  pictureSteps?: number;
  space?: LatentSpace;
  /** The motion seed whose rows the fit starts from (default 0). */
  motionSeed?: number;
  /** Seed of the picture projection's noise on w. */
  seed?: number;
  classIndex?: number;
  /** Peak learning rates of the joint fit (the official schedule's shape): content ws and motion rows. */
  learningRate?: number;
  motionLearningRate?: number;
  motionRegularization?: MotionRegularization;
  /** Weight of the motion prior term against the reconstruction loss. */
  motionRegularizationWeight?: number;
  /** Weight of the temporal term (frame-to-frame differences against the clip's); 0 leaves it out. */
  temporalWeight?: number;
  /** Frames per synthesis pass (gradients are summed over passes): bounds memory on large models. */
  framesPerChunk?: number;
  /** Mapped samples behind the picture projection's start and noise (official: 10,000). */
  wSamples?: number;
  /** Skip the picture projection and start from these ws [numWs, wDim]. */
  startWs?: Float32Array;
  signal?: AbortSignal;
  /** Called after every step of both phases; awaited. */
  onProgress?: (progress: VideoProjectionProgress) => void | Promise<void>;
}
