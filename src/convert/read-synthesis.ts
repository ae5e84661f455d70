/** The official SynthesisNetwork (`G_ema.synthesis`): its blocks, the temporal const input, clamp and noise. */

import type { SynthesisBlockConfig, SynthesisConfig } from '../model';
import { quoteText } from '../util';
import { ConvertError } from './errors';
import { attr, child, children, type State, setting, tensorIn } from './module-tree';

function readBlock(key: string, block: State): SynthesisBlockConfig {
  const architecture = attr(block, 'architecture');
  if (architecture !== undefined && architecture !== 'skip') {
    throw new ConvertError(
      `unsupported architecture: synthesis.${key}.architecture is ${quoteText(String(architecture), 40)}; only 'skip' is supported`,
      'unsupported-architecture',
      `synthesis.${key}.architecture`,
    );
  }
  const conv1w = tensorIn(child(block, 'conv1'), 'weight');
  if (!conv1w)
    throw new ConvertError(`synthesis.${key} has no conv1`, 'unsupported-architecture', `synthesis.${key}.conv1`);
  const where = `synthesis.${key}`;
  return {
    resolution: setting(block, 'resolution', where) as number,
    inChannels: setting(block, 'in_channels', where) as number,
    outChannels: conv1w.shape[0] ?? 0,
    numConv: setting(block, 'num_conv', where) as number,
    numToRgb: setting(block, 'num_torgb', where) as number,
    isLast: attr(block, 'is_last') === true,
  };
}

/** `useNoise`: whether the collected tensors include noise (decided by the orchestrator). */
export function readSynthesis(synthesis: State, useNoise: boolean): SynthesisConfig {
  const blockStates = children(synthesis, 'synthesis.').filter(([key]) => /^b\d+$/.test(key));
  const blocks = blockStates.map(([key, block]) => readBlock(key, block));
  if (blocks.length === 0)
    throw new ConvertError('the synthesis network has no blocks', 'unsupported-architecture', 'synthesis');
  const first = blockStates[0]![1];
  const constTensor = tensorIn(child(child(first, 'input'), 'input'), 'const');
  if (constTensor?.shape.length !== 4) {
    throw new ConvertError(
      `unsupported architecture: the first synthesis block has no temporal const input (model.generator.input.type must be temporal)`,
      'unsupported-architecture',
      'model.generator.input.type',
    );
  }
  const clamp = attr(child(first, 'conv1'), 'conv_clamp');
  return {
    architecture: 'skip',
    blocks,
    constChannels: constTensor.shape[1]!,
    convClamp: clamp === undefined || clamp === null ? null : (clamp as number),
    useNoise,
  };
}
