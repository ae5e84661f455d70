/**
 * From an unpickled snapshot, take `G_ema`: every parameter and buffer under its official state-dict
 * name, and the `ModelArchitecture` read from module attributes and the resolved experiment config.
 * Nothing is hard-coded to a resolution, width or dataset.
 */
import type { ModelArchitecture, SynthesisBlockConfig } from '../model';
import { ConvertError } from './errors';
import { imageGeneratorError } from './identify-snapshot';
import { PersistentObject } from './known-globals';
import { configGet, configNumber, resolveConfig, type Json } from './omegaconf';
import { PyObject } from './py-values';
import { TorchTensor } from './torch-storage';

export interface NamedTensor {
  /** Official state-dict name, e.g. `synthesis.b4.conv1.weight`. */
  name: string;
  tensor: TorchTensor;
}

export interface ExtractedGenerator {
  architecture: ModelArchitecture;
  tensors: NamedTensor[];
  /** The generator's resolved config (`model.generator`), when the snapshot has one. */
  generatorConfig: Json | undefined;
  /** The whole resolved experiment config. */
  experimentConfig: Json | undefined;
}

type State = Map<unknown, unknown>;

/** A module's `__dict__`: from a persistent object's meta, or from a plain torch.nn module record. */
function moduleState(v: unknown): State | undefined {
  if (v instanceof PersistentObject) return v.state;
  if (v instanceof PyObject && v.state instanceof Map) return v.state;
  if (v instanceof PyObject && Array.isArray(v.state) && v.state[0] instanceof Map) return v.state[0] as State;
  return undefined;
}

function children(state: State): Array<[string, State]> {
  const mods = state.get('_modules');
  const out: Array<[string, State]> = [];
  if (!(mods instanceof Map)) return out;
  for (const [k, v] of mods) {
    if (v == null) continue;
    const st = moduleState(v);
    if (!st) throw new ConvertError(`submodule ${String(k)} is not a module record`, 'unsupported-architecture', String(k));
    out.push([String(k), st]);
  }
  return out;
}

function child(state: State | undefined, key: string): State | undefined {
  if (!state) return undefined;
  const mods = state.get('_modules');
  return mods instanceof Map ? moduleState(mods.get(key)) : undefined;
}

function tensorIn(state: State | undefined, key: string): TorchTensor | undefined {
  if (!state) return undefined;
  for (const slot of ['_parameters', '_buffers']) {
    const m = state.get(slot);
    if (m instanceof Map) {
      const t = m.get(key);
      if (t instanceof TorchTensor) return t;
    }
  }
  return undefined;
}

/** Most modules visited while collecting tensors (shared sub-modules are visited once per path). */
const MAX_MODULE_VISITS = 100_000;

/** Every parameter and buffer under `state`, in state-dict order (own params, own buffers, then children). */
export function collectTensors(state: State, prefix = '', out: NamedTensor[] = [], depth = 0, budget = { visits: MAX_MODULE_VISITS }): NamedTensor[] {
  if (depth > 64) throw new ConvertError('module nesting is too deep', 'unsupported-architecture', prefix);
  if (--budget.visits < 0) throw new ConvertError(`G_ema has more than ${MAX_MODULE_VISITS} modules`, 'unsupported-architecture', prefix);
  for (const slot of ['_parameters', '_buffers']) {
    const m = state.get(slot);
    if (!(m instanceof Map)) continue;
    for (const [k, v] of m) {
      if (v == null) continue;
      if (!(v instanceof TorchTensor)) throw new ConvertError(`${prefix}${String(k)} is not a tensor`, 'bad-tensor', `${prefix}${String(k)}`);
      out.push({ name: `${prefix}${String(k)}`, tensor: v });
      if (out.length > MAX_MODULE_VISITS) throw new ConvertError(`G_ema has more than ${MAX_MODULE_VISITS} tensors`, 'unsupported-architecture', prefix);
    }
  }
  for (const [k, st] of children(state)) collectTensors(st, `${prefix}${k}.`, out, depth + 1, budget);
  return out;
}

function attr(state: State | undefined, key: string): unknown {
  return state?.get(key);
}

function requireInt(state: State | undefined, key: string, where: string): number {
  const v = attr(state, key);
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ConvertError(`${where}.${key} is missing from the snapshot`, 'unsupported-architecture', `${where}.${key}`);
  }
  return v;
}

function optNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Take G_ema out of an unpickled snapshot and describe it. */
export function extractGenerator(snapshot: unknown): ExtractedGenerator {
  const g = snapshot instanceof Map ? snapshot.get('G_ema') : undefined;
  const G = moduleState(g);
  if (!G) {
    throw new ConvertError(
      'the snapshot has no G_ema generator: expected a StyleGAN-V network-snapshot-*.pkl written by the official training loop',
      'missing-generator',
      'G_ema',
    );
  }
  if (!child(child(G, 'synthesis'), 'motion_encoder')) {
    const imageOnly = imageGeneratorError(G, child(G, 'synthesis'), child);
    if (imageOnly) throw imageOnly;
  }

  // ---- config
  const cfgNode = G.get('cfg');
  const resolved = cfgNode instanceof PyObject ? resolveConfig(cfgNode) : undefined;
  const gcfg = resolved && cfgNode ? resolved.at(cfgNode) : undefined;
  const root = resolved?.root;

  const strategy = configGet(gcfg, 'motion.gen_strategy');
  if (strategy !== undefined && strategy !== 'conv') {
    throw new ConvertError(
      `unsupported architecture: model.generator.motion.gen_strategy is ${JSON.stringify(strategy)}; only 'conv' is supported`,
      'unsupported-architecture',
      'model.generator.motion.gen_strategy',
    );
  }

  // ---- top level
  const zDim = requireInt(G, 'z_dim', 'G_ema');
  const cDim = requireInt(G, 'c_dim', 'G_ema');
  const wDim = requireInt(G, 'w_dim', 'G_ema');
  const imgResolution = requireInt(G, 'img_resolution', 'G_ema');
  const imgChannels = requireInt(G, 'img_channels', 'G_ema');

  // ---- mapping
  const mapping = child(G, 'mapping');
  if (!mapping) throw new ConvertError('G_ema has no mapping network', 'unsupported-architecture', 'mapping');
  const fc0 = child(mapping, 'fc0');
  const mappingLr = optNumber(attr(fc0, 'bias_gain')) ?? configNumber(configGet(gcfg, 'mapping_lr_multiplier')) ?? 0.01;

  // ---- synthesis and motion
  const synthesis = child(G, 'synthesis');
  if (!synthesis) throw new ConvertError('G_ema has no synthesis network', 'unsupported-architecture', 'synthesis');
  const numWs = optNumber(attr(G, 'num_ws')) ?? requireInt(synthesis, 'num_ws', 'G_ema.synthesis');

  const motionEncoder = child(synthesis, 'motion_encoder');
  if (!motionEncoder) {
    throw new ConvertError(
      'unsupported architecture: synthesis.motion_encoder is missing (model.generator.motion.gen_strategy must be conv)',
      'unsupported-architecture',
      'synthesis.motion_encoder',
    );
  }
  const convSeq = child(motionEncoder, 'conv');
  const convLayers = convSeq ? children(convSeq).filter(([k]) => /^\d+$/.test(k)) : [];
  const conv0 = convLayers[0]?.[1];
  const conv0w = tensorIn(conv0, 'weight');
  if (!conv0 || !conv0w || conv0w.shape.length !== 3) {
    throw new ConvertError(
      'unsupported architecture: the motion encoder has no conv1d layers (model.generator.motion.gen_strategy must be conv)',
      'unsupported-architecture',
      'synthesis.motion_encoder.conv',
    );
  }
  const timeEncoder = child(motionEncoder, 'time_encoder');
  const freqs = tensorIn(timeEncoder, 'freqs');
  if (!timeEncoder || !freqs) {
    throw new ConvertError(
      'unsupported architecture: the motion encoder has no aligned time encoder (freqs buffer)',
      'unsupported-architecture',
      'synthesis.motion_encoder.time_encoder',
    );
  }
  const lastConvW = tensorIn(convLayers[convLayers.length - 1]![1], 'weight')!;
  const codeDim = optNumber(attr(timeEncoder, 'latent_dim')) ?? lastConvW.shape[0]!;
  const motionZDistance =
    configNumber(configGet(gcfg, 'motion.motion_z_distance')) ?? configNumber(configGet(gcfg, 'time_enc.min_period_len'));
  if (motionZDistance === undefined) {
    throw new ConvertError(
      'model.generator.motion.motion_z_distance is missing from the snapshot config',
      'bad-config',
      'model.generator.motion.motion_z_distance',
    );
  }
  const kernelSize = conv0w.shape[2]!;
  const cfgKernel = configNumber(configGet(gcfg, 'motion.kernel_size'));
  if (cfgKernel !== undefined && cfgKernel !== kernelSize) {
    throw new ConvertError(
      `motion.kernel_size ${cfgKernel} disagrees with the conv weights (${kernelSize})`,
      'bad-config',
      'model.generator.motion.kernel_size',
    );
  }

  // ---- synthesis blocks
  const blocks: SynthesisBlockConfig[] = [];
  for (const [key, st] of children(synthesis)) {
    if (!/^b\d+$/.test(key)) continue;
    const architecture = attr(st, 'architecture');
    if (architecture !== undefined && architecture !== 'skip') {
      throw new ConvertError(
        `unsupported architecture: synthesis.${key}.architecture is ${JSON.stringify(architecture)}; only 'skip' is supported`,
        'unsupported-architecture',
        `synthesis.${key}.architecture`,
      );
    }
    const conv1w = tensorIn(child(st, 'conv1'), 'weight');
    if (!conv1w) throw new ConvertError(`synthesis.${key} has no conv1`, 'unsupported-architecture', `synthesis.${key}.conv1`);
    blocks.push({
      resolution: requireInt(st, 'resolution', `synthesis.${key}`),
      inChannels: requireInt(st, 'in_channels', `synthesis.${key}`),
      outChannels: conv1w.shape[0]!,
      numConv: requireInt(st, 'num_conv', `synthesis.${key}`),
      numToRgb: requireInt(st, 'num_torgb', `synthesis.${key}`),
      isLast: attr(st, 'is_last') === true,
    });
  }
  if (blocks.length === 0) throw new ConvertError('the synthesis network has no blocks', 'unsupported-architecture', 'synthesis');
  const first = child(synthesis, `b${blocks[0]!.resolution}`);
  const constTensor = tensorIn(child(child(first, 'input'), 'input'), 'const');
  if (!constTensor || constTensor.shape.length !== 4) {
    throw new ConvertError(
      `unsupported architecture: the ${blocks[0]!.resolution}x${blocks[0]!.resolution} block has no temporal const input (model.generator.input.type must be temporal)`,
      'unsupported-architecture',
      'model.generator.input.type',
    );
  }
  const firstLayer = child(first, 'conv1');
  const clamp = attr(firstLayer, 'conv_clamp');
  const convClamp = typeof clamp === 'number' ? clamp : null;

  const tensors = collectTensors(G);
  const useNoise = tensors.some((t) => /\.(noise_strength|noise_const)$/.test(t.name));

  const fps = configNumber(configGet(root, 'dataset.fps')) ?? configNumber(configGet(root, 'sampling.fps')) ?? 25;
  const samplingDict = G.get('sampling_dict');
  const maxNumFrames =
    configNumber(configGet(root, 'dataset.max_num_frames')) ??
    configNumber(configGet(root, 'sampling.max_num_frames')) ??
    configNumber(configGet(gcfg, 'sampling.max_num_frames')) ??
    (samplingDict instanceof Map ? optNumber(samplingDict.get('max_num_frames')) : undefined) ??
    1024;

  const architecture: ModelArchitecture = {
    zDim,
    cDim,
    wDim,
    numWs,
    imgResolution,
    imgChannels,
    mapping: {
      numLayers: requireInt(mapping, 'num_layers', 'mapping'),
      lrMultiplier: mappingLr,
      wAvgBeta: optNumber(attr(mapping, 'w_avg_beta')) ?? 0.995,
    },
    motion: {
      zDim: conv0w.shape[1]! - cDim,
      codeDim,
      kernelSize,
      numConvLayers: convLayers.length,
      lrMultiplier: optNumber(attr(conv0, 'bias_gain')) ?? 0.01,
      motionZDistance,
      timeEncDim: freqs.shape[freqs.shape.length - 1]!,
      numAdditionalCodes: requireInt(motionEncoder, 'num_additional_codes', 'synthesis.motion_encoder'),
    },
    synthesis: {
      architecture: 'skip',
      blocks,
      constChannels: constTensor.shape[1]!,
      convClamp,
      useNoise,
    },
    fps,
    maxNumFrames,
  };
  return { architecture, tensors, generatorConfig: gcfg, experimentConfig: root };
}
