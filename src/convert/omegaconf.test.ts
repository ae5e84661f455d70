import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOTS } from '../../test/support/fixtures';
import { omegaConf } from '../../test/support/pickle-torch';
import { pickleToBytes, tuple } from '../../test/support/pickle-writer';
import { MemoryByteSource } from './byte-source';
import { readSnapshot } from './index';
import { type PersistentObject, resolveKnownGlobal } from './known-globals';
import {
  configBool,
  configGet,
  configNumber,
  type Json,
  MAX_INTERPOLATION_DEPTH,
  resolveConfig,
  resolveTree,
} from './omegaconf';
import { ParseBudget } from './parse-budget';
import { unpickleBytes } from './unpickle';

describe('resolveTree', () => {
  it('resolves absolute, relative, chained and string interpolations', () => {
    const cfg = resolveTree({
      dataset: { resolution: 64, name: 'sky_${dataset.resolution}', fps: 25 },
      sampling: { fps: '${dataset.fps}', self: '${.fps}', up: '${..dataset.name}' },
      model: {
        generator: { sampling: '${sampling}', motion: { d: '${model.generator.time_enc.min}' }, time_enc: { min: 32 } },
      },
      list: [1, '${dataset.resolution}'],
      env: { home: '${oc.env:HOME}', missing: '${nowhere.at_all}', escaped: '\\${dataset.fps}' },
    });
    expect(configGet(cfg, 'dataset.name')).toBe('sky_64');
    expect(configGet(cfg, 'sampling.fps')).toBe(25);
    expect(configGet(cfg, 'sampling.self')).toBe(25);
    expect(configGet(cfg, 'sampling.up')).toBe('sky_64');
    expect(configGet(cfg, 'model.generator.sampling')).toEqual({ fps: 25, self: 25, up: 'sky_64' });
    expect(configGet(cfg, 'model.generator.motion.d')).toBe(32);
    expect(configGet(cfg, 'list')).toEqual([1, 64]);
    expect(configGet(cfg, 'env')).toEqual({
      home: '${oc.env:HOME}',
      missing: '${nowhere.at_all}',
      escaped: '${dataset.fps}',
    });
  });

  it('reports circular interpolations, naming the loop', () => {
    expect(() => resolveTree({ a: '${b}', b: '${c}', c: '${a}' })).toThrow(
      /config interpolation \$\{b\} is circular \(b -> c -> a -> b\)/,
    );
    expect(() => resolveTree({ a: { x: '${.x}' } })).toThrow(/is circular \(a\.x -> a\.x\)/);
  });

  /** k0 -> k1 -> ... -> k<links> = 7, listed from the far end so that resolving k0 follows the whole chain. */
  const chain = (links: number) => {
    const cfg: Record<string, Json> = {};
    for (let i = 0; i < links; i++) cfg[`k${i}`] = `\${k${i + 1}}`;
    cfg[`k${links}`] = 7;
    return cfg;
  };

  it('follows a long acyclic chain, and calls a chain past the limit too long, not circular', () => {
    expect(configGet(resolveTree(chain(70)), 'k0')).toBe(7);
    expect(configGet(resolveTree(chain(MAX_INTERPOLATION_DEPTH)), 'k0')).toBe(7);
    let message = '';
    try {
      resolveTree(chain(MAX_INTERPOLATION_DEPTH + 5));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/chain of more than \d+ interpolations/);
    expect(message).not.toMatch(/circular/);
  });

  it('resolves each value once and charges the text interpolations produce', () => {
    const big = 'x'.repeat(100_000);
    const cfg: Record<string, Json> = { big, refs: Array.from({ length: 20_000 }, () => '${big}') };
    const budget = new ParseBudget(Infinity);
    const out = resolveTree(cfg, budget);
    expect((configGet(out, 'refs') as Json[]).length).toBe(20_000);
    // Whole-value references share the resolved value; nothing is copied or charged for them.
    expect(budget.spent).toBe(0);
    const strings = resolveTree({ big, refs: Array.from({ length: 100 }, () => 'a${big}') }, budget);
    expect((configGet(strings, 'refs') as string[])[0]!.length).toBe(100_001);
    expect(budget.spent).toBe(100 * 100_000);
    const small = ParseBudget.forFile(0);
    expect(() => resolveTree({ big, refs: Array.from({ length: 1000 }, () => 'a${big}') }, small)).toThrow(
      /config interpolation output/,
    );
  });

  it('reads numbers and booleans written as strings', () => {
    expect(configNumber('32')).toBe(32);
    expect(configNumber('x')).toBeUndefined();
    expect(configBool('true')).toBe(true);
    expect(configBool('False')).toBe(false);
  });
});

describe('resolveConfig on pickled DictConfigs', () => {
  it('finds the root through _parent and resolves a sub-config in place', () => {
    const conf = omegaConf({ a: { b: '${c.d}', e: [1, { f: '${.g}', g: 'x' }] }, c: { d: 7 } });
    const [root, sub] = unpickleBytes(pickleToBytes(tuple(conf.root, conf.at('a'))), {
      resolveGlobal: resolveKnownGlobal,
    }).value as unknown[];
    const resolved = resolveConfig(sub);
    expect(resolved.root).toEqual({ a: { b: 7, e: [1, { f: 'x', g: 'x' }] }, c: { d: 7 } });
    expect(resolved.at(sub)).toEqual({ b: 7, e: [1, { f: 'x', g: 'x' }] });
    expect(resolved.at(root)).toEqual(resolved.root);
  });

  it('sky64: motion_z_distance = ${model.generator.time_enc.min_period_len} = 32', async () => {
    const snap = (await readSnapshot(new MemoryByteSource(readFileSync(SNAPSHOTS.sky64)))).value as Map<
      string,
      unknown
    >;
    const g = snap.get('G_ema') as PersistentObject;
    const resolved = resolveConfig(g.state!.get('cfg'));
    const gen = resolved.at(g.state!.get('cfg'));
    expect(configGet(gen, 'motion.motion_z_distance')).toBe(32);
    expect(configGet(resolved.root, 'dataset.name')).toBe('sky_timelapse_64');
    expect(configGet(resolved.root, 'sampling.max_num_frames')).toBe(256);
  });
});
