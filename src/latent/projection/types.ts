import type { ProjectionSchedule } from './schedule';

/** The picture to project: square, at the model's resolution, RGB in [0, 1], row-major [size, size, 3]. */
export interface TargetImage {
  size: number;
  rgb: Float32Array;
}

/** Optimise one w shared by every layer, or one w per layer ("w+", the official default). */
export type LatentSpace = 'w' | 'w+';

/** Motion codes of one motion seed at t = 0, or the best of several seeds for the starting w (tried first). */
export type MotionChoice = { seed: number } | { searchSeeds: readonly number[] };

/** A reconstruction as 8-bit RGBA, ready for ImageData or a PNG. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export interface ProjectionResult {
  /** ws [numWs, wDim], row-major: a content source like a seed's ws. */
  ws: Float32Array;
  numWs: number;
  wDim: number;
  space: LatentSpace;
  /** The motion seed whose codes at t = 0 the ws were fitted with. */
  motionSeed: number;
  /** PSNR (dB) of the frame at t = 0 against the target. */
  psnr: number;
  /** Reconstruction loss of that frame. */
  loss: number;
  /** The step whose ws these are (1-based), of `steps`. */
  step: number;
  steps: number;
  /** Loss of each tried seed when the motion was searched, in the order tried. */
  motionCandidates?: Array<{ seed: number; loss: number }>;
}

export interface ProjectionProgress {
  /** Steps done (1-based) of `steps`. */
  step: number;
  steps: number;
  /** Loss and PSNR of this step's reconstruction (of w plus the step's noise, while there is noise). */
  loss: number;
  psnr: number;
  /** Best PSNR so far. */
  bestPsnr: number;
  learningRate: number;
  noiseScale: number;
  elapsedMs: number;
  /** Estimated time left, from the mean step time so far. */
  remainingMs: number;
  /** This step's reconstruction, when `wantsReconstruction(step)` asked for it. */
  reconstruction?: RgbaImage;
  /** The best result so far (a copy), callable at any time, also after the run. */
  best: () => ProjectionResult;
}

export interface ProjectionOptions {
  /** Optimisation steps (official: 1000). */
  steps?: number;
  space?: LatentSpace;
  /** Default: the codes of motion seed 0. */
  motion?: MotionChoice;
  /** Seed of the Gaussian noise on w. */
  seed?: number;
  /** Class for conditional models. */
  classIndex?: number;
  schedule?: Partial<ProjectionSchedule>;
  /** Mapped samples behind the starting w and the noise scale (official: 10,000). */
  wSamples?: number;
  /** Cancels the run: the promise rejects with the signal's reason and no tensor is left behind. */
  signal?: AbortSignal;
  /** Called after every step; awaited, so a slow consumer slows the run rather than queueing events. */
  onProgress?: (progress: ProjectionProgress) => void | Promise<void>;
  /** Asked before each step (1-based) whether its reconstruction should come with the progress event. */
  wantsReconstruction?: (step: number) => boolean;
}
