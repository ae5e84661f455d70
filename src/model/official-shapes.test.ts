import { describe, expect, it } from 'vitest';
import { checkArchitecture } from './architecture-check';
import { checkWeightShapes, expectedWeights } from './expected-weights';
import type { ModelArchitecture } from './format';
import { ModelError } from './model-error';
import { PRESETS, presetArchitecture, weightShapes } from './presets';

const shapesOf = (arch: ModelArchitecture) => weightShapes(arch).map(({ name, shape }) => ({ name, shape }));

/** The official 256x256 preset with every size the official code lets differ made different. */
function sweptArchitecture(): ModelArchitecture {
  const arch = structuredClone(presetArchitecture({ resolution: 32, channelBase: 256, channelMax: 16, cDim: 5 }));
  arch.zDim = 44;
  arch.wDim = 25;
  arch.mapping.numLayers = 4;
  arch.motion = { ...arch.motion, zDim: 27, codeDim: 40, kernelSize: 7, numAdditionalCodes: 12, timeEncDim: 9 };
  return arch;
}

describe('the shape table follows the official constructors', () => {
  it.each(Object.keys(PRESETS) as (keyof typeof PRESETS)[])('the official preset %s passes every check', (name) => {
    for (const mappingLayers of [2, 8]) {
      const arch = structuredClone(presetArchitecture(PRESETS[name]));
      arch.mapping.numLayers = mappingLayers;
      expect(() => checkArchitecture(arch, 'snapshot')).not.toThrow();
      expect(() => checkWeightShapes(arch, shapesOf(arch), 'snapshot')).not.toThrow();
    }
  });

  it('motion encoder: conv1d (z_dim + c_dim -> z_dim), then (z_dim -> v_dim), as src/training/motion.py builds it', () => {
    const arch = sweptArchitecture();
    expect(() => checkArchitecture(arch, 'snapshot')).not.toThrow();
    const table = expectedWeights(arch);
    // Written out by hand from MotionMappingNetwork.__init__ (z_dim 27, c_dim 5, v_dim 40, kernel 7).
    expect(table.get('synthesis.motion_encoder.conv.0.weight')!.shape).toEqual([27, 32, 7]);
    expect(table.get('synthesis.motion_encoder.conv.0.bias')!.shape).toEqual([27]);
    expect(table.get('synthesis.motion_encoder.conv.1.weight')!.shape).toEqual([40, 27, 7]);
    expect(table.get('synthesis.motion_encoder.conv.1.bias')!.shape).toEqual([40]);
    expect(table.get('synthesis.motion_encoder.time_encoder.aligners_predictor.weight')!.shape).toEqual([18, 40]);
    // MappingNetwork: fc0 takes z_dim + embed_features (= w_dim) when c_dim > 0.
    expect(table.get('mapping.fc0.weight')!.shape).toEqual([25, 44 + 25]);
    expect(table.get('mapping.embed.weight')!.shape).toEqual([25, 5]);
    expect(() => checkWeightShapes(arch, shapesOf(arch), 'snapshot')).not.toThrow();
  });

  it('refuses the shapes the earlier table wrongly expected ([v_dim, z_dim + c_dim, k] first)', () => {
    const arch = sweptArchitecture();
    const wrong = shapesOf(arch).map((w) =>
      w.name === 'synthesis.motion_encoder.conv.0.weight' ? { ...w, shape: [40, 32, 7] } : w,
    );
    expect(() => checkWeightShapes(arch, wrong, 'snapshot')).toThrow(
      /conv\.0\.weight has shape \[40, 32, 7\].*need \[27, 32, 7\]/,
    );
  });

  it('refuses settings the official constructors fix, naming them', () => {
    const cases: Array<[string, (a: ModelArchitecture) => void, RegExp]> = [
      [
        'three motion conv layers',
        (a) => {
          a.motion.numConvLayers = 3;
        },
        /conv \(layers\) is 3.*must be 2/,
      ],
      [
        'one motion conv layer',
        (a) => {
          a.motion.numConvLayers = 1;
        },
        /must be 2/,
      ],
      [
        'a motion lr multiplier of 0.02',
        (a) => {
          a.motion.lrMultiplier = 0.02;
        },
        /bias_gain is 0.02.*0.01/,
      ],
      [
        'extra codes not (k - 1) x 2',
        (a) => {
          a.motion.numAdditionalCodes = 20;
        },
        /num_additional_codes is 20.*12/,
      ],
      [
        'a const wider than the 4x4 block',
        (a) => {
          a.synthesis.constChannels += 1;
        },
        /const \(channels\).*4x4/,
      ],
    ];
    for (const [what, mutate, message] of cases) {
      const arch = sweptArchitecture();
      mutate(arch);
      let error: unknown;
      try {
        checkArchitecture(arch, 'snapshot');
      } catch (e) {
        error = e;
      }
      expect(error, what).toBeInstanceOf(ModelError);
      expect((error as Error).message, what).toMatch(message);
    }
  });
});
