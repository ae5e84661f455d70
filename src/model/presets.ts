import { expectedWeights, type WeightRole } from './expected-weights';
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

/** A tensor of a random-weight model: official name, shape and how the official code initialises it. */
export interface WeightShape {
  name: string;
  shape: number[];
  role: WeightRole;
}

/** Every tensor of G_ema's state dict for an architecture, with the official names and shapes (the one table). */
export function weightShapes(arch: ModelArchitecture): WeightShape[] {
  return [...expectedWeights(arch)].map(([name, { shape, role }]) => ({ name, shape, role }));
}
