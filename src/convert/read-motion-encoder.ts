/**
 * The official MotionMappingNetwork (`synthesis.motion_encoder`) with gen_strategy 'conv': EqLR conv1d
 * layers over motion codes, and the config's motion_z_distance.
 */
import type { MotionConfig } from '../model';
import { ConvertError } from './errors';
import { attr, child, children, optNumber, type State, setting, tensorIn } from './module-tree';
import { configGet, configNumber, type Json } from './omegaconf';
import { readTimeEncoder } from './read-time-encoder';

export function readMotionEncoder(synthesis: State, generatorConfig: Json | undefined, cDim: number): MotionConfig {
  const motionEncoder = child(synthesis, 'motion_encoder');
  if (!motionEncoder) {
    throw new ConvertError(
      'unsupported architecture: synthesis.motion_encoder is missing (model.generator.motion.gen_strategy must be conv)',
      'unsupported-architecture',
      'synthesis.motion_encoder',
    );
  }
  const convSeq = child(motionEncoder, 'conv');
  const convLayers = convSeq
    ? children(convSeq, 'synthesis.motion_encoder.conv.').filter(([k]) => /^\d+$/.test(k))
    : [];
  const conv0 = convLayers[0]?.[1];
  const conv0w = tensorIn(conv0, 'weight');
  if (!conv0 || !conv0w || conv0w.shape.length !== 3) {
    throw new ConvertError(
      'unsupported architecture: the motion encoder has no conv1d layers (model.generator.motion.gen_strategy must be conv)',
      'unsupported-architecture',
      'synthesis.motion_encoder.conv',
    );
  }
  const time = readTimeEncoder(motionEncoder);
  const lastConvW = tensorIn(convLayers[convLayers.length - 1]![1], 'weight');
  const motionZDistance =
    configNumber(configGet(generatorConfig, 'motion.motion_z_distance')) ??
    configNumber(configGet(generatorConfig, 'time_enc.min_period_len'));
  if (motionZDistance === undefined) {
    throw new ConvertError(
      'model.generator.motion.motion_z_distance is missing from the snapshot config',
      'bad-config',
      'model.generator.motion.motion_z_distance',
    );
  }
  const kernelSize = conv0w.shape[2]!;
  const cfgKernel = configNumber(configGet(generatorConfig, 'motion.kernel_size'));
  if (cfgKernel !== undefined && cfgKernel !== kernelSize) {
    throw new ConvertError(
      `the snapshot's setting model.generator.motion.kernel_size is ${cfgKernel}, but the conv weights have kernel size ${kernelSize} — the file is damaged or crafted`,
      'bad-config',
      'model.generator.motion.kernel_size',
    );
  }
  return {
    zDim: conv0w.shape[1]! - cDim,
    codeDim: time.codeDim ?? lastConvW?.shape[0] ?? 0,
    kernelSize,
    numConvLayers: convLayers.length,
    lrMultiplier: optNumber(attr(conv0, 'bias_gain')) ?? 0.01,
    motionZDistance,
    timeEncDim: time.timeEncDim,
    numAdditionalCodes: setting(motionEncoder, 'num_additional_codes', 'synthesis.motion_encoder') as number,
  };
}
