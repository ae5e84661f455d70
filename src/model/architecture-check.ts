/**
 * Every architecture setting checked for type and range before anything is built from it, the same way
 * for a snapshot being converted and for a model folder being loaded, and the settings checked against
 * each other (the block chain, num_ws). Problems name the setting: by its official name for a snapshot
 * (`mapping.num_layers`), by its model.json path for a model folder (`architecture.mapping.numLayers`).
 */
import type { ModelArchitecture, SynthesisBlockConfig } from './format';
import { ModelError, quote } from './model-error';

/** Whose names problems use. */
export type SettingNames = 'snapshot' | 'model';

/** Official names of the settings, by model.json path. */
const OFFICIAL: Record<string, string> = {
  zDim: 'G_ema.z_dim',
  cDim: 'G_ema.c_dim',
  wDim: 'G_ema.w_dim',
  numWs: 'G_ema.num_ws',
  imgResolution: 'G_ema.img_resolution',
  imgChannels: 'G_ema.img_channels',
  'mapping.numLayers': 'mapping.num_layers',
  'mapping.lrMultiplier': 'model.generator.mapping_lr_multiplier',
  'mapping.wAvgBeta': 'mapping.w_avg_beta',
  'motion.zDim': 'model.generator.motion.z_dim',
  'motion.codeDim': 'synthesis.motion_encoder.time_encoder.latent_dim',
  'motion.kernelSize': 'model.generator.motion.kernel_size',
  'motion.numConvLayers': 'synthesis.motion_encoder.conv (layers)',
  'motion.lrMultiplier': 'synthesis.motion_encoder.conv.0.bias_gain',
  'motion.motionZDistance': 'model.generator.motion.motion_z_distance',
  'motion.timeEncDim': 'model.generator.time_enc.dim',
  'motion.numAdditionalCodes': 'synthesis.motion_encoder.num_additional_codes',
  'synthesis.constChannels': 'synthesis.b4.input.input.const (channels)',
  'synthesis.convClamp': 'conv_clamp',
  'synthesis.useNoise': 'model.generator.use_noise',
  'synthesis.architecture': 'synthesis.architecture',
  fps: 'dataset.fps',
  maxNumFrames: 'dataset.max_num_frames',
};

/** Official names of a synthesis block's settings. */
const BLOCK_FIELDS: Record<string, string> = {
  resolution: 'resolution',
  inChannels: 'in_channels',
  outChannels: 'conv1.weight (channels)',
  numConv: 'num_conv',
  numToRgb: 'num_torgb',
  isLast: 'is_last',
};

/** What the official MotionMappingNetwork hard-codes (src/training/motion.py). */
export const OFFICIAL_MOTION = { convLayers: 2, lrMultiplier: 0.01 } as const;

/** Limits: generous for any StyleGAN-V that fits a browser, far below what would exhaust memory or time. */
export const LIMITS = {
  dim: 4096,
  classes: 65536,
  mappingLayers: 32,
  kernelSize: 64,
  minMotionZDistance: 1,
  maxMotionZDistance: 65536,
  minResolution: 4,
  maxResolution: 2048,
  maxFps: 1000,
  maxNumFrames: 10_000_000,
  maxLrMultiplier: 1000,
} as const;

export function settingName(path: string, names: SettingNames): string {
  if (names === 'model') return `architecture.${path}`;
  const block = /^synthesis\.blocks\.(\d+)\.(\w+)$/.exec(path);
  if (block) return `synthesis.b${4 * 2 ** Number(block[1])}.${BLOCK_FIELDS[block[2]!] ?? block[2]}`;
  return OFFICIAL[path] ?? path;
}

function problem(path: string, value: unknown, rule: string, names: SettingNames): ModelError {
  const name = settingName(path, names);
  const where = names === 'model' ? 'model.json: ' : "the snapshot's setting ";
  const todo =
    names === 'model'
      ? 'the model folder is damaged or crafted; convert the snapshot again'
      : 'the file is damaged or crafted';
  return new ModelError(`${where}${name} is ${quote(value)}, but it must be ${rule} — ${todo}`, name);
}

class Checker {
  constructor(readonly names: SettingNames) {}

  fail(path: string, value: unknown, rule: string): never {
    throw problem(path, value, rule, this.names);
  }
  int(path: string, value: unknown, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, value, `an integer from ${min} to ${max}`);
    }
    return value;
  }
  num(path: string, value: unknown, min: number, max: number, { exclusiveMin = false } = {}): number {
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value > max ||
      (exclusiveMin ? value <= min : value < min)
    ) {
      this.fail(
        path,
        value,
        `a finite number ${exclusiveMin ? 'above' : 'from'} ${min} ${exclusiveMin ? 'and at most' : 'to'} ${max}`,
      );
    }
    return value;
  }
  bool(path: string, value: unknown): boolean {
    if (typeof value !== 'boolean') this.fail(path, value, 'true or false');
    return value;
  }
  object(path: string, value: unknown): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, value, 'an object');
    return value as Record<string, unknown>;
  }
}

/** Check a whole architecture (from a snapshot or a model.json); returns it typed, or throws a `ModelError`. */
export function checkArchitecture(value: unknown, names: SettingNames): ModelArchitecture {
  const c = new Checker(names);
  const a = c.object('', value);
  const { dim } = LIMITS;
  c.int('zDim', a.zDim, 1, dim);
  c.int('cDim', a.cDim, 0, LIMITS.classes);
  c.int('wDim', a.wDim, 1, dim);
  const resolution = c.int('imgResolution', a.imgResolution, LIMITS.minResolution, LIMITS.maxResolution);
  if (!Number.isInteger(Math.log2(resolution)))
    c.fail('imgResolution', resolution, `a power of two from ${LIMITS.minResolution} to ${LIMITS.maxResolution}`);
  if (a.imgChannels !== 3) c.fail('imgChannels', a.imgChannels, '3 (RGB)');

  const mapping = c.object('mapping', a.mapping);
  c.int('mapping.numLayers', mapping.numLayers, 1, LIMITS.mappingLayers);
  c.num('mapping.lrMultiplier', mapping.lrMultiplier, 0, LIMITS.maxLrMultiplier, { exclusiveMin: true });
  c.num('mapping.wAvgBeta', mapping.wAvgBeta, 0, 1);

  const motion = c.object('motion', a.motion);
  c.int('motion.zDim', motion.zDim, 1, dim);
  c.int('motion.codeDim', motion.codeDim, 1, dim);
  const kernelSize = c.int('motion.kernelSize', motion.kernelSize, 1, LIMITS.kernelSize);
  // src/training/motion.py, MotionMappingNetwork ('conv'): exactly two EqLRConv1d layers, both built with
  // lr_multiplier=0.01, and num_additional_codes = (kernel_size - 1) * 2.
  if (motion.numConvLayers !== OFFICIAL_MOTION.convLayers)
    c.fail('motion.numConvLayers', motion.numConvLayers, `${OFFICIAL_MOTION.convLayers} (the official motion encoder)`);
  if (motion.lrMultiplier !== OFFICIAL_MOTION.lrMultiplier)
    c.fail('motion.lrMultiplier', motion.lrMultiplier, `${OFFICIAL_MOTION.lrMultiplier} (the official motion encoder)`);
  c.num('motion.motionZDistance', motion.motionZDistance, LIMITS.minMotionZDistance, LIMITS.maxMotionZDistance);
  c.int('motion.timeEncDim', motion.timeEncDim, 1, dim);
  if (motion.numAdditionalCodes !== 2 * (kernelSize - 1))
    c.fail('motion.numAdditionalCodes', motion.numAdditionalCodes, `${2 * (kernelSize - 1)}: (kernel size - 1) x 2`);

  const synthesis = c.object('synthesis', a.synthesis);
  if (synthesis.architecture !== 'skip') c.fail('synthesis.architecture', synthesis.architecture, '"skip"');
  c.int('synthesis.constChannels', synthesis.constChannels, 1, dim);
  if (synthesis.convClamp !== null) c.num('synthesis.convClamp', synthesis.convClamp, 0, 1e9, { exclusiveMin: true });
  c.bool('synthesis.useNoise', synthesis.useNoise);
  checkBlocks(c, synthesis.blocks, resolution);
  c.num('fps', a.fps, 0, LIMITS.maxFps, { exclusiveMin: true });
  c.int('maxNumFrames', a.maxNumFrames, 1, LIMITS.maxNumFrames);

  const blocks = synthesis.blocks as SynthesisBlockConfig[];
  // src/training/networks.py, SynthesisBlock: the 4x4 block's GenInput is built with the block's out_channels.
  if (synthesis.constChannels !== blocks[0]!.outChannels)
    c.fail('synthesis.constChannels', synthesis.constChannels, `${blocks[0]!.outChannels} (the 4x4 block's channels)`);
  const last = blocks[blocks.length - 1]!;
  const numWs = blocks.reduce((n, b) => n + b.numConv, 0) + last.numToRgb;
  if (a.numWs !== numWs) c.fail('numWs', a.numWs, `${numWs}: one per synthesis conv plus the last ToRGB`);
  return value as ModelArchitecture;
}

/** The 4x4, 8x8, ... blocks: doubling resolutions up to the image's, each taking the previous one's channels. */
function checkBlocks(c: Checker, value: unknown, resolution: number): void {
  const count = Math.log2(resolution) - 1;
  if (!Array.isArray(value)) c.fail('synthesis.blocks', value, 'a list of blocks');
  if (value.length !== count) {
    const top = 4 * 2 ** (value.length - 1);
    c.fail(
      'imgResolution',
      resolution,
      value.length > 0 && value.length <= 10
        ? `${top}, the resolution of the last of its ${value.length} synthesis blocks`
        : `the resolution of its last synthesis block (it has ${value.length})`,
    );
  }
  let previous = 0;
  value.forEach((raw, i) => {
    const at = (field: string) => `synthesis.blocks.${i}.${field}`;
    const b = c.object(`synthesis.blocks.${i}`, raw);
    const res = 4 * 2 ** i;
    if (b.resolution !== res) c.fail(at('resolution'), b.resolution, String(res));
    if (b.inChannels !== previous)
      c.fail(at('inChannels'), b.inChannels, `${previous} (the previous block's outChannels)`);
    previous = c.int(at('outChannels'), b.outChannels, 1, LIMITS.dim);
    if (b.numConv !== (i === 0 ? 1 : 2)) c.fail(at('numConv'), b.numConv, String(i === 0 ? 1 : 2));
    if (b.numToRgb !== 1) c.fail(at('numToRgb'), b.numToRgb, '1');
    if (b.isLast !== (i === count - 1)) c.fail(at('isLast'), b.isLast, String(i === count - 1));
  });
}
