/**
 * The tensors an architecture implies, by official state-dict name and exact shape: the one shape table of
 * the project. The converter (G_ema's tensors) and the model loader (model.json's weightsManifest) check
 * their weights against it, and random-weight models are written from it. A setting that disagrees with the
 * weights, a missing or unaccounted-for tensor, a duplicate name or an absurd size is refused, naming the
 * tensor and the settings that imply its shape.
 *
 * Every shape is the one the official constructors build (universome/stylegan-v at 3fecd69); each group
 * names the file and class it follows.
 */
import { quoteText } from '../util';
import { type SettingNames, settingName } from './architecture-check';
import type { ModelArchitecture } from './format';
import { ModelError } from './model-error';

export interface WeightShape {
  name: string;
  shape: readonly number[];
}

/** How the official code initialises a tensor (random-weight models start from it). */
export type WeightRole =
  | 'weight'
  | 'bias'
  | 'affine-bias'
  | 'const'
  | 'filter'
  | 'freqs'
  | 'phase-scales'
  | 'zero'
  | 'scalar';

export interface ExpectedWeight {
  shape: number[];
  /** model.json paths of the settings that imply the shape. */
  settings: string[];
  role: WeightRole;
  /** A buffer the official code always registers but that a converted model may leave out. */
  optional?: boolean;
}

/** Most tensors a model may have, elements in one tensor and in all (1 G float32 values = 4 GB is far beyond). */
export const WEIGHT_LIMITS = { tensors: 10_000, rank: 8, nameLength: 256, elements: 256 * 1024 * 1024 } as const;

const NAME = /^[A-Za-z_]\w*(\.\w+)*$/;

/** The tensors of `arch` in official state-dict order (random-weight models are written in this order). */
export function expectedWeights(arch: ModelArchitecture): Map<string, ExpectedWeight> {
  const out = new Map<string, ExpectedWeight>();
  const add = (name: string, shape: number[], role: WeightRole, settings: string[], optional = false) =>
    out.set(name, { shape, role, settings, optional });
  const { zDim, cDim, wDim, mapping, motion, synthesis } = arch;

  // src/training/layers.py, MappingNetwork: embed_features = layer_features = w_dim (None in the official
  // call), features [z_dim + embed_features, w_dim, ..., w_dim]; FullyConnectedLayer weights are [out, in].
  if (cDim > 0) {
    add('mapping.embed.weight', [wDim, cDim], 'weight', ['wDim', 'cDim']);
    add('mapping.embed.bias', [wDim], 'bias', ['wDim']);
  }
  for (let i = 0; i < mapping.numLayers; i++) {
    const inF = i === 0 ? zDim + (cDim > 0 ? wDim : 0) : wDim;
    const settings = i === 0 ? ['wDim', 'zDim', 'cDim', 'mapping.numLayers'] : ['wDim', 'mapping.numLayers'];
    add(`mapping.fc${i}.weight`, [wDim, inF], 'weight', settings);
    add(`mapping.fc${i}.bias`, [wDim], 'bias', ['wDim', 'mapping.numLayers']);
  }
  add('mapping.w_avg', [wDim], 'zero', ['wDim']);

  // src/training/motion.py, MotionMappingNetwork (gen_strategy 'conv'): EqLRConv1d(z_dim + c_dim, z_dim, k),
  // then EqLRConv1d(z_dim, v_dim, k), with EqLRConv1d weights [out, in, k] (src/training/layers.py).
  const me = 'synthesis.motion_encoder';
  const convs = [
    { inC: motion.zDim + cDim, outC: motion.zDim, settings: ['motion.zDim', 'cDim', 'motion.kernelSize'] },
    { inC: motion.zDim, outC: motion.codeDim, settings: ['motion.codeDim', 'motion.zDim', 'motion.kernelSize'] },
  ];
  convs.forEach(({ inC, outC, settings }, i) => {
    add(`${me}.conv.${i}.weight`, [outC, inC, motion.kernelSize], 'weight', settings);
    add(`${me}.conv.${i}.bias`, [outC], 'bias', [settings[0]!]);
  });
  // src/training/motion.py, AlignedTimeEncoder(latent_dim = v_dim): freqs and phase_scales [1, time_enc.dim];
  // bias-free FullyConnectedLayers from latent_dim to dim, dim and 2 * dim.
  const te = `${me}.time_encoder`;
  const D = motion.timeEncDim;
  add(`${te}.freqs`, [1, D], 'freqs', ['motion.timeEncDim']);
  add(`${te}.phase_scales`, [1, D], 'phase-scales', ['motion.timeEncDim']);
  add(`${te}.periods_predictor.weight`, [D, motion.codeDim], 'weight', ['motion.timeEncDim', 'motion.codeDim']);
  add(`${te}.phase_predictor.weight`, [D, motion.codeDim], 'weight', ['motion.timeEncDim', 'motion.codeDim']);
  add(`${te}.aligners_predictor.weight`, [2 * D, motion.codeDim], 'weight', ['motion.timeEncDim', 'motion.codeDim']);

  // src/training/layers.py, GenInput / TemporalInput(cfg, out_channels of the 4x4 block): const [1, C, 4, 4];
  // its total_dim (conv1's input) is C + motion_v_dim, motion_v_dim = 2 * time_enc.dim.
  add('synthesis.b4.input.input.const', [1, synthesis.constChannels, 4, 4], 'const', ['synthesis.constChannels']);
  // src/training/networks.py, SynthesisBlock: resample_filter buffer [4, 4]; conv0 (up = 2, not in the 4x4
  // block) and conv1 are SynthesisLayers, weight [out, in, 3, 3], affine FullyConnectedLayer(w_dim, in) with
  // bias_init 1, noise_const [res, res] and a 0-dim noise_strength when use_noise; ToRGBLayer(out, img_channels):
  // weight [img_channels, out, 1, 1], affine (w_dim -> out).
  synthesis.blocks.forEach((block, i) => {
    const p = `synthesis.b${block.resolution}`;
    const outC = block.outChannels;
    const blockSettings = [`synthesis.blocks.${i}.outChannels`];
    add(`${p}.resample_filter`, [4, 4], 'filter', []);
    const layer = (name: string, inC: number, settings: string[]) => {
      add(`${p}.${name}.weight`, [outC, inC, 3, 3], 'weight', settings);
      add(`${p}.${name}.bias`, [outC], 'bias', blockSettings);
      add(`${p}.${name}.affine.weight`, [inC, wDim], 'weight', [...settings, 'wDim']);
      add(`${p}.${name}.affine.bias`, [inC], 'affine-bias', settings);
      add(`${p}.${name}.resample_filter`, [4, 4], 'filter', [], true);
      // Noise tensors exist exactly when useNoise says so (the engine adds whatever noise it is given).
      if (synthesis.useNoise) {
        add(`${p}.${name}.noise_const`, [block.resolution, block.resolution], 'weight', ['synthesis.useNoise']);
        add(`${p}.${name}.noise_strength`, [], 'scalar', ['synthesis.useNoise']);
      }
    };
    if (i === 0) {
      layer('conv1', synthesis.constChannels + 2 * D, [
        'synthesis.constChannels',
        'motion.timeEncDim',
        ...blockSettings,
      ]);
    } else {
      layer('conv0', block.inChannels, [`synthesis.blocks.${i}.inChannels`, ...blockSettings]);
      layer('conv1', outC, blockSettings);
    }
    add(`${p}.torgb.weight`, [arch.imgChannels, outC, 1, 1], 'weight', ['imgChannels', ...blockSettings]);
    add(`${p}.torgb.bias`, [arch.imgChannels], 'bias', ['imgChannels']);
    add(`${p}.torgb.affine.weight`, [outC, wDim], 'weight', [...blockSettings, 'wDim']);
    add(`${p}.torgb.affine.bias`, [outC], 'affine-bias', blockSettings);
  });
  return out;
}
const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

function settingValue(arch: ModelArchitecture, path: string): unknown {
  let v: unknown = arch;
  for (const key of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[key];
  return v;
}

/**
 * Check `weights` against what `arch` implies: names well-formed and unique, every required tensor there
 * with its exact shape, nothing the settings do not account for, sizes within limits.
 */
export function checkWeightShapes(arch: ModelArchitecture, weights: readonly WeightShape[], names: SettingNames): void {
  const subject = names === 'model' ? 'model.json' : 'the snapshot';
  const todo =
    names === 'model'
      ? 'the model folder is damaged or crafted; convert the snapshot again'
      : 'the file is damaged or crafted';
  const fail = (message: string, setting?: string): never => {
    throw new ModelError(`${subject}: ${message} — ${todo}`, setting);
  };
  if (weights.length > WEIGHT_LIMITS.tensors)
    fail(
      `it lists ${weights.length.toLocaleString('en-US')} tensors (at most ${WEIGHT_LIMITS.tensors.toLocaleString('en-US')})`,
    );
  const expected = expectedWeights(arch);
  const seen = new Set<string>();
  let total = 0;
  for (const { name, shape } of weights) {
    if (typeof name !== 'string' || name.length > WEIGHT_LIMITS.nameLength || !NAME.test(name)) {
      fail(`a tensor has the malformed name ${quoteText(String(name), 60)}`);
    }
    if (seen.has(name))
      fail(`the tensor name ${name} appears twice (a module named to forge another's tensors?)`, name);
    seen.add(name);
    if (
      !Array.isArray(shape) ||
      shape.length > WEIGHT_LIMITS.rank ||
      !shape.every((d) => Number.isInteger(d) && d >= 0 && d <= 2 ** 31)
    ) {
      fail(`tensor ${name} has an invalid shape`, name);
    }
    const elements = shape.reduce((a, b) => a * b, 1);
    total += elements;
    if (total > WEIGHT_LIMITS.elements)
      fail(`the tensors hold more than ${WEIGHT_LIMITS.elements.toLocaleString('en-US')} values`, name);
    const want = expected.get(name);
    if (!want) {
      fail(
        `tensor ${name} is not part of the architecture its settings describe (${describeCounts(arch, names)})`,
        name,
      );
      return;
    }
    if (shapeText(shape) !== shapeText(want.shape)) {
      const because = want.settings
        .map((s) => `${settingName(s, names)} = ${String(settingValue(arch, s))}`)
        .join(', ');
      fail(
        `tensor ${name} has shape ${shapeText(shape)}, but the settings${because ? ` (${because})` : ''} need ${shapeText(want.shape)}`,
        want.settings[0] ? settingName(want.settings[0], names) : name,
      );
    }
  }
  for (const [name, want] of expected) {
    if (!want.optional && !seen.has(name)) {
      const because = want.settings.length
        ? ` (implied by ${want.settings.map((s) => settingName(s, names)).join(', ')})`
        : '';
      fail(`tensor ${name} is missing${because}`, name);
    }
  }
}

function describeCounts(arch: ModelArchitecture, names: SettingNames): string {
  return [
    `${settingName('mapping.numLayers', names)} = ${arch.mapping.numLayers}`,
    `${settingName('motion.numConvLayers', names)} = ${arch.motion.numConvLayers}`,
    `${settingName('imgResolution', names)} = ${arch.imgResolution}`,
    `${settingName('cDim', names)} = ${arch.cDim}`,
  ].join(', ');
}
