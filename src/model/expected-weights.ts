/**
 * The tensors an architecture implies, by official state-dict name and exact shape. Both the converter
 * (G_ema's tensors) and the model loader (model.json's weightsManifest) check their weights against it:
 * a setting that disagrees with the weights, a missing or unaccounted-for tensor, a duplicate name or an
 * absurd size is refused, naming the tensor and the settings that imply its shape.
 */
import { type SettingNames, settingName } from './architecture-check';
import type { ModelArchitecture } from './format';
import { ModelError } from './model-error';

export interface WeightShape {
  name: string;
  shape: readonly number[];
}

interface Expected {
  shape: number[];
  /** model.json paths of the settings that imply the shape. */
  settings: string[];
  optional?: boolean;
}

/** Most tensors a model may have, elements in one tensor and in all (1 G float32 values = 4 GB is far beyond). */
export const WEIGHT_LIMITS = { tensors: 10_000, rank: 8, nameLength: 256, elements: 256 * 1024 * 1024 } as const;

const NAME = /^[A-Za-z_]\w*(\.\w+)*$/;

export function expectedWeights(arch: ModelArchitecture): Map<string, Expected> {
  const out = new Map<string, Expected>();
  const add = (name: string, shape: number[], settings: string[], optional = false) =>
    out.set(name, { shape, settings, optional });
  const { zDim, cDim, wDim, mapping, motion, synthesis } = arch;

  if (cDim > 0) {
    add('mapping.embed.weight', [wDim, cDim], ['wDim', 'cDim']);
    add('mapping.embed.bias', [wDim], ['wDim']);
  }
  for (let i = 0; i < mapping.numLayers; i++) {
    const inF = i === 0 ? zDim + (cDim > 0 ? wDim : 0) : wDim;
    add(
      `mapping.fc${i}.weight`,
      [wDim, inF],
      i === 0 ? ['wDim', 'zDim', 'cDim', 'mapping.numLayers'] : ['wDim', 'mapping.numLayers'],
    );
    add(`mapping.fc${i}.bias`, [wDim], ['wDim', 'mapping.numLayers']);
  }
  add('mapping.w_avg', [wDim], ['wDim']);

  const me = 'synthesis.motion_encoder';
  for (let i = 0; i < motion.numConvLayers; i++) {
    const inC = i === 0 ? motion.zDim + cDim : motion.codeDim;
    const settings =
      i === 0
        ? ['motion.codeDim', 'motion.zDim', 'cDim', 'motion.kernelSize']
        : ['motion.codeDim', 'motion.kernelSize', 'motion.numConvLayers'];
    add(`${me}.conv.${i}.weight`, [motion.codeDim, inC, motion.kernelSize], settings);
    add(`${me}.conv.${i}.bias`, [motion.codeDim], ['motion.codeDim']);
  }
  const te = `${me}.time_encoder`;
  const D = motion.timeEncDim;
  add(`${te}.freqs`, [1, D], ['motion.timeEncDim']);
  add(`${te}.phase_scales`, [1, D], ['motion.timeEncDim']);
  add(`${te}.periods_predictor.weight`, [D, motion.codeDim], ['motion.timeEncDim', 'motion.codeDim']);
  add(`${te}.phase_predictor.weight`, [D, motion.codeDim], ['motion.timeEncDim', 'motion.codeDim']);
  add(`${te}.aligners_predictor.weight`, [2 * D, motion.codeDim], ['motion.timeEncDim', 'motion.codeDim']);

  synthesis.blocks.forEach((block, i) => {
    const p = `synthesis.b${block.resolution}`;
    const out = block.outChannels;
    const blockSettings = [`synthesis.blocks.${i}.outChannels`];
    add(`${p}.resample_filter`, [4, 4], []);
    const layer = (name: string, inC: number, settings: string[]) => {
      add(`${p}.${name}.weight`, [out, inC, 3, 3], settings);
      add(`${p}.${name}.bias`, [out], blockSettings);
      add(`${p}.${name}.affine.weight`, [inC, wDim], [...settings, 'wDim']);
      add(`${p}.${name}.affine.bias`, [inC], settings);
      add(`${p}.${name}.resample_filter`, [4, 4], [], true);
      // Noise tensors exist exactly when useNoise says so (the engine adds whatever noise it is given).
      if (synthesis.useNoise) {
        add(`${p}.${name}.noise_const`, [block.resolution, block.resolution], ['synthesis.useNoise']);
        add(`${p}.${name}.noise_strength`, [], ['synthesis.useNoise']);
      }
    };
    if (i === 0) {
      add(`${p}.input.input.const`, [1, synthesis.constChannels, 4, 4], ['synthesis.constChannels']);
      layer('conv1', synthesis.constChannels + 2 * D, [
        'synthesis.constChannels',
        'motion.timeEncDim',
        ...blockSettings,
      ]);
    } else {
      layer('conv0', block.inChannels, [`synthesis.blocks.${i}.inChannels`, ...blockSettings]);
      layer('conv1', out, blockSettings);
    }
    add(`${p}.torgb.weight`, [arch.imgChannels, out, 1, 1], ['imgChannels', ...blockSettings]);
    add(`${p}.torgb.bias`, [arch.imgChannels], ['imgChannels']);
    add(`${p}.torgb.affine.weight`, [out, wDim], [...blockSettings, 'wDim']);
    add(`${p}.torgb.affine.bias`, [out], blockSettings);
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
      fail(`a tensor has the malformed name ${JSON.stringify(String(name).slice(0, 60))}`);
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
