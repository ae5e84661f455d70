import type { ModelArchitecture, SynthesisBlockConfig } from './format';

/** Official StyleGAN-V architectures, for measuring speed without checkpoints (`stylegan-v random`). */
export interface PresetOptions {
  resolution: number;
  channelBase: number;
  channelMax: number;
  cDim: number;
}

export const PRESETS = {
  sky256: { resolution: 256, channelBase: 16384, channelMax: 512, cDim: 0 },
  ucf256: { resolution: 256, channelBase: 16384, channelMax: 512, cDim: 101 },
  mead1024: { resolution: 1024, channelBase: 32768, channelMax: 512, cDim: 0 },
} as const satisfies Record<string, PresetOptions>;

export type PresetName = keyof typeof PRESETS;

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

/** The official channel rule: min(channel_base / resolution, channel_max). */
function channels(options: PresetOptions, resolution: number): number {
  return Math.min(Math.floor(options.channelBase / resolution), options.channelMax);
}

/** z = w = motion dims = 512, time_enc.dim 256, 2 mapping layers, kernel 11, no noise, conv_clamp 256. */
export function presetArchitecture(options: PresetOptions): ModelArchitecture {
  const log2 = Math.log2(options.resolution);
  if (!Number.isInteger(log2) || log2 < 2)
    throw new RangeError(`resolution must be a power of two >= 4, got ${options.resolution}`);
  const blocks: SynthesisBlockConfig[] = [];
  for (let res = 4; res <= options.resolution; res *= 2) {
    blocks.push({
      resolution: res,
      inChannels: res === 4 ? 0 : channels(options, res / 2),
      outChannels: channels(options, res),
      numConv: res === 4 ? 1 : 2,
      numToRgb: 1,
      isLast: res === options.resolution,
    });
  }
  return {
    zDim: 512,
    cDim: options.cDim,
    wDim: 512,
    numWs: 2 * log2 - 2,
    imgResolution: options.resolution,
    imgChannels: 3,
    mapping: { numLayers: 2, lrMultiplier: 0.01, wAvgBeta: 0.995 },
    motion: {
      zDim: 512,
      codeDim: 512,
      kernelSize: 11,
      numConvLayers: 2,
      lrMultiplier: 0.01,
      motionZDistance: 16,
      timeEncDim: 256,
      numAdditionalCodes: 20,
    },
    synthesis: { architecture: 'skip', blocks, constChannels: channels(options, 4), convClamp: 256, useNoise: false },
    fps: 25,
    maxNumFrames: 1024,
  };
}

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

export interface WeightShape {
  name: string;
  shape: number[];
  role: WeightRole;
}

/** Every tensor of G_ema's state dict for an architecture, with the official names and shapes. */
export function weightShapes(arch: ModelArchitecture): WeightShape[] {
  const out: WeightShape[] = [];
  const add = (name: string, shape: number[], role: WeightRole) => out.push({ name, shape, role });
  const { wDim, zDim, cDim, motion } = arch;
  if (cDim > 0) {
    add('mapping.embed.weight', [wDim, cDim], 'weight');
    add('mapping.embed.bias', [wDim], 'bias');
  }
  for (let i = 0; i < arch.mapping.numLayers; i++) {
    const inFeatures = i === 0 ? Math.max(zDim, 0) + (cDim > 0 ? wDim : 0) : wDim;
    add(`mapping.fc${i}.weight`, [wDim, inFeatures], 'weight');
    add(`mapping.fc${i}.bias`, [wDim], 'bias');
  }
  add('mapping.w_avg', [wDim], 'zero');
  for (let i = 0; i < motion.numConvLayers; i++) {
    const inChannels = i === 0 ? motion.zDim + cDim : motion.codeDim;
    add(`synthesis.motion_encoder.conv.${i}.weight`, [motion.codeDim, inChannels, motion.kernelSize], 'weight');
    add(`synthesis.motion_encoder.conv.${i}.bias`, [motion.codeDim], 'bias');
  }
  const te = 'synthesis.motion_encoder.time_encoder';
  add(`${te}.freqs`, [1, motion.timeEncDim], 'freqs');
  add(`${te}.phase_scales`, [1, motion.timeEncDim], 'phase-scales');
  add(`${te}.periods_predictor.weight`, [motion.timeEncDim, motion.codeDim], 'weight');
  add(`${te}.phase_predictor.weight`, [motion.timeEncDim, motion.codeDim], 'weight');
  add(`${te}.aligners_predictor.weight`, [2 * motion.timeEncDim, motion.codeDim], 'weight');
  const motionVDim = 2 * motion.timeEncDim;
  add('synthesis.b4.input.input.const', [1, arch.synthesis.constChannels, 4, 4], 'const');
  for (const block of arch.synthesis.blocks) {
    const prefix = `synthesis.b${block.resolution}`;
    add(`${prefix}.resample_filter`, [4, 4], 'filter');
    const layer = (name: string, inChannels: number) => {
      add(`${prefix}.${name}.weight`, [block.outChannels, inChannels, 3, 3], 'weight');
      add(`${prefix}.${name}.bias`, [block.outChannels], 'bias');
      add(`${prefix}.${name}.affine.weight`, [inChannels, wDim], 'weight');
      add(`${prefix}.${name}.affine.bias`, [inChannels], 'affine-bias');
      add(`${prefix}.${name}.resample_filter`, [4, 4], 'filter');
      if (arch.synthesis.useNoise) {
        add(`${prefix}.${name}.noise_const`, [block.resolution, block.resolution], 'weight');
        add(`${prefix}.${name}.noise_strength`, [], 'scalar');
      }
    };
    if (block.inChannels > 0) layer('conv0', block.inChannels);
    layer('conv1', block.inChannels === 0 ? arch.synthesis.constChannels + motionVDim : block.outChannels);
    add(`${prefix}.torgb.weight`, [arch.imgChannels, block.outChannels, 1, 1], 'weight');
    add(`${prefix}.torgb.bias`, [arch.imgChannels], 'bias');
    add(`${prefix}.torgb.affine.weight`, [block.outChannels, wDim], 'weight');
    add(`${prefix}.torgb.affine.bias`, [block.outChannels], 'affine-bias');
  }
  return out;
}
