/**
 * Synthetic StyleGAN-V training snapshots in the official structure (G, D, G_ema as persistent objects,
 * legacy torch storages inside BINBYTES, an OmegaConf experiment config with interpolations, Adam
 * optimizer state), with random weights, for converter tests and the conversion benchmark.
 */

import { buffer, type ConfigJson, omegaConf, parameter, persistentModule, Random } from './pickle-torch';
import { call, dict, float, glob, list, PickleWriter, type Py, PyNewObj, tuple } from './pickle-writer';
import { GeneratorBuilder, type TensorRecord } from './synthetic-generator';

export type { TensorRecord } from './synthetic-generator';

export interface SyntheticSpec {
  resolution: number;
  zDim: number;
  wDim: number;
  cDim: number;
  channelBase: number;
  channelMax: number;
  mappingLayers: number;
  timeEncDim: number;
  /** motion.z_dim: each motion code's size, and the first conv1d's output channels. */
  motionZDim: number;
  /** motion.v_dim (the time encoder's latent_dim); motion.z_dim when absent. */
  motionVDim?: number;
  kernelSize: number;
  minPeriodLen: number;
  /** Explicit motion_z_distance; when absent the config interpolates `${model.generator.time_enc.min_period_len}`. */
  motionZDistance?: number;
  useNoise: boolean;
  convClamp: number | null;
  maxNumFrames: number;
  fps: number;
  genStrategy?: string;
  /** Store G_ema weights as HalfStorage (float16). */
  halfStorage?: boolean;
  /** Approximate bytes of discriminator weights (default: about the generator's). */
  discriminatorBytes?: number;
  /** Write Adam state (exp_avg, exp_avg_sq) for D; and for G too when 'both'. */
  adam?: 'none' | 'D' | 'both';
  /** Draw G_ema values up front and return them with the tensor records (small specs only). */
  captureValues?: boolean;
  /** Overwrite element 0 of these G_ema tensors (by official name) with a value, e.g. NaN or Infinity. */
  poisonValues?: Record<string, number>;
  /** More top-level entries of the snapshot dict (e.g. a payload that calls os.system). */
  extraEntries?: Array<[Py, Py]>;
  /** G_ema module attributes to overwrite, by class name (e.g. `{ MappingNetwork: { num_layers: -7 } }`): crafted settings. */
  attrOverrides?: Record<string, Record<string, Py>>;
  /** More child modules of G_ema (e.g. one literally named 'mapping.fc0'). */
  extraGeneratorModules?: Array<[string, Py]>;
  /** The experiment config every module carries, instead of the one the spec implies (a crafted config). */
  configOverride?: ReturnType<typeof omegaConf>;
  /** Embedded `module_src` of G_ema's persistent modules, by class name (a placeholder otherwise). */
  moduleSources?: Record<string, string>;
  /** Module prefix of the repository ('src.' officially, '' for other layouts). */
  modulePrefix?: string;
  seed?: number;
}

export const TINY_SPEC: SyntheticSpec = {
  resolution: 16,
  zDim: 8,
  wDim: 8,
  cDim: 0,
  channelBase: 64,
  channelMax: 8,
  mappingLayers: 2,
  timeEncDim: 4,
  motionZDim: 6,
  motionVDim: 5,
  kernelSize: 3,
  minPeriodLen: 8,
  useNoise: false,
  convClamp: 256,
  maxNumFrames: 64,
  fps: 25,
};

/** About the official 256x256 model's size. */
export const LARGE_SPEC: SyntheticSpec = {
  resolution: 256,
  zDim: 512,
  wDim: 512,
  cDim: 0,
  channelBase: 32768,
  channelMax: 512,
  mappingLayers: 2,
  timeEncDim: 256,
  motionZDim: 512,
  kernelSize: 11,
  minPeriodLen: 16,
  useNoise: true,
  convClamp: 256,
  maxNumFrames: 1024,
  fps: 25,
  adam: 'D',
};

/** The experiment config, with the interpolations the official configs use. */
export function experimentConfig(spec: SyntheticSpec): { [k: string]: ConfigJson } {
  return {
    model: {
      generator: {
        source: 'networks',
        use_noise: spec.useNoise ? 'true' : false,
        w_dim: spec.wDim,
        c_dim: '${dataset.c_dim}',
        input: { type: 'temporal' },
        motion: {
          time_enc: {},
          z_dim: spec.motionZDim,
          v_dim: spec.motionVDim ?? spec.motionZDim,
          motion_z_distance: spec.motionZDistance ?? '${model.generator.time_enc.min_period_len}',
          gen_strategy: spec.genStrategy ?? 'conv',
          kernel_size: spec.kernelSize,
          use_fractional_t: true,
          fourier: true,
        },
        sampling: '${sampling}',
        z_dim: spec.zDim,
        time_enc: {
          cond_type: 'concat_const',
          dim: spec.timeEncDim,
          min_period_len: spec.minPeriodLen,
          max_period_len: 1024,
          phase_dropout_std: 1.0,
        },
      },
      discriminator: { source: 'networks', sampling: '${sampling}' },
      name: 'stylegan-v',
    },
    dataset: {
      path: 'data/${dataset.name}.zip',
      sampling: '${sampling}',
      c_dim: spec.cDim,
      max_num_frames: spec.maxNumFrames,
      fps: spec.fps,
      resolution: spec.resolution,
      name: 'synthetic_${dataset.resolution}',
    },
    sampling: {
      name: 'random${sampling.num_frames_per_video}_max${sampling.max_dist}',
      fps: '${dataset.fps}',
      max_num_frames: '${dataset.max_num_frames}',
      num_frames_per_video: 3,
      type: 'random',
      max_dist: 32,
    },
    experiment_name: '${dataset.name}_${model.name}',
  };
}

/** A discriminator-like persistent module with about `bytes` of float32 weights; returns its params too. */
function discriminator(spec: SyntheticSpec, rng: Random, bytes: number, cfg: Py): { module: Py; params: Py[] } {
  const params: Py[] = [];
  const mods: Array<[string, Py]> = [];
  const C = Math.min(spec.channelMax, 512);
  const perLayer = C * C * 9 * 4;
  const n = Math.max(1, Math.round(bytes / perLayer));
  for (let i = 0; i < n; i++) {
    const w = parameter({ random: rng, count: C * C * 9 }, [C, C, 3, 3]);
    const b = parameter({ random: rng, count: C }, [C]);
    params.push(w, b);
    mods.push([
      `conv${i}`,
      persistentModule(
        {
          className: 'Conv2dLayer',
          params: [
            ['weight', w],
            ['bias', b],
          ],
          attrs: { activation: 'lrelu' },
        },
        spec.modulePrefix ?? 'src.',
      ),
    ]);
  }
  return {
    module: persistentModule(
      { className: 'Discriminator', modules: mods, attrs: { cfg } },
      spec.modulePrefix ?? 'src.',
    ),
    params,
  };
}

function adam(rng: Random, params: Array<{ p: Py; count: number; shape: number[] }>): Py {
  const state = params.map(
    ({ p, count, shape }) =>
      [
        p,
        dict({
          step: 1000,
          exp_avg: buffer({ random: rng, count, scale: 1e-3 }, shape),
          exp_avg_sq: buffer({ random: rng, count, scale: 1e-6 }, shape),
        }),
      ] as [Py, Py],
  );
  return new PyNewObj(glob('torch.optim.adam', 'Adam'), [], {
    state: dict({
      defaults: dict({
        lr: float(0.0025),
        betas: tuple(0, float(0.99)),
        eps: float(1e-8),
        weight_decay: 0,
        amsgrad: false,
      }),
      _zero_grad_profile_name: 'Optimizer.zero_grad#Adam.zero_grad',
      state: call(glob('collections', 'defaultdict'), [glob('builtins', 'dict')], { dictItems: state }),
      param_groups: list(dict({ params: list(...params.map((x) => x.p)), lr: float(0.0025) })),
    }),
  });
}

export interface WrittenSnapshot {
  bytes: number;
  /** Every G_ema tensor's official name and shape, in state-dict order. */
  tensors: TensorRecord[];
}

/** Write a synthetic snapshot through `out` (chunks in order). */
export function writeSyntheticSnapshot(
  spec: SyntheticSpec,
  out: (chunk: Uint8Array) => void,
  protocol: 2 | 4 = 4,
): WrittenSnapshot {
  const rng = new Random(spec.seed ?? 1234);
  const conf = spec.configOverride ?? omegaConf(experimentConfig(spec));
  const cfg = (path: string) => conf.at(path);
  const gBuilder = new GeneratorBuilder(spec, rng, cfg, 'FloatStorage', false);
  const gEmaBuilder = new GeneratorBuilder(spec, rng, cfg, spec.halfStorage ? 'HalfStorage' : 'FloatStorage', true);
  const G = gBuilder.build();
  const Gema = gEmaBuilder.build();
  const gBytes = gEmaBuilder.tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1) * 4, 0);
  const d = discriminator(spec, rng, spec.discriminatorBytes ?? gBytes, cfg('model.discriminator'));
  const C = Math.min(spec.channelMax, 512);
  const dParams = d.params.map((p, i) => ({
    p,
    count: i % 2 === 0 ? C * C * 9 : C,
    shape: i % 2 === 0 ? [C, C, 3, 3] : [C],
  }));
  const top = dict([
    [
      'training_set_kwargs',
      dict({
        class_name: 'training.dataset.VideoFramesFolderDataset',
        path: 'data/synthetic.zip',
        cfg: cfg('dataset'),
      }),
    ],
    ['G', G],
    ['D', d.module],
    ['G_ema', Gema],
    ['augment_pipe', null],
    ['G_opt', spec.adam === 'both' ? adam(rng, []) : null],
    ['D_opt', spec.adam === 'D' || spec.adam === 'both' ? adam(rng, dParams) : null],
    ['vis', dict({})],
    ['stats', null],
    ...(spec.extraEntries ?? []),
  ]);
  const w = new PickleWriter(out, protocol);
  w.dump(top);
  return { bytes: w.bytesWritten, tensors: gEmaBuilder.tensors };
}

/** A synthetic snapshot in memory (small specs only). */
export function syntheticSnapshotBytes(
  spec: SyntheticSpec,
  protocol: 2 | 4 = 4,
): { bytes: Uint8Array; tensors: TensorRecord[] } {
  const parts: Uint8Array[] = [];
  const { tensors } = writeSyntheticSnapshot(spec, (c) => parts.push(c), protocol);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, tensors };
}
