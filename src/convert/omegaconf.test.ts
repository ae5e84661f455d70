import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOTS } from '../../test/support/fixtures';
import { omegaConf } from '../../test/support/pickle-torch';
import { pickleToBytes, tuple } from '../../test/support/pickle-writer';
import { MemoryByteSource } from './byte-source';
import { ConvertError } from './errors';
import { readSnapshot } from './index';
import { type PersistentObject, resolveKnownGlobal } from './known-globals';
import { configBool, configGet, configNumber, resolveConfig, resolveTree } from './omegaconf';
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

  it('reports circular interpolations', () => {
    expect(() => resolveTree({ a: '${b}', b: '${a}' })).toThrow(ConvertError);
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
