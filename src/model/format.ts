/**
 * The converted model folder: the single hand-off between the converter (src/convert) and the engine
 * (src/engine). `model.json` holds this architecture plus a TensorFlow.js `weightsManifest`; weights keep
 * the official state-dict names and layouts (PyTorch OIHW / [out, in]), raw, before any equalized-lr gain.
 */

export const MODEL_FORMAT = 'stylegan-v-studio/model@1';

export interface MappingConfig {
  numLayers: number;
  /** Equalized learning-rate multiplier of the mapping layers (0.01 officially). */
  lrMultiplier: number;
  wAvgBeta: number;
}

export interface MotionConfig {
  /** Dimension of each motion noise code motion_z[k] (before the one-hot class is appended). */
  zDim: number;
  /** Dimension of the trajectory codes u[k] (AlignedTimeEncoder latent_dim). */
  codeDim: number;
  kernelSize: number;
  /** Number of EqLR conv1d layers in the motion encoder (2 officially). */
  numConvLayers: number;
  lrMultiplier: number;
  /** Time between two consecutive motion codes, in frames, after resolving `${...}` interpolations. */
  motionZDistance: number;
  /** time_enc.dim: number of frequencies; motion_v has 2 * timeEncDim features. */
  timeEncDim: number;
  /** Codes the official sampler draws beyond the video's span. */
  numAdditionalCodes: number;
}

export interface SynthesisBlockConfig {
  resolution: number;
  /** 0 for the 4x4 block, whose input is const ++ motion_v. */
  inChannels: number;
  outChannels: number;
  numConv: number;
  numToRgb: number;
  isLast: boolean;
}

export interface SynthesisConfig {
  architecture: 'skip';
  blocks: SynthesisBlockConfig[];
  /** Channels of the learned 4x4 const (the motion_v channels are concatenated to it). */
  constChannels: number;
  /** Clamp of conv outputs; null means no clamp. */
  convClamp: number | null;
  useNoise: boolean;
}

export interface ModelArchitecture {
  zDim: number;
  cDim: number;
  wDim: number;
  numWs: number;
  imgResolution: number;
  imgChannels: number;
  mapping: MappingConfig;
  motion: MotionConfig;
  synthesis: SynthesisConfig;
  /** Training fps of the dataset (the unit of t is one training frame). */
  fps: number;
  maxNumFrames: number;
}

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'float16' };
}

export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightEntry[];
}

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  name: string;
  description?: string;
  architecture: ModelArchitecture;
  /** Provenance: the snapshot file name, its size and what wrote the model. */
  source?: { file: string; bytes: number; convertedWith: string; convertedAt?: string };
  weightsManifest: WeightsManifestGroup[];
}

/** One entry of public/models/index.json. */
export interface ModelIndexEntry {
  id: string;
  name: string;
  /** model.json of the model, relative to index.json. */
  path: string;
  resolution: number;
  cDim: number;
  default?: boolean;
  description?: string;
}

export interface ModelIndex {
  models: ModelIndexEntry[];
}
