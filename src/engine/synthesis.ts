import * as tf from '@tensorflow/tfjs';
import type { ModelArchitecture, SynthesisBlockConfig } from '../model';
import type { StageProgress } from './generator';
import { FirFilter } from './ops/fir';
import { FullyConnected } from './ops/fully-connected';
import {
  disposeLayerState,
  type ModulatedLayerState,
  type NoiseMode,
  SynthesisLayer,
  ToRgbLayer,
} from './ops/modulated-conv';
import type { WeightStore } from './weights';

interface Block {
  config: SynthesisBlockConfig;
  /** Index of the first w this block reads. */
  firstW: number;
  /** conv0 (up-sampling) is absent in the 4x4 block. */
  conv0: SynthesisLayer | null;
  conv1: SynthesisLayer;
  toRgb: ToRgbLayer;
  filter: FirFilter;
}

/** Activations between two stages: features x and the image summed so far (none before the first ToRGB). */
type SynthesisStep = {
  x: tf.Tensor4D;
  img?: tf.Tensor4D;
};

type SynthesisStage = (step: SynthesisStep, state: SynthesisState, noiseMode: NoiseMode) => SynthesisStep;

/** Disposes what `previous` held that `next` does not carry on. */
function disposeReplaced(previous: SynthesisStep, next: Partial<SynthesisStep>): void {
  if (previous.x !== next.x) previous.x.dispose();
  if (previous.img && previous.img !== next.img) previous.img.dispose();
}

/**
 * Per-video precomputation: every layer's styles, demodulation and modulated kernel. A state prepared
 * `lazy` holds its ws and makes each layer's part when a stage first needs it (then keeps it).
 */
export interface SynthesisState {
  layers: Map<string, ModulatedLayerState>;
  lazy?: { ws: tf.Tensor2D; fused: boolean; forwardOnly: boolean };
}

/**
 * The synthesis network: learned 4x4 const ++ motion_v, then blocks of modulated convs at doubling
 * resolutions with skip ToRGB outputs summed through FIR up-sampling.
 */
export class SynthesisNetwork {
  private readonly blocks: Block[] = [];
  private readonly constInput: tf.Tensor4D;
  /** The network as a sequence of stages, in order: each block's up-sampling conv, then its output. */
  private readonly stages: SynthesisStage[];

  constructor(
    private readonly arch: ModelArchitecture,
    weights: WeightStore,
  ) {
    const clamp = arch.synthesis.convClamp;
    const constNchw = weights.take<tf.Tensor4D>('synthesis.b4.input.input.const', 4);
    this.constInput = tf.tidy(() => tf.transpose(constNchw, [0, 2, 3, 1]));
    constNchw.dispose();
    let firstW = 0;
    for (const config of arch.synthesis.blocks) {
      const prefix = `synthesis.b${config.resolution}`;
      const filter = new FirFilter(weights.take(`${prefix}.resample_filter`, 2));
      const layer = (name: string, up: 1 | 2) => {
        return new SynthesisLayer(
          {
            weight: weights.takeHost(`${prefix}.${name}.weight`, 4),
            bias: weights.take(`${prefix}.${name}.bias`, 1),
            affine: new FullyConnected(
              weights.take(`${prefix}.${name}.affine.weight`, 2),
              weights.take(`${prefix}.${name}.affine.bias`, 1),
              'linear',
            ),
            noiseConst: weights.takeOptional(`${prefix}.${name}.noise_const`),
            noiseStrength: weights.takeOptional(`${prefix}.${name}.noise_strength`),
          },
          { up, convClamp: clamp, filter },
        );
      };
      const conv0 = config.inChannels === 0 ? null : layer('conv0', 2);
      const conv1 = layer('conv1', 1);
      const toRgb = new ToRgbLayer(
        weights.take(`${prefix}.torgb.weight`, 4),
        weights.take(`${prefix}.torgb.bias`, 1),
        new FullyConnected(
          weights.take(`${prefix}.torgb.affine.weight`, 2),
          weights.take(`${prefix}.torgb.affine.bias`, 1),
          'linear',
        ),
        clamp,
      );
      this.blocks.push({ config, firstW, conv0, conv1, toRgb, filter });
      firstW += config.numConv;
    }
    this.stages = this.buildStages();
  }

  /** Which w index each layer reads: `b{res}.conv0|conv1|torgb`. Matters for per-layer edits and mixing. */
  layerWIndices(): Map<string, number> {
    const indices = new Map<string, number>();
    for (const block of this.blocks) {
      let w = block.firstW;
      const res = block.config.resolution;
      if (block.conv0) indices.set(`b${res}.conv0`, w++);
      indices.set(`b${res}.conv1`, w++);
      indices.set(`b${res}.torgb`, w);
    }
    return indices;
  }

  /**
   * ws [numWs, wDim] -> the per-video state. `fused: false` keeps the styles apart from the kernels (see
   * ModulatedLayerState): slower per frame, but differentiable w.r.t. ws on every backend. `lazy`: each
   * layer's part is made when a stage first needs it (the same values), so a render's early stages, and its
   * coarse images, wait only for the early blocks' kernels; the state keeps a copy of ws meanwhile.
   * `forwardOnly` (non-fused, lazy): for renders that take no gradients (previews).
   */
  prepare(
    ws: tf.Tensor2D,
    {
      fused = true,
      lazy = false,
      forwardOnly = false,
    }: { fused?: boolean; lazy?: boolean; forwardOnly?: boolean } = {},
  ): SynthesisState {
    if (lazy) return { layers: new Map(), lazy: { ws: tf.keep(ws.clone()), fused, forwardOnly } };
    const layers = new Map<string, ModulatedLayerState>();
    tf.tidy(() => {
      for (const [name, index] of this.layerWIndices()) layers.set(name, this.prepareLayer(name, ws, index, fused));
    });
    return { layers };
  }

  /** One layer's styles, demodulation and kernel from ws row `index`, kept past any enclosing tidy. */
  private prepareLayer(name: string, ws: tf.Tensor2D, index: number, fused: boolean): ModulatedLayerState {
    let state: ModulatedLayerState | undefined;
    tf.tidy(() => {
      state = this.layerByName(name).prepare(ws.slice([index, 0], [1, ws.shape[1]]) as tf.Tensor2D, fused);
      tf.keep(state.styles);
      if (state.demod) tf.keep(state.demod);
      for (const kernel of state.kernel instanceof tf.Tensor ? [state.kernel] : (state.kernel?.flat() ?? []))
        tf.keep(kernel);
    });
    return state!;
  }

  /** A layer's part of the state, made now when the state is lazy and has not made it yet. */
  private layerState(state: SynthesisState, name: string): ModulatedLayerState {
    const made = state.layers.get(name);
    if (made) return made;
    const index = state.lazy && this.layerWIndices().get(name);
    if (index === undefined || !state.lazy) throw new Error(`synthesis state has no layer ${name}`);
    const layer = this.prepareLayer(name, state.lazy.ws, index, state.lazy.fused);
    if (state.lazy.forwardOnly) layer.forwardOnly = true;
    state.layers.set(name, layer);
    return layer;
  }

  disposeState(state: SynthesisState): void {
    for (const layer of state.layers.values()) disposeLayerState(layer);
    state.layers.clear();
    state.lazy?.ws.dispose();
    state.lazy = undefined;
  }

  /** Frames NHWC [T, H, W, 3] for motion_v [T, vDim] with a prepared state. */
  run(motionV: tf.Tensor2D, state: SynthesisState, noiseMode: NoiseMode): tf.Tensor4D {
    return tf.tidy(() => {
      let step = this.input(motionV);
      for (const stage of this.stages) step = stage(step, state, noiseMode);
      return step.img!;
    });
  }

  /**
   * The same frames, one stage (an up-sampling conv, or a block's conv, ToRGB and skip sum) at a time,
   * awaiting `between()` after each so a caller on the UI thread can let events in, or throw to abandon a
   * render that a newer request made stale. With `untilResolution`, it stops after the first stage whose
   * image is at least that size and returns that image (a preview's coarse image).
   */
  async runInSlices(
    motionV: tf.Tensor2D,
    state: SynthesisState,
    noiseMode: NoiseMode,
    between: (stage: StageProgress) => Promise<void>,
    untilResolution = Infinity,
  ): Promise<tf.Tensor4D> {
    let step = tf.tidy(() => this.input(motionV));
    try {
      for (const [index, stage] of this.stages.entries()) {
        const previous = step;
        step = tf.tidy(() => stage(previous, state, noiseMode));
        disposeReplaced(previous, step);
        await between({ stage: index + 1, stages: this.stages.length, img: step.img });
        if (step.img && step.img.shape[1] >= untilResolution) break;
      }
      step.x.dispose();
      return step.img!;
    } catch (error) {
      disposeReplaced(step, {});
      throw error;
    }
  }

  /** Number of stages runInSlices awaits between. */
  get stageCount(): number {
    return this.stages.length;
  }

  private buildStages(): SynthesisStage[] {
    const get = (state: SynthesisState, name: string) => this.layerState(state, name);
    return this.blocks.flatMap((block) => {
      const res = block.config.resolution;
      const { conv0 } = block;
      const blockOutput: SynthesisStage = ({ x, img }, state, noiseMode) => {
        const features = block.conv1.apply(x, get(state, `b${res}.conv1`), noiseMode);
        const y = block.toRgb.apply(features, get(state, `b${res}.torgb`));
        return { x: features, img: img ? (tf.add(block.filter.upsample2x(img), y) as tf.Tensor4D) : y };
      };
      if (!conv0) return [blockOutput];
      const upsample: SynthesisStage = ({ x, img }, state, noiseMode) => ({
        x: conv0.apply(x, get(state, `b${res}.conv0`), noiseMode),
        img,
      });
      return [upsample, blockOutput];
    });
  }

  /** The 4x4 input: learned const ++ motion_v at every position. */
  private input(motionV: tf.Tensor2D): SynthesisStep {
    const frames = motionV.shape[0];
    const [, h, w] = this.constInput.shape;
    const constPart = tf.tile(this.constInput, [frames, 1, 1, 1]);
    const motionPart = tf.tile(motionV.reshape([frames, 1, 1, motionV.shape[1]]), [1, h, w, 1]);
    return { x: tf.concat([constPart, motionPart], 3) as tf.Tensor4D };
  }

  private layerByName(name: string): SynthesisLayer | ToRgbLayer {
    const [blockName, layerName] = name.split('.');
    const block = this.blocks.find((b) => `b${b.config.resolution}` === blockName);
    const layer = block && (layerName === 'conv0' ? block.conv0 : layerName === 'conv1' ? block.conv1 : block.toRgb);
    if (!layer) throw new Error(`no synthesis layer ${name}`);
    return layer;
  }

  get numWs(): number {
    return this.arch.numWs;
  }

  dispose(): void {
    this.constInput.dispose();
    for (const block of this.blocks) {
      block.conv0?.dispose();
      block.conv1.dispose();
      block.toRgb.dispose();
      block.filter.dispose();
    }
  }
}
