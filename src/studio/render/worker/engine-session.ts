import * as tf from '@tensorflow/tfjs';
import { type Direction, projectFitProblem } from '../../../authoring';
import { ProjectRenderer } from '../../../authoring/render';
import { framesToRgba, type Generator, type RenderOptions, type StageProgress, type Video } from '../../../engine';
import {
  modelDirections,
  type ProjectionOptions,
  type ProjectionResult,
  projectImage,
  type TargetImage,
  weightsFingerprint,
} from '../../../latent';
import type { ModelInfo } from '../shared/protocol';
import { type StudioProject, withDirections } from '../shared/studio-project';
import type { VideoDescription } from '../shared/video-keys';
import { compositeTiles } from './tiles';
import { videoSpec } from './video-spec';

/** Thrown from a render's stage hook when the scheduler says stop; the render leaves nothing behind. */
export class RenderInterrupted extends Error {
  constructor(readonly reason: 'stale' | 'preempted') {
    super(`render ${reason}`);
    this.name = 'RenderInterrupted';
  }
}

export interface RenderedImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export interface FrameHooks {
  /** Called with coarse images before the full one, at the resolutions of `coarseLevels`. */
  onCoarse?: (image: RenderedImage) => void;
  /** Awaited between synthesis stages: yields to messages; throws RenderInterrupted to stop. */
  between: () => Promise<void>;
}

/**
 * The skip architecture's RGB images sent before a full frame: at 1/32 (from 8 px), 1/16 (from 16 px) and 1/4
 * of the final resolution. The earlier blocks are a small share of a frame's cost (every block from 32 px up
 * costs about as much as the 16 px one), so the first image comes after a few per cent of the work.
 */
export function coarseLevels(final: number): number[] {
  return [...new Set([Math.max(8, final / 32), Math.max(16, final / 16), Math.max(16, final / 4)])].filter(
    (r) => r < final,
  );
}

/** Prepared videos kept for reuse: their modulated kernels cost about one model's weights each. */
const VIDEO_BUDGET_BYTES = 768 * 2 ** 20;

/**
 * The engine side of the studio, free of any messaging: the loaded model, its principal directions, class
 * means, prepared videos (least recently used first out), and frames as RGBA bytes.
 */
export class EngineSession {
  private readonly videos = new Map<string, Video>();
  /**
   * What one video's kernels take: until a first render measures it, the model's size (about one video's
   * kernels, an estimate on the safe side).
   */
  private videoBytes: number;
  private measured = false;
  /** Cached videos not rendered in full yet (their kernels not all made), with their ws. */
  private readonly unrendered = new WeakMap<Video, { ws: Float32Array; grownBytes: number }>();
  private directions: Direction[] = [];
  private readonly classMeans = new Map<number, Float32Array>();
  /** The live project's renderer (one at a time: a new project replaces it). */
  private liveProject: { key: string; renderer: Promise<ProjectRenderer> } | null = null;
  /** The project renderer a render is using now (a replaced one is disposed once that render ends). */
  private projectInUse: ProjectRenderer | null = null;
  private retiredInUse = false;

  constructor(
    readonly generator: Generator,
    readonly modelKey: string,
  ) {
    this.videoBytes = tf.memory().numBytes;
  }

  info(label: string): ModelInfo {
    const arch = this.generator.arch;
    return {
      name: this.generator.name || label,
      resolution: arch.imgResolution,
      cDim: arch.cDim,
      numWs: arch.numWs,
      trainingFps: arch.fps,
      layerWIndices: [...this.generator.synthesis.layerWIndices()],
      motion: {
        zDim: arch.motion.zDim,
        numConvLayers: arch.motion.numConvLayers,
        kernelSize: arch.motion.kernelSize,
        motionZDistance: arch.motion.motionZDistance,
      },
    };
  }

  fingerprint(): Promise<string> {
    return weightsFingerprint(this.generator);
  }

  setDirections(directions: Float32Array[], sigmas: number[]): void {
    this.directions = directions.map((vector, i) => ({ vector, sigma: sigmas[i] ?? 0 }));
    this.dropVideos((key) => key.includes('"edit":{'));
    this.dropProject();
  }

  /**
   * A renderer of a project's frames with this model and its principal directions (the caller disposes it);
   * a project that does not fit the model is refused with its one line.
   */
  async openProject(spec: StudioProject): Promise<ProjectRenderer> {
    const project = withDirections(spec, this.directions, this.generator.arch.wDim);
    const problem = projectFitProblem(project, this.generator.arch);
    if (problem) throw new Error(`the project does not fit this model: ${problem}`);
    return ProjectRenderer.open(this.generator, project);
  }

  /** The project's frame at clip time τ (the live project's renderer is kept for the next frame). */
  async renderProjectFrame(spec: StudioProject, tau: number, hooks: FrameHooks): Promise<RenderedImage> {
    if (this.liveProject?.key !== spec.key) {
      this.dropProject();
      const renderer = this.openProject(spec);
      this.liveProject = { key: spec.key, renderer };
      renderer.catch(() => {
        if (this.liveProject?.renderer === renderer) this.liveProject = null;
      });
    }
    const renderer = await this.liveProject!.renderer;
    const { ws, t } = renderer.frameAt(tau);
    this.projectInUse = renderer;
    try {
      // Per-frame ws make new kernels, block by block: the first coarse image comes from a preview instead.
      return await this.previewed(
        (resolution) => renderer.preview(ws, t, resolution, hooks.between),
        (options) => renderer.renderWs(ws, t, options),
        hooks,
      );
    } finally {
      this.projectInUse = null;
      if (this.retiredInUse) renderer.dispose();
      this.retiredInUse = false;
    }
  }

  private dropProject(): void {
    const old = this.liveProject;
    this.liveProject = null;
    void old?.renderer.then(
      (renderer) => {
        if (renderer === this.projectInUse) this.retiredInUse = true;
        else renderer.dispose();
      },
      () => undefined,
    );
  }

  /** Principal directions of w (slow: 2,000 mapped samples); `onProgress` may throw to cancel. */
  async computeDirections(
    count: number,
    onProgress: (fraction: number) => void,
  ): Promise<{ directions: Float32Array[]; sigmas: number[] }> {
    const pca = await modelDirections(this.generator, this.modelKey, count, onProgress, null);
    const sigmas = pca.variances.map((v) => Math.sqrt(Math.max(0, v)));
    this.setDirections(pca.directions, sigmas);
    return { directions: pca.directions, sigmas };
  }

  /** Projects a picture into this model ("Animate a picture"); cancelled by `options.signal`, leak-free. */
  project(target: TargetImage, options: ProjectionOptions): Promise<ProjectionResult> {
    return projectImage(this.generator, target, options);
  }

  /**
   * One frame at t, optionally with a coarse image first. A video's first render makes its kernels stage by
   * stage (`lazyKernels`: the same frames); its first coarse image comes from a non-fused preview of the early
   * stages (Video.previewWithWs), so it waits for no kernel (on WASM a new kernel's first convolution packs it).
   */
  async renderFrame(description: VideoDescription, t: number, hooks: FrameHooks): Promise<RenderedImage> {
    const video = await this.video(description);
    const pending = this.unrendered.get(video);
    if (!pending) return this.image((options) => video.render([t], options), hooks);
    const before = tf.memory().numBytes;
    let done = false;
    try {
      const image = await this.previewed(
        (resolution) => video.previewWithWs(pending.ws, t, resolution, hooks.between),
        (options) => video.render([t], options),
        hooks,
      );
      done = true;
      return image;
    } finally {
      this.grew(video, tf.memory().numBytes - before, done);
    }
  }

  /** A frame whose first coarse image comes from `preview` when it gives one (null: from the render itself). */
  private async previewed(
    preview: (resolution: number) => Promise<tf.Tensor4D | null>,
    render: (options: RenderOptions) => Promise<tf.Tensor4D>,
    hooks: FrameHooks,
  ): Promise<RenderedImage> {
    const levels = hooks.onCoarse ? coarseLevels(this.generator.arch.imgResolution) : [];
    const image = levels.length > 0 ? await preview(levels[0]!) : null;
    if (image) {
      try {
        const [rgba] = await framesToRgba(image);
        hooks.onCoarse!({ width: image.shape[2], height: image.shape[1], rgba: rgba! });
      } finally {
        image.dispose();
      }
      levels.shift();
    }
    return this.image(render, hooks, levels);
  }

  /**
   * What a render made of a new video's kernels; once one ended (`done`: every kernel made), their bytes
   * measure a video's cost.
   */
  private grew(video: Video, bytes: number, done: boolean): void {
    const pending = this.unrendered.get(video);
    if (!pending) return;
    pending.grownBytes += bytes;
    if (!done) return;
    this.unrendered.delete(video);
    this.videoBytes = this.measured ? Math.max(this.videoBytes, pending.grownBytes) : pending.grownBytes;
    this.measured = true;
  }

  /** One frame's RGBA from a render, with its coarse images (those of `levels` still due) first when asked for. */
  private async image(
    render: (options: RenderOptions) => Promise<tf.Tensor4D>,
    hooks: FrameHooks,
    levels = hooks.onCoarse ? coarseLevels(this.generator.arch.imgResolution) : [],
  ): Promise<RenderedImage> {
    const frames = await render({
      between: async ({ img }: StageProgress) => {
        if (img && levels.length > 0 && img.shape[1] >= levels[0]!) {
          while (levels.length > 0 && img.shape[1] >= levels[0]!) levels.shift();
          const [rgba] = await framesToRgba(img);
          hooks.onCoarse!({ width: img.shape[2], height: img.shape[1], rgba: rgba! });
        }
        await hooks.between();
      },
    });
    try {
      const [rgba] = await framesToRgba(frames);
      return { width: frames.shape[2], height: frames.shape[1], rgba: rgba! };
    } finally {
      frames.dispose();
    }
  }

  /**
   * Frames at t of videos that share content (a grid column: one content, a motion per row) in one batch;
   * each equals that video's own frame at t. At most `sharedBatchLimit()` videos.
   */
  async renderSharedContent(
    descriptions: readonly VideoDescription[],
    t: number,
    between: () => Promise<void>,
  ): Promise<RenderedImage[]> {
    if (descriptions.length > this.sharedBatchLimit())
      throw new RangeError(`at most ${this.sharedBatchLimit()} videos share one batch`);
    const videos: Video[] = [];
    for (const description of descriptions) videos.push(await this.video(description));
    const before = tf.memory().numBytes;
    let frames: tf.Tensor4D | null = null;
    try {
      frames = await videos[0]!.renderMotions(
        videos.map((video) => ({ t, motion: video.trajectory })),
        { between },
      );
      const size = this.generator.arch.imgResolution;
      return (await framesToRgba(frames)).map((rgba) => ({ width: size, height: size, rgba }));
    } finally {
      frames?.dispose();
      this.grew(videos[0]!, tf.memory().numBytes - before, frames !== null);
    }
  }

  /** How many videos one shared-content batch may hold: one synthesis chunk, and no more than are kept. */
  sharedBatchLimit(): number {
    return Math.max(1, Math.min(this.generator.framesPerChunk, this.videosKept()));
  }

  /** Videos for an export, prepared apart from the reused ones (the caller disposes them). */
  async prepareVideos(descriptions: readonly VideoDescription[]): Promise<Video[]> {
    const videos: Video[] = [];
    try {
      for (const description of descriptions) videos.push(this.generator.prepareVideo(await this.spec(description)));
    } catch (error) {
      for (const video of videos) video.dispose();
      throw error;
    }
    return videos;
  }

  /** Full frames of n x n videos composited, one video at a time (one video's activations alive at once). */
  async renderComposite(
    videos: readonly Video[],
    n: number,
    times: readonly number[],
    between: () => Promise<void>,
  ): Promise<RenderedImage[]> {
    const tile = this.generator.arch.imgResolution;
    const tiles: Uint8ClampedArray[][] = [];
    for (const video of videos) {
      const frames = await video.render(times, { between });
      try {
        tiles.push(await framesToRgba(frames));
      } finally {
        frames.dispose();
      }
    }
    return times.map((_, f) => ({
      width: tile * n,
      height: tile * n,
      rgba: compositeTiles(
        tiles.map((images) => images[f]!),
        n,
        tile,
      ),
    }));
  }

  private async video(description: VideoDescription): Promise<Video> {
    const key = JSON.stringify(description);
    const cached = this.videos.get(key);
    if (cached) {
      this.videos.delete(key);
      this.videos.set(key, cached);
      return cached;
    }
    const spec = await this.spec(description);
    // Kernels made when a render first needs them: the first coarse image waits for none (see renderFrame).
    const before = tf.memory().numBytes;
    const video = this.generator.prepareVideo({ ...spec, lazyKernels: true });
    this.unrendered.set(video, { ws: spec.content.ws, grownBytes: tf.memory().numBytes - before });
    this.videos.set(key, video);
    const keep = this.videosKept();
    for (const [old, v] of this.videos) {
      if (this.videos.size <= keep) break;
      v.dispose();
      this.videos.delete(old);
    }
    return video;
  }

  private videosKept(): number {
    return Math.max(2, Math.floor(VIDEO_BUDGET_BYTES / Math.max(1, this.videoBytes)));
  }

  private async spec(d: VideoDescription) {
    return videoSpec(this.generator, d, this.directions, this.classMeans);
  }

  private dropVideos(matches: (key: string) => boolean): void {
    for (const [key, video] of this.videos) {
      if (!matches(key)) continue;
      video.dispose();
      this.videos.delete(key);
    }
  }

  dispose(): void {
    this.dropVideos(() => true);
    this.dropProject();
    this.generator.dispose();
  }
}
