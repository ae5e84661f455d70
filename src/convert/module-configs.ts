/**
 * Each official module reads its own `cfg` (an OmegaConf node), not G_ema's: the motion encoder its
 * `cfg.motion.*`, every synthesis layer its `cfg.use_noise`, the synthesis network its `cfg.time_enc.cond_type`.
 * In a real snapshot they are one object; a crafted one can give a module a config that disagrees with
 * G_ema's, and the converter would then build a different generator than Python runs. So every setting the
 * generator uses is read from the module that uses it and must agree with G_ema's config; a disagreement is
 * refused, naming both.
 */
import { ConvertError } from './errors';
import { child, children, type State } from './module-tree';
import { configGet, findConfigRoot, type Json, type ResolvedConfig, resolveConfig } from './omegaconf';
import type { ParseBudget } from './parse-budget';
import { PyObject } from './py-values';

/** Settings (under model.generator) each module reads from its own cfg. */
const READ_BY: Array<{ module: string; settings: string[] }> = [
  {
    module: 'synthesis.motion_encoder',
    settings: [
      'motion.motion_z_distance',
      'time_enc.min_period_len',
      'motion.kernel_size',
      'motion.gen_strategy',
      'motion.fourier',
      'motion.z_dim',
      'motion.v_dim',
    ],
  },
  { module: 'synthesis', settings: ['time_enc.cond_type', 'motion.v_dim', 'input.type'] },
];

/** The synthesis layers (and G_ema) read use_noise. */
const NOISE = 'use_noise';

/** Resolves config nodes, one resolution per root config however many modules point into it. */
export class ConfigReader {
  private readonly roots = new Map<unknown, ResolvedConfig>();
  constructor(private readonly budget?: ParseBudget) {}

  /** The resolved config of a module (its `cfg` attribute) and of the whole experiment, or undefined. */
  resolve(state: State | undefined): { config: Json | undefined; root: Json } | undefined {
    const node = state?.get('cfg');
    if (!(node instanceof PyObject)) return undefined;
    const rootNode = findConfigRoot(node);
    const known = this.roots.get(rootNode);
    if (known) return { config: known.at(node), root: known.root };
    if (this.roots.size >= MAX_ROOTS) {
      throw new ConvertError(
        `the snapshot's modules carry more than ${MAX_ROOTS} separate configs — the file is damaged or crafted`,
        'bad-config',
      );
    }
    const resolved = resolveConfig(node, this.budget);
    this.roots.set(rootNode, resolved);
    return { config: resolved.at(node), root: resolved.root };
  }

  /** The resolved config of a module, or undefined when it has none. */
  of(state: State | undefined): Json | undefined {
    return this.resolve(state)?.config;
  }
}

const MAX_ROOTS = 8;

const shown = (v: Json | undefined) => (v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 60));
const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);

function disagreement(setting: string, owner: string, ownValue: Json | undefined, gValue: Json | undefined): never {
  throw new ConvertError(
    `the snapshot's configs disagree: ${owner}.cfg has model.generator.${setting} = ${shown(ownValue)}, ` +
      `but G_ema.cfg has ${shown(gValue)} — the file is damaged or crafted`,
    'bad-config',
    `model.generator.${setting}`,
  );
}

/** Refuses when a module's own config disagrees with G_ema's on a setting the generator uses. */
export function checkConfigsAgree(G: State, generatorConfig: Json | undefined, reader: ConfigReader): void {
  const synthesis = child(G, 'synthesis');
  for (const { module, settings } of READ_BY) {
    const state = module === 'synthesis' ? synthesis : child(synthesis, module.split('.')[1]!);
    const own = reader.of(state);
    if (own === undefined || own === generatorConfig) continue;
    for (const setting of settings) {
      const mine = configGet(own, setting);
      const theirs = configGet(generatorConfig, setting);
      if (mine !== undefined && !same(mine, theirs)) disagreement(setting, module, mine, theirs);
    }
  }
  if (!synthesis) return;
  const gNoise = configGet(generatorConfig, NOISE);
  for (const [blockName, block] of children(synthesis, 'synthesis.')) {
    if (!/^b\d+$/.test(blockName)) continue;
    for (const [layerName, layer] of children(block, `synthesis.${blockName}.`)) {
      const own = reader.of(layer);
      const mine = own === undefined ? undefined : configGet(own, NOISE);
      if (mine !== undefined && !same(mine, gNoise)) {
        disagreement(NOISE, `synthesis.${blockName}.${layerName}`, mine, gNoise);
      }
    }
  }
}
