/**
 * The engine side of authoring: a project's frames rendered with a loaded generator. Each frame's ws come
 * from the rules (frame-ws.ts); a frame whose ws were already seen renders from a prepared video (per-video
 * kernels), any other with per-frame modulation (Video.renderWithWs). Both give the same bits for the same ws,
 * and both make a layer's kernel just before the stage that needs it, so a frame's coarse images come early.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Generator, MotionSource, RenderOptions, Video } from '../engine';
import { classMeanW, wsIndicesForGroup, wsIndicesForRange } from '../latent';
import { clipTime } from './clip';
import { floatsDigest } from './float32-text';
import { FrameWs } from './frame-ws';
import type { LayerSpec, Project } from './project';
import { generatorTime } from './time-map';

/** Prepared videos kept for content seen more than once (a hold, the clip's ends). */
const KEPT_VIDEOS = 2;

export interface ProjectFrame {
  tau: number;
  /** Generator time (training frames, float32). */
  t: number;
  /** [numWs * wDim]. */
  ws: Float32Array;
}

export class ProjectRenderer {
  private readonly videos = new Map<string, Video>();
  /** Digests of ws rendered once with per-frame modulation: a second sighting prepares a video. */
  private readonly seen = new Set<string>();

  private constructor(
    private readonly generator: Generator,
    private readonly project: Project,
    private readonly frameWs: FrameWs,
    /** Carries the motion; renders morphing frames with their own ws. */
    private readonly base: Video,
    private readonly motion: MotionSource,
  ) {}

  /** Checks nothing the fit check (fit.ts) has not: call projectFitProblem first. */
  static async open(generator: Generator, project: Project): Promise<ProjectRenderer> {
    const { numWs, wDim, cDim } = generator.arch;
    const classIndex = project.classIndex;
    // The studio's rule: conditional models truncate towards the class's average w, others towards w_avg.
    const center = cDim > 0 ? await classMeanW(generator, classIndex!) : await generator.averageW();
    const layerWIndices = generator.synthesis.layerWIndices();
    const layerIndices = (layers: LayerSpec) =>
      Array.isArray(layers)
        ? wsIndicesForRange({ group: 'explicit', first: layers[0], last: layers[1] }, layerWIndices, numWs)
        : wsIndicesForGroup(layers, layerWIndices, numWs);
    const mappedW = (seed: number) => {
      const ws = generator.mapContent({ content: { seed }, classIndex, psi: 1 });
      try {
        return (ws.dataSync() as Float32Array).slice(0, wDim);
      } finally {
        ws.dispose();
      }
    };
    const frameWs = new FrameWs(project, { numWs, wDim, mappedW, truncationCenter: center, layerIndices });
    const motion: MotionSource =
      'seed' in project.motion
        ? { seed: project.motion.seed }
        : { motionZ: project.motion.z.data, length: project.motion.z.shape[0]! };
    // Lazy kernels: the base only lends its motion to per-frame renders, so its own kernels are never made.
    const base = generator.prepareVideo({ content: { ws: frameWs.at(0) }, classIndex, motion, lazyKernels: true });
    return new ProjectRenderer(generator, project, frameWs, base, motion);
  }

  /** Frame i's clip time, generator time and ws. */
  frame(i: number): ProjectFrame {
    return this.frameAt(clipTime(this.project.clip, i));
  }

  /** The generator time and ws at clip time τ (the page's playhead is anywhere, not only on frame i). */
  frameAt(tau: number): ProjectFrame {
    return { tau, t: generatorTime(this.project.tracks.time, tau, this.generator.arch.fps), ws: this.frameWs.at(tau) };
  }

  /** Frame i, NHWC [1, H, W, 3], raw generator values. */
  async render(i: number): Promise<tf.Tensor4D> {
    const { t, ws } = this.frame(i);
    return this.renderWs(ws, t);
  }

  /** A frame of this project's motion with the given ws at t (what `render` does with frame i's). */
  async renderWs(ws: Float32Array, t: number, options: RenderOptions = {}): Promise<tf.Tensor4D> {
    const key = floatsDigest(ws);
    const video = this.videos.get(key);
    if (video) return video.render([t], options);
    if (!this.seen.has(key)) {
      this.seen.add(key);
      if (this.seen.size > 64) this.seen.delete(this.seen.values().next().value!);
      return this.base.renderWithWs(ws, [t], options);
    }
    const prepared = this.generator.prepareVideo({
      content: { ws },
      classIndex: this.project.classIndex,
      motion: this.motion,
      lazyKernels: true,
    });
    this.videos.set(key, prepared);
    for (const [old, v] of this.videos) {
      if (this.videos.size <= KEPT_VIDEOS) break;
      v.dispose();
      this.videos.delete(old);
    }
    return prepared.render([t], options);
  }

  /**
   * The coarse image of `renderWs(ws, t)` at the first stage of at least `resolution` px (the caller disposes
   * it), made without these ws' kernels; null when a prepared video of these ws has them (its own early
   * stages come as soon).
   */
  async preview(
    ws: Float32Array,
    t: number,
    resolution: number,
    between: NonNullable<RenderOptions['between']>,
  ): Promise<tf.Tensor4D | null> {
    if (this.videos.has(floatsDigest(ws))) return null;
    return this.base.previewWithWs(ws, t, resolution, between);
  }

  dispose(): void {
    for (const video of this.videos.values()) video.dispose();
    this.videos.clear();
    this.base.dispose();
  }
}
