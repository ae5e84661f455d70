/**
 * From an unpickled snapshot, take `G_ema`: every parameter and buffer under its official state-dict
 * name, and the `ModelArchitecture` read from module attributes and the resolved experiment config, one
 * reader per official module. Every setting is then checked for type and range, and against the tensor
 * shapes it implies (src/model/architecture-check.ts, expected-weights.ts), before anything is built.
 */

import type { ModelArchitecture } from '../model';
import { checkArchitecture, checkWeightShapes } from '../model';
import { quoteText } from '../util';
import { ConvertError } from './errors';
import { imageGeneratorError } from './identify-snapshot';
import { ConfigReader, checkConfigsAgree } from './module-configs';
import { child, collectTensors, moduleState, type NamedTensor, optNumber, type State, setting } from './module-tree';
import { configBool, configGet, configNumber, type Json } from './omegaconf';
import type { ParseBudget } from './parse-budget';
import { readMapping } from './read-mapping';
import { readMotionEncoder } from './read-motion-encoder';
import { readSynthesis } from './read-synthesis';

export { collectTensors, type NamedTensor } from './module-tree';

export interface ExtractedGenerator {
  architecture: ModelArchitecture;
  tensors: NamedTensor[];
  /** The generator's resolved config (`model.generator`), when the snapshot has one. */
  generatorConfig: Json | undefined;
  /** The whole resolved experiment config. */
  experimentConfig: Json | undefined;
}

function generatorState(snapshot: unknown): State {
  const G = moduleState(snapshot instanceof Map ? snapshot.get('G_ema') : undefined);
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
  return G;
}

/** The experiment's dataset settings: training fps and clip length. */
function readDataset(G: State, root: Json | undefined, gcfg: Json | undefined): { fps: number; maxNumFrames: number } {
  const samplingDict = G.get('sampling_dict');
  const fps = configNumber(configGet(root, 'dataset.fps')) ?? configNumber(configGet(root, 'sampling.fps')) ?? 25;
  const maxNumFrames =
    configNumber(configGet(root, 'dataset.max_num_frames')) ??
    configNumber(configGet(root, 'sampling.max_num_frames')) ??
    configNumber(configGet(gcfg, 'sampling.max_num_frames')) ??
    (samplingDict instanceof Map ? optNumber(samplingDict.get('max_num_frames')) : undefined) ??
    1024;
  return { fps, maxNumFrames };
}

/** Take G_ema out of an unpickled snapshot, describe it and check the description against its tensors. */
export function extractGenerator(snapshot: unknown, budget?: ParseBudget): ExtractedGenerator {
  const G = generatorState(snapshot);
  const configs = new ConfigReader(budget);
  const resolved = configs.resolve(G);
  const gcfg = resolved?.config;
  checkConfigsAgree(G, gcfg, configs);
  const strategy = configGet(gcfg, 'motion.gen_strategy');
  if (strategy !== undefined && strategy !== 'conv') {
    throw new ConvertError(
      `unsupported architecture: model.generator.motion.gen_strategy is ${quoteText(String(strategy), 40)}; only 'conv' is supported`,
      'unsupported-architecture',
      'model.generator.motion.gen_strategy',
    );
  }
  // src/training/networks.py, SynthesisNetwork: 'concat_w' and 'sum_w' feed motion through ws instead.
  const condType = configGet(gcfg, 'time_enc.cond_type');
  if (condType !== undefined && condType !== 'concat_const') {
    throw new ConvertError(
      `unsupported architecture: model.generator.time_enc.cond_type is ${quoteText(String(condType), 40)}; only 'concat_const' is supported`,
      'unsupported-architecture',
      'model.generator.time_enc.cond_type',
    );
  }
  const synthesis = child(G, 'synthesis');
  if (!synthesis) throw new ConvertError('G_ema has no synthesis network', 'unsupported-architecture', 'synthesis');
  const cDim = setting(G, 'c_dim', 'G_ema') as number;
  const tensors = collectTensors(G);
  const useNoise = tensors.some((t) => /\.(noise_strength|noise_const)$/.test(t.name));
  const cfgNoise = configBool(configGet(gcfg, 'use_noise'));
  if (cfgNoise !== undefined && cfgNoise !== useNoise) {
    throw new ConvertError(
      `the snapshot's setting model.generator.use_noise is ${cfgNoise}, but the synthesis layers ${useNoise ? 'have' : 'have no'} noise tensors — the file is damaged or crafted`,
      'bad-config',
      'model.generator.use_noise',
    );
  }
  const architecture: ModelArchitecture = {
    zDim: setting(G, 'z_dim', 'G_ema') as number,
    cDim,
    wDim: setting(G, 'w_dim', 'G_ema') as number,
    numWs: (G.get('num_ws') ?? setting(synthesis, 'num_ws', 'G_ema.synthesis')) as number,
    imgResolution: setting(G, 'img_resolution', 'G_ema') as number,
    imgChannels: setting(G, 'img_channels', 'G_ema') as number,
    mapping: readMapping(G, gcfg),
    // A c_dim out of range is named by the check below, not turned into a negative motion code size first.
    motion: readMotionEncoder(synthesis, gcfg, typeof cDim === 'number' && Number.isFinite(cDim) ? cDim : 0),
    synthesis: readSynthesis(synthesis, useNoise),
    ...readDataset(G, resolved?.root, gcfg),
  };
  checkArchitecture(architecture, 'snapshot');
  checkWeightShapes(
    architecture,
    tensors.map((t) => ({ name: t.name, shape: t.tensor.shape })),
    'snapshot',
  );
  return { architecture, tensors, generatorConfig: gcfg, experimentConfig: resolved?.root };
}
