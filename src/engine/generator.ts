import * as tf from '@tensorflow/tfjs';
import { checkModelJson, type ModelArchitecture, type ModelFiles } from '../model';
import { MappingNetwork } from './mapping';
import { MotionEncoder } from './motion-encoder';
import { type MotionSource, MotionTrajectory } from './motion-trajectory';
import type { NoiseMode } from './ops/modulated-conv';
import { chunkTimes, DEFAULT_MEMORY_LIMITS, framesPerChunk, type MemoryLimits } from './render-plan';
import { contentLatent } from './rng';
import { SynthesisNetwork, type SynthesisState } from './synthesis';
import { AlignedTimeEncoder, timeAnchors } from './time-encoder';
import { checkFrameTimes } from './time-range';
import { type WeightLoadOptions, WeightStore } from './weights';

/** What a video shows: its content (seed, z or explicit ws), class, motion and truncation. */
export interface VideoSpec {
  content: { seed: number } | { z: Float32Array } | { ws: Float32Array };
  /** Class index for conditional models (one-hot), or an explicit c vector. */
  classIndex?: number;
  c?: Float32Array;
  motion: MotionSource;
  /** Truncation psi (1 = none). */
  psi?: number;
  /** Truncate only the first `truncationCutoff` ws. */
  truncationCutoff?: number | null;
  /** Centre of truncation [wDim], e.g. a class's average w; defaults to the tracked w_avg. */
  truncationCenter?: Float32Array;
  noiseMode?: NoiseMode;
  /** Make each layer's kernel when a frame first needs it (same frames; none for a video never rendered). */
  lazyKernels?: boolean;
}

export interface RenderOptions {
  /**
   * Modulate and demodulate the weights for every frame, as the official inference does (fused_modconv),
   * instead of once per video. Same frames, slower: the baseline of the precomputation benchmark.
   */
  naive?: boolean;
  /**
   * Awaited between synthesis stages: lets a caller on the UI thread yield to events, or throw to abandon a
   * render that a newer request made stale (nothing leaks either way).
   */
  between?: (stage: StageProgress) => Promise<void>;
}

/** Where a render stands when `between` is awaited: the image summed so far (the skip architecture's RGB). */
export interface StageProgress {
  /** Stages done, and in all. */
  stage: number;
  stages: number;
  /** NHWC image at the resolution reached so far; owned by the render, valid until `between` resolves. */
  img?: tf.Tensor4D;
}

/** The StyleGAN-V generator: mapping, motion encoder, aligned time encoder and synthesis. */
export class Generator {
  /** Frames one synthesis call may hold at once; longer renders run in chunks (see render-plan). */
  private chunkSize: number;
  /** Problems found while loading that did not stop it (NaN or infinite weights, by tensor). */
  readonly warnings: string[] = [];

  private constructor(
    readonly arch: ModelArchitecture,
    readonly name: string,
    readonly mapping: MappingNetwork,
    readonly motionEncoder: MotionEncoder,
    readonly timeEncoder: AlignedTimeEncoder,
    readonly synthesis: SynthesisNetwork,
  ) {
    this.chunkSize = framesPerChunk(arch);
  }

  /** Sets the memory a render may use (e.g. from the WebGPU device's limits). */
  setMemoryLimits(limits: MemoryLimits = DEFAULT_MEMORY_LIMITS): void {
    this.chunkSize = framesPerChunk(this.arch, limits);
  }

  /** Most frames rendered in one synthesis pass. */
  get framesPerChunk(): number {
    return this.chunkSize;
  }

  static async load(
    files: ModelFiles,
    onProgress?: (done: number, total: number) => void,
    options: WeightLoadOptions = {},
  ): Promise<Generator> {
    // Nothing is read or built from a model.json before it is checked (model/model-json-check).
    const json = checkModelJson(await files.readJson());
    const weights = await WeightStore.load(json, files, onProgress, options);
    try {
      const arch = json.architecture;
      const generator = new Generator(
        arch,
        json.name,
        new MappingNetwork(arch, weights),
        new MotionEncoder(arch.motion, weights),
        new AlignedTimeEncoder(weights),
        new SynthesisNetwork(arch, weights),
      );
      generator.warnings.push(...weights.warnings);
      return generator;
    } finally {
      weights.dispose();
    }
  }

  /** One-hot class vector, validated. */
  classVector(classIndex: number): Float32Array {
    const { cDim } = this.arch;
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= cDim) {
      throw new RangeError(
        cDim === 0
          ? 'this model is unconditional: it takes no class'
          : `class must be an integer in 0..${cDim - 1}, got ${classIndex}`,
      );
    }
    const c = new Float32Array(cDim);
    c[classIndex] = 1;
    return c;
  }

  /** ws [numWs, wDim] for a content spec (z from seed or given, mapped and truncated; or given ws). */
  mapContent(
    spec: Pick<VideoSpec, 'content' | 'classIndex' | 'c' | 'psi' | 'truncationCutoff' | 'truncationCenter'>,
  ): tf.Tensor2D {
    const { numWs, wDim, zDim } = this.arch;
    const content = spec.content;
    if ('ws' in content) {
      if (content.ws.length !== numWs * wDim)
        throw new RangeError(`ws must have ${numWs} x ${wDim} values, got ${content.ws.length}`);
      return tf.tensor2d(content.ws, [numWs, wDim]);
    }
    const z = 'seed' in content ? contentLatent(content.seed, zDim) : content.z;
    if (z.length !== zDim) throw new RangeError(`z must have ${zDim} values, got ${z.length}`);
    const c = this.resolveClass(spec);
    return tf.tidy(() => {
      const w = this.mapping.mapToW(tf.tensor2d(z, [1, zDim]), c ? tf.tensor2d(c, [1, c.length]) : null);
      const center = spec.truncationCenter ? tf.tensor1d(spec.truncationCenter) : undefined;
      const ws = this.mapping.broadcastAndTruncate(w, {
        psi: spec.psi ?? 1,
        cutoff: spec.truncationCutoff ?? null,
        center,
      });
      return ws.squeeze([0]) as tf.Tensor2D;
    });
  }

  /**
   * Untruncated w [count * wDim] for a batch of z [count * zDim]. Conditional models take one class index
   * per sample (`classIndices`, required when cDim > 0).
   */
  async mapBatch(z: Float32Array, classIndices?: ArrayLike<number>): Promise<Float32Array> {
    const { zDim, cDim } = this.arch;
    const count = zDim > 0 ? z.length / zDim : (classIndices?.length ?? 0);
    if (!Number.isInteger(count)) throw new RangeError(`z must hold whole rows of ${zDim} values, got ${z.length}`);
    if (cDim > 0 && classIndices?.length !== count) {
      throw new RangeError(`this model is class-conditional (${cDim} classes): give one class per sample`);
    }
    const w = tf.tidy(() => {
      const c = cDim > 0 ? tf.oneHot(tf.tensor1d(Array.from(classIndices ?? []), 'int32'), cDim).toFloat() : null;
      return this.mapping.mapToW(tf.tensor2d(z, [count, zDim]), c as tf.Tensor2D | null);
    });
    try {
      return (await w.data()) as Float32Array;
    } finally {
      w.dispose();
    }
  }

  /** The tracked average w [wDim]: the centre truncation pulls towards by default. */
  async averageW(): Promise<Float32Array> {
    return (await this.mapping.wAvg.data()) as Float32Array;
  }

  /** Prepares a video once; then any real-valued times render from it. */
  prepareVideo(spec: VideoSpec): Video {
    const c = this.resolveClass(spec);
    const trajectory = new MotionTrajectory(this.motionEncoder, spec.motion, c);
    const ws = this.mapContent(spec);
    try {
      const state = this.synthesis.prepare(ws, { lazy: spec.lazyKernels ?? false });
      return new Video(this, ws, state, trajectory, spec.noiseMode ?? 'const');
    } catch (error) {
      ws.dispose();
      throw error;
    }
  }

  private resolveClass(spec: Pick<VideoSpec, 'classIndex' | 'c'>): Float32Array | null {
    const { cDim } = this.arch;
    if (spec.c) {
      if (spec.c.length !== cDim) throw new RangeError(`c must have ${cDim} values, got ${spec.c.length}`);
      return cDim > 0 ? spec.c : null;
    }
    if (spec.classIndex !== undefined) return this.classVector(spec.classIndex);
    if (cDim > 0) throw new RangeError(`this model is class-conditional (${cDim} classes): choose a class`);
    return null;
  }

  dispose(): void {
    this.mapping.dispose();
    this.synthesis.dispose();
  }
}

/** One frame of a batch whose frames bring their own motion: a time and the motion trajectory there. */
export interface MotionFrame {
  t: number;
  motion: MotionTrajectory;
}

/** One prepared video: fixed ws and motion; frames for any real t >= 0. */
export class Video {
  private disposed = false;

  constructor(
    private readonly generator: Generator,
    /** [numWs, wDim]. */
    readonly ws: tf.Tensor2D,
    private readonly state: SynthesisState,
    readonly trajectory: MotionTrajectory,
    readonly noiseMode: NoiseMode,
  ) {}

  /** motion_v [T, 2 * timeEncDim] for frame times in training frames. */
  async motionV(times: readonly number[]): Promise<tf.Tensor2D> {
    this.assertAlive();
    return tf.tensor2d(this.motionRows(this.trajectory, times), [times.length, this.generator.timeEncoder.outputDim]);
  }

  /** motion_v rows of one trajectory at `times`, row-major. */
  private motionRows(trajectory: MotionTrajectory, times: readonly number[]): Float32Array {
    checkFrameTimes(times);
    const anchors = timeAnchors(times, this.generator.arch.motion.motionZDistance);
    // Left and right codes in one request: a run of neighbouring codes shares one window of motion noise.
    const codes = trajectory.codes([...anchors.leftIndex, ...anchors.leftIndex.map((k) => k + 1)]);
    const half = times.length * this.generator.arch.motion.codeDim;
    return this.generator.timeEncoder.encode(anchors, codes.subarray(0, half), codes.subarray(half));
  }

  /** motion_v for frames that each bring their own motion: rows of one trajectory are computed together. */
  private motionVOfFrames(frames: readonly MotionFrame[]): tf.Tensor2D {
    const width = this.generator.timeEncoder.outputDim;
    const values = new Float32Array(frames.length * width);
    const byMotion = new Map<MotionTrajectory, number[]>();
    frames.forEach((frame, i) => {
      if (!frame.motion.usesEncoder(this.generator.motionEncoder))
        throw new Error("a frame's motion was prepared by another generator");
      byMotion.set(frame.motion, [...(byMotion.get(frame.motion) ?? []), i]);
    });
    for (const [motion, indices] of byMotion) {
      const rows = this.motionRows(
        motion,
        indices.map((i) => frames[i]!.t),
      );
      indices.forEach((frameIndex, r) => {
        values.set(rows.subarray(r * width, (r + 1) * width), frameIndex * width);
      });
    }
    return tf.tensor2d(values, [frames.length, width]);
  }

  /**
   * Frames NHWC [T, H, W, 3], raw generator values (about [-1, 1]). Batches larger than the generator's
   * memory allows are rendered in consecutive chunks; the frames are the same either way.
   */
  async render(times: readonly number[], options: RenderOptions = {}): Promise<tf.Tensor4D> {
    this.assertAlive();
    return this.renderChunks(this.timeChunks(times), options, this.state);
  }

  /**
   * Frames of this video's motion at `times` with other content: ws [numWs * wDim] (a morph between
   * contents, a frame of its own). Their styles, demodulation and modulated kernels are made for this call,
   * each layer's just before the stage that needs it (so coarse images come as soon as a prepared video's,
   * nearly), and dropped after it: per-frame modulation folds them into the weights, never into the
   * activations, so a frame costs one pass over the kernels more than a prepared video's. The frames are the same bits as
   * those of a video prepared with these ws.
   */
  async renderWithWs(ws: Float32Array, times: readonly number[], options: RenderOptions = {}): Promise<tf.Tensor4D> {
    this.assertAlive();
    const state = this.stateOfWs(ws);
    try {
      return await this.renderChunks(this.timeChunks(times), { ...options, naive: false }, state);
    } finally {
      this.generator.synthesis.disposeState(state);
    }
  }

  /**
   * The coarse image of `renderWithWs(ws, [t])` at the first stage of at least `resolution` px, NHWC (the
   * caller disposes it), up to float rounding: non-fused, so it makes no kernel for these ws (cheap).
   */
  async previewWithWs(
    ws: Float32Array,
    t: number,
    resolution: number,
    between: (stage: StageProgress) => Promise<void>,
  ): Promise<tf.Tensor4D> {
    this.assertAlive();
    const state = this.stateOfWs(ws, { fused: false, forwardOnly: true });
    try {
      const motionV = await this.motionV([t]);
      try {
        return await this.generator.synthesis.runInSlices(motionV, state, this.noiseMode, between, resolution);
      } finally {
        motionV.dispose();
      }
    } finally {
      this.generator.synthesis.disposeState(state);
    }
  }

  /** A lazy synthesis state of explicit ws [numWs * wDim] (each layer's part made when a stage needs it). */
  private stateOfWs(ws: Float32Array, options: { fused?: boolean; forwardOnly?: boolean } = {}): SynthesisState {
    const { numWs, wDim } = this.generator.arch;
    if (ws.length !== numWs * wDim) throw new RangeError(`ws must have ${numWs} x ${wDim} values, got ${ws.length}`);
    const wsTensor = tf.tensor2d(ws, [numWs, wDim]);
    try {
      return this.generator.synthesis.prepare(wsTensor, { ...options, lazy: true });
    } finally {
      wsTensor.dispose();
    }
  }

  private timeChunks(times: readonly number[]): Array<() => Promise<tf.Tensor2D>> {
    const chunks = times.length === 0 ? [times] : chunkTimes(times, this.generator.framesPerChunk);
    return chunks.map((chunk) => () => this.motionV(chunk));
  }

  /**
   * Frames of this video's content in one batch where each frame brings its own time and motion (grid cells
   * that share content): frame i is what a video of this content with `frames[i].motion` shows at
   * `frames[i].t`, up to the summation order of a larger batch.
   */
  async renderMotions(frames: readonly MotionFrame[], options: RenderOptions = {}): Promise<tf.Tensor4D> {
    this.assertAlive();
    const chunks = frames.length === 0 ? [frames] : chunkTimes(frames, this.generator.framesPerChunk);
    return this.renderChunks(
      chunks.map((chunk) => async () => this.motionVOfFrames(chunk)),
      options,
      this.state,
    );
  }

  private async renderChunks(
    chunks: ReadonlyArray<() => Promise<tf.Tensor2D>>,
    options: RenderOptions,
    state: SynthesisState,
  ): Promise<tf.Tensor4D> {
    if (chunks.length === 1) return this.renderChunk(await chunks[0]!(), options, state);
    const parts: tf.Tensor4D[] = [];
    try {
      for (const chunk of chunks) parts.push(await this.renderChunk(await chunk(), options, state));
      return tf.concat(parts, 0) as tf.Tensor4D;
    } finally {
      for (const part of parts) part.dispose();
    }
  }

  /** Synthesis of one chunk; takes ownership of `motionV`. */
  private async renderChunk(motionV: tf.Tensor2D, options: RenderOptions, state: SynthesisState): Promise<tf.Tensor4D> {
    try {
      const synthesis = this.generator.synthesis;
      if (options.naive) return this.renderNaive(motionV);
      if (options.between) return await synthesis.runInSlices(motionV, state, this.noiseMode, options.between);
      return synthesis.run(motionV, state, this.noiseMode);
    } finally {
      motionV.dispose();
    }
  }

  /** Styles, demodulation and modulated kernels again for every frame: the official order of work. */
  private renderNaive(motionV: tf.Tensor2D): tf.Tensor4D {
    const synthesis = this.generator.synthesis;
    return tf.tidy(() => {
      const frames = Array.from({ length: motionV.shape[0] }, (_, i) => {
        const perFrame = synthesis.prepare(this.ws);
        try {
          return synthesis.run(motionV.slice([i, 0], [1, motionV.shape[1]]), perFrame, this.noiseMode);
        } finally {
          synthesis.disposeState(perFrame);
        }
      });
      return tf.concat(frames, 0) as tf.Tensor4D;
    });
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('this video was disposed');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ws.dispose();
    this.generator.synthesis.disposeState(this.state);
  }
}
