/** The official MappingNetwork (`G_ema.mapping`): its settings, as found (checked with the others later). */
import type { MappingConfig } from '../model';
import { ConvertError } from './errors';
import { attr, child, optNumber, type State, setting } from './module-tree';
import { configGet, configNumber, type Json } from './omegaconf';

export function readMapping(G: State, generatorConfig: Json | undefined): MappingConfig {
  const mapping = child(G, 'mapping');
  if (!mapping) throw new ConvertError('G_ema has no mapping network', 'unsupported-architecture', 'mapping');
  const fc0 = child(mapping, 'fc0');
  const lrMultiplier =
    optNumber(attr(fc0, 'bias_gain')) ?? configNumber(configGet(generatorConfig, 'mapping_lr_multiplier')) ?? 0.01;
  return {
    numLayers: setting(mapping, 'num_layers', 'mapping') as number,
    lrMultiplier,
    wAvgBeta: (attr(mapping, 'w_avg_beta') ?? 0.995) as number,
  };
}
