/**
 * The one message protocol between the page and the render worker (which alone runs tfjs). Page -> worker
 * messages are `PageMessage`, worker -> page `WorkerMessage`. Pixels travel as transferred ArrayBuffers.
 *
 * Work kinds:
 * - frames: `want` replaces what one lane of the scheduler wants (see scheduler.ts); each frame comes back
 *   as `frame` (full) and, when asked for, first as a coarse `frame` from an early synthesis stage;
 * - latent jobs: long computations with progress and cancel (`startJob` / `cancelJob` -> `jobProgress`,
 *   `jobDone`, `jobFailed`): principal directions, and image projection ("Animate a picture"), whose progress
 *   carries the step, loss, PSNR, time left and reconstruction, and which `keepJob` ends with the best so far,
 *   and video projection ("Animate a video", progress in `video`: per-frame PSNR and every frame's reconstruction);
 * - exports: `openExport` prepares the videos, `renderExport` returns full frames only, `closeExport`.
 */
import type { LatentSpace, TargetImage, VideoProjectionProgress } from '../../../latent';
import type { ModelJson } from '../../../model';
import type { StudioProject } from './studio-project';
import type { VideoDescription } from './video-keys';

/** The scheduler's lanes, highest priority first. */
export const LANES = ['probe', 'playhead', 'export', 'ahead', 'filmstrip', 'grid', 'idle'] as const;
export type Lane = (typeof LANES)[number];

/** What the page learns of a loaded model. */
export interface ModelInfo {
  name: string;
  resolution: number;
  cDim: number;
  numWs: number;
  trainingFps: number;
  /** 'b4.conv1' -> ws index, for layer ranges. */
  layerWIndices: Array<[string, number]>;
  /** The motion codes' shape: how many motion_z rows a time needs (fitted motion rows, projects). */
  motion?: { zDim: number; numConvLayers: number; kernelSize: number; motionZDistance: number };
}

export interface FrameWant {
  /** Cache key: video key and t. */
  key: string;
  videoKey: string;
  video: VideoDescription;
  t: number;
  /** Send a coarse image from an early synthesis stage first. */
  progressive: boolean;
  /** A project frame (issue 21): its clip time, of the project last sent with this key (`setProject`). */
  tau?: number;
  projectKey?: string;
}

export interface ProjectJob {
  kind: 'project';
  target: TargetImage;
  steps: number;
  space: LatentSpace;
  /** Motion seed whose codes at t = 0 the ws are fitted with (the studio's current one). */
  motionSeed: number;
  /** "Find the best motion": try these motion seeds first and fit with the best (the result names it). */
  searchMotionSeeds?: number[];
  classIndex: number | null;
  /** Mapped samples behind the starting w and the noise scale (default: the official 10,000). */
  wSamples?: number;
  /** Send a reconstruction with the progress at most every this many ms (default 500). */
  reconstructionEveryMs?: number;
}

/** "Animate a video" (issue 24): a clip's content ws and motion rows, fitted jointly (latent projectVideo). */
export interface ProjectVideoJob {
  kind: 'project-video';
  /** Each frame RGB in [0, 1], row-major [size, size, 3] (transferred). */
  frames: Float32Array[];
  /** Model resolution: each frame is size x size. */
  size: number;
  /** Generator time of each frame (training frames): k x the clip's time step. */
  times: number[];
  /** Joint fit steps; the first frame's picture projection takes as many (at most the fit's default). */
  steps: number;
  pictureSteps?: number;
  space: LatentSpace;
  /** The motion seed the fit starts from; its rows continue the motion after the fitted ones. */
  motionSeed: number;
  classIndex: number | null;
  /** Mapped samples behind the picture projection's start and noise (default: the official 10,000). */
  wSamples?: number;
  /** Send the clip's reconstructions with the progress at most every this many ms (default 500). */
  reconstructionEveryMs?: number;
}

export type LatentJob = { kind: 'directions'; count: number } | ProjectJob | ProjectVideoJob;

/** Frames at a clip's times as RGBA, one buffer each (model resolution). */
export interface ClipImages {
  width: number;
  height: number;
  frames: ArrayBuffer[];
}

/** One step of a video projection, for the live view: the fit's own progress fields (see `VideoProjectionProgress`). */
export type VideoFitStatus = Pick<
  VideoProjectionProgress,
  'phase' | 'step' | 'steps' | 'loss' | 'psnr' | 'framePsnr' | 'bestPsnr' | 'remainingMs'
> & {
  /** The best step so far played at every clip time (what Keep would give), when one came with this step. */
  reconstructions?: ClipImages;
};

/** A fitted clip: content ws and the fitted motion rows, with their frames' PSNR through the render path. */
export interface VideoProjectionJobResult {
  kind: 'project-video';
  /** ws [numWs, wDim], row-major. */
  ws: Float32Array;
  space: LatentSpace;
  /** The fitted motion rows 0 .. fittedRows - 1, row-major [fittedRows, zDim]; the seed's rows follow them. */
  motionZ: Float32Array;
  fittedRows: number;
  motionSeed: number;
  times: number[];
  /** PSNR (dB) of each frame through the ordinary render path, and their mean. */
  framePsnr: number[];
  psnr: number;
  /** Joint steps the kept result is from (0: kept during the first frame's projection) of `steps`. */
  step: number;
  steps: number;
  /** The result's frames at the clip's times. */
  reconstructions: ClipImages;
}

/** One projection step, for the live view. */
export interface ProjectionStatus {
  step: number;
  steps: number;
  loss: number;
  psnr: number;
  bestPsnr: number;
  remainingMs: number;
  /** The step's reconstruction as RGBA (model resolution), when one came with this step. */
  reconstruction?: { width: number; height: number; rgba: ArrayBuffer };
}

/** The ws and the PSNR of their frame at t = 0 through the ordinary render path (kept early or finished). */
export interface ProjectionJobResult {
  kind: 'project';
  /** ws [numWs, wDim], row-major. */
  ws: Float32Array;
  psnr: number;
  step: number;
  steps: number;
  space: LatentSpace;
  motionSeed: number;
  /** The ws' frame at t = 0 (what the video starts with), as RGBA. */
  reconstruction: { width: number; height: number; rgba: ArrayBuffer };
}

export interface DirectionsResult {
  kind: 'directions';
  directions: Float32Array[];
  sigmas: number[];
}

export type LatentJobResult = DirectionsResult | ProjectionJobResult | VideoProjectionJobResult;

export type PageMessage =
  | { type: 'start'; backend: string | null }
  | {
      type: 'loadModel';
      requestId: number;
      modelKey: string;
      label: string;
      json: ModelJson;
      shards: Record<string, ArrayBuffer>;
      /** The page's converter made these shards and counted their NaN and infinite values (not counted again). */
      nonFiniteCounted?: boolean;
    }
  | { type: 'want'; lane: Exclude<Lane, 'probe' | 'export'>; frames: FrameWant[]; abandon: boolean }
  | { type: 'setDirections'; modelKey: string; directions: Float32Array[]; sigmas: number[] }
  /** The studio's project, sent once per change: frame wants and exports name it by its key. */
  | { type: 'setProject'; project: StudioProject }
  | { type: 'startJob'; jobId: number; job: LatentJob }
  | { type: 'cancelJob'; jobId: number }
  /** Ends a projection now with its best result so far (a `jobDone`). */
  | { type: 'keepJob'; jobId: number }
  /** With `projectKey`, the export renders that project's frames and `times` are clip times τ (seconds). */
  | { type: 'openExport'; requestId: number; videos: VideoDescription[]; tiles: number; projectKey?: string }
  | { type: 'renderExport'; requestId: number; exportId: number; times: number[] }
  | { type: 'closeExport'; exportId: number }
  | { type: 'numTensors'; requestId: number }
  /** Copies of the loaded model's shards (to be stored), when `modelKey` is the model loaded. */
  | { type: 'copyShards'; requestId: number; modelKey: string };

export type WorkerMessage =
  | {
      type: 'started';
      backend: string;
      notices: string[];
      threads: number | null;
      /** A software GPU adapter: its work runs in the GPU process the page's compositor needs too. */
      softwareGpu: boolean;
    }
  | { type: 'modelLoaded'; requestId: number; modelKey: string; info: ModelInfo; fingerprint: string }
  | { type: 'failed'; requestId: number; message: string }
  | {
      type: 'frame';
      key: string;
      videoKey: string;
      t: number;
      lane: Lane;
      coarse: boolean;
      width: number;
      height: number;
      rgba: ArrayBuffer;
      renderMs: number;
    }
  | { type: 'renderError'; key: string; message: string }
  | { type: 'backendChanged'; backend: string; notice: string }
  | { type: 'jobProgress'; jobId: number; fraction: number; projection?: ProjectionStatus; video?: VideoFitStatus }
  | { type: 'jobDone'; jobId: number; result: LatentJobResult }
  | { type: 'jobFailed'; jobId: number; message: string; canceled: boolean }
  | { type: 'exportOpened'; requestId: number; exportId: number; width: number; height: number }
  | { type: 'exportFrames'; requestId: number; width: number; height: number; frames: ArrayBuffer[] }
  | { type: 'numTensors'; requestId: number; count: number }
  | { type: 'shards'; requestId: number; shards: Array<[string, ArrayBuffer]> };
