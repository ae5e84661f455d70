/**
 * Class 10: a wrong model, silently. Each official module reads its own `cfg`; a crafted snapshot gives a
 * module a config that disagrees with G_ema's on a setting the generator uses (the motion encoder's code
 * distance or kernel, a synthesis layer's noise switch, the synthesis network's motion conditioning), or asks
 * for a conditioning the engine does not implement. Each must be refused, naming the setting.
 */
import { type ConfigJson, omegaConf } from '../pickle-torch';
import { experimentConfig, type SyntheticSpec, syntheticSnapshotBytes, TINY_SPEC } from '../synthetic-snapshot';
import type { PickleCase } from './cases';

const SMALL: SyntheticSpec = { ...TINY_SPEC, resolution: 8, channelMax: 4, discriminatorBytes: 1, adam: 'none' };

type Config = { [k: string]: ConfigJson };

/** The experiment config with `model.generator.<path>` set to `value`. */
function withGenerator(path: string, value: ConfigJson): Config {
  const config = structuredClone(experimentConfig(SMALL)) as Config;
  let node = (config.model as Config).generator as Config;
  const keys = path.split('.');
  for (const k of keys.slice(0, -1)) node = node[k] as Config;
  node[keys[keys.length - 1]!] = value;
  return config;
}

const DISAGREEMENTS: Array<[className: string, setting: string, value: ConfigJson]> = [
  ['MotionMappingNetwork', 'motion.motion_z_distance', 4],
  ['MotionMappingNetwork', 'motion.motion_z_distance', 16],
  ['MotionMappingNetwork', 'time_enc.min_period_len', 2],
  ['MotionMappingNetwork', 'motion.kernel_size', 5],
  ['MotionMappingNetwork', 'motion.gen_strategy', 'autoregressive'],
  ['MotionMappingNetwork', 'motion.fourier', false],
  ['MotionMappingNetwork', 'motion.v_dim', 3],
  ['SynthesisNetwork', 'time_enc.cond_type', 'sum_w'],
  ['SynthesisNetwork', 'input.type', 'const'],
  ['SynthesisLayer', 'use_noise', true],
  ['SynthesisLayer', 'use_noise', 'true'],
];

export function* class10Cases(): Generator<PickleCase> {
  for (const [className, setting, value] of DISAGREEMENTS) {
    const other = omegaConf(withGenerator(setting, value));
    yield {
      kind: 'pickle',
      name: `${className}.cfg with ${setting} = ${JSON.stringify(value)}`,
      bytes: syntheticSnapshotBytes({ ...SMALL, attrOverrides: { [className]: { cfg: other.at('model.generator') } } })
        .bytes,
      // The first setting read that differs is named (a min_period_len shows up in motion_z_distance).
      message: /^the snapshot's configs disagree: \S+\.cfg has model\.generator\.[\w.]+ = .*but G_ema\.cfg has/,
    };
  }
  for (const condType of ['sum_w', 'concat_w', 'none']) {
    const config = omegaConf(withGenerator('time_enc.cond_type', condType));
    yield {
      kind: 'pickle',
      name: `every cfg with time_enc.cond_type = ${condType}`,
      bytes: syntheticSnapshotBytes({ ...SMALL, configOverride: config }).bytes,
      message: /^unsupported architecture: model\.generator\.time_enc\.cond_type is/,
    };
  }
  const noisy = omegaConf(withGenerator('use_noise', true));
  yield {
    kind: 'pickle',
    name: 'use_noise on in every cfg, but no noise tensors',
    bytes: syntheticSnapshotBytes({ ...SMALL, configOverride: noisy }).bytes,
    message:
      /^the snapshot's setting model\.generator\.use_noise is true, but the synthesis layers have no noise tensors/,
  };
}
